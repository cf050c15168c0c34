import { EVENT_SOURCE } from '../report/event-ids.js';
import { trimEnd } from '../parse/trim.js';
import { CliError } from './errors.js';

/** What `ndes-doctor schedule` sets up: a daily, elevated, non-interactive `check`. */
export interface SchedulePlan {
  /** The program the task starts (ndes-doctor.exe, node.exe, or an npm .cmd shim) and the arguments before `check`. */
  program: { command: string; prefix: string[] };
  folder: string;
  keep: number;
  /** HH:MM, local time of the server. */
  time: string;
  /** Undefined: SYSTEM. Otherwise DOMAIN\user, whose password schtasks asks for. */
  user?: string;
  taskName: string;
  eventLog: boolean;
  prometheus?: string;
  /** The day the trigger starts from (YYYY-MM-DD): the task runs daily at `time` from then on. */
  startDate: string;
}

/** S-1-5-18, LocalSystem: Task Scheduler's own form for SYSTEM in task XML. */
const SYSTEM_SID = 'S-1-5-18';
/** schtasks /TR holds at most this many characters. */
export const SCHTASKS_TR_MAX = 261;
/** The check's own deadline is 120 s by default; a task still running after this is stopped by Task Scheduler. */
const TIME_LIMIT = 'PT30M';

/** Checks the options a scheduled task must be able to use on Windows. */
export function validatePlan(plan: SchedulePlan): SchedulePlan {
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(plan.time)) throw new CliError(`--time takes HH:MM in 24-hour time, e.g. 02:00; got "${plan.time}".`);
  const values = [['--folder', plan.folder], ['--prometheus', plan.prometheus], ['--program', plan.program.command], ['--user', plan.user], ['--task-name', plan.taskName]] as const;
  for (const [option, value] of values) if (value !== undefined) refuseUnwritable(option, value);
  for (const [option, value] of values.slice(0, 3)) {
    if (value === undefined) continue;
    if (!PATH_ROOT.test(value)) throw new CliError(`${option} takes a full Windows path (C:\\... or \\\\server\\share\\...), which the task can use from any folder; got "${value}".`);
    if (/["<>|?*:]/.test(value.slice(2))) throw new CliError(`${option}: "${value}" holds a character Windows paths cannot have.`);
  }
  // The printed icacls resets the folder's permissions: a drive or share root would lose its own.
  const names = plan.folder.slice(PATH_ROOT.exec(plan.folder)![0].length).split(/[\\/]/).filter((name) => name !== '');
  if (names.length === 0) {
    throw new CliError(`--folder: "${plan.folder}" is the root of a drive or share; name a folder of its own, e.g. C:\\ProgramData\\ndes-doctor (the commands replace its permissions).`);
  }
  // Windows drops a name's trailing dots and spaces, and resolves . and ..: the commands would act on another folder.
  if (names.some((name) => /[. ]$/.test(name))) {
    throw new CliError(`--folder: "${plan.folder}" has a name ending in a dot or a space, or a . or .. (which Windows drops or resolves); give the folder's plain path.`);
  }
  if (plan.prometheus !== undefined && !plan.prometheus.toLowerCase().endsWith('.prom')) {
    throw new CliError(`--prometheus names the file windows_exporter's textfile collector reads, which must end in .prom; got "${plan.prometheus}".`);
  }
  if (plan.user !== undefined && !ACCOUNT.test(plan.user)) {
    throw new CliError(`--user takes DOMAIN\\user or user@domain, without " / [ ] : ; | = , + * ? < >; got "${plan.user}". Leave it out to run as SYSTEM.`);
  }
  // Task Scheduler's path names (MS-TSCH 2.3.11); each task is also a file under System32\Tasks.
  if (plan.taskName.replace(/^\\/, '').split('\\').some((name) => name === '' || name === '..' || name.startsWith(' ') || /[:/"<>|?*]/.test(name))) {
    throw new CliError(
      `--task-name: "${plan.taskName}" is not a Task Scheduler name: folder and task names, separated by one \\, neither empty, "..", nor starting with a space, and without : / " < > | ? *.`,
    );
  }
  // Tidier report paths: the root and every name are checked above, so this removes separators only.
  return { ...plan, folder: trimEnd(plan.folder, '\\/') };
}

/** C:\ or \\server\share: what a path must start with to mean the same folder from anywhere. */
const PATH_ROOT = /^[A-Za-z]:\\|^\\\\[^\\/]+\\[^\\/]+/;

/**
 * An account name holds none of " / \ [ ] : ; | = , + * ? < > (Microsoft, SAM-Account-Name attribute);
 * a user principal name no white space and one @.
 */
const ACCOUNT = /^[^"/\\[\]:;|=,+*?<>]+\\[^"/\\[\]:;|=,+*?<>]+$|^[^"/\\[\]:;|=,+*?<>@\s]+@[^"/\\[\]:;|=,+*?<>@\s]+$/;

/**
 * What no value may hold. Control characters would end a Command Prompt line or hide in it, and XML
 * 1.0 (section 2.2, Char) cannot hold C0 controls, U+FFFE, U+FFFF or lone surrogates even as &#x..;.
 * Command Prompt expands %NAME% even inside quotes, with no escape that works on a typed line, and
 * Task Scheduler expands it in the action's command, arguments and working folder.
 */
function refuseUnwritable(option: string, value: string): void {
  const bad = /[\u0000-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/u.exec(value);
  if (bad) {
    const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    throw new CliError(`${option} holds U+${code}, a control character or non-character, which the printed commands and the task's XML cannot carry.`);
  }
  if (value.includes('%')) {
    throw new CliError(`${option}: "${value}" holds %, which Command Prompt and Task Scheduler would expand as an environment variable (%NAME%); choose a value without it.`);
  }
}

/** The arguments of the scheduled `check`: reports into the folder, history with pruning, exit code for Task Scheduler. */
export function checkArguments(plan: SchedulePlan): string[] {
  const args = ['check', '--quiet', '--history', `${plan.folder}\\history`, '--keep', String(plan.keep)];
  args.push('-o', `json=${plan.folder}\\last-run.json`, '-o', `html=${plan.folder}\\last-run.html`);
  if (plan.prometheus) args.push('-o', `prometheus=${plan.prometheus}`);
  args.push('--force');
  if (plan.eventLog) args.push('--event-log');
  return args;
}

/**
 * One argument as the Microsoft C runtime splits a command line (validatePlan lets no value hold a
 * double quote). Backslashes before the closing quote are doubled, or they would escape it.
 */
export function quoteArg(arg: string): string {
  return arg === '' || /\s/.test(arg) ? quoted(arg) : arg;
}

/**
 * One argument on a line typed into Command Prompt: quoted unless it holds only characters that
 * neither cmd.exe (& | < > ^ act on the line, ( ) in a block; , ; = split IF's and MD's arguments)
 * nor the C runtime treats specially. Inside quotes cmd.exe reads them all as text; % is refused.
 */
export function cmdArg(arg: string): string {
  return /^[\w.:\\/$@+-]+$/.test(arg) ? arg : quoted(arg);
}

function quoted(arg: string): string {
  return `"${arg.replace(/\\+$/, '$&$&')}"`;
}

export function commandLine(args: readonly string[]): string {
  return args.map(quoteArg).join(' ');
}

function cmdLine(args: readonly string[]): string {
  return args.map(cmdArg).join(' ');
}

/** Task Scheduler XML, within Microsoft's published schema (version 1.3: Windows Server 2012 and later). */
export function taskXml(plan: SchedulePlan): string {
  const args = commandLine([...plan.program.prefix, ...checkArguments(plan)]);
  const principal = plan.user
    ? [`      <UserId>${xml(plan.user)}</UserId>`, '      <LogonType>Password</LogonType>']
    : [`      <UserId>${SYSTEM_SID}</UserId>`];
  const description =
    `Daily NDES health check by ndes-doctor. Reports: ${plan.folder}\\last-run.html and .json; the last ${plan.keep} runs in ${plan.folder}\\history. ` +
    'Last Run Result is the exit code: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.' +
    (plan.eventLog ? ` Writes an Application event (source ${EVENT_SOURCE}) when not OK.` : '');
  return [
    '<Task version="1.3" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">',
    '  <RegistrationInfo>',
    '    <Author>ndes-doctor</Author>',
    `    <Description>${xml(description)}</Description>`,
    '  </RegistrationInfo>',
    '  <Triggers>',
    '    <CalendarTrigger>',
    `      <StartBoundary>${plan.startDate}T${plan.time}:00</StartBoundary>`,
    '      <ScheduleByDay>',
    '        <DaysInterval>1</DaysInterval>',
    '      </ScheduleByDay>',
    '    </CalendarTrigger>',
    '  </Triggers>',
    '  <Principals>',
    '    <Principal id="Author">',
    ...principal,
    '      <RunLevel>HighestAvailable</RunLevel>',
    '    </Principal>',
    '  </Principals>',
    '  <Settings>',
    '    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>',
    '    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>',
    '    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>',
    '    <StartWhenAvailable>true</StartWhenAvailable>',
    '    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>',
    '    <AllowStartOnDemand>true</AllowStartOnDemand>',
    '    <Enabled>true</Enabled>',
    `    <ExecutionTimeLimit>${TIME_LIMIT}</ExecutionTimeLimit>`,
    '  </Settings>',
    '  <Actions Context="Author">',
    '    <Exec>',
    // Task Scheduler runs Command as a command line's first word (quoted when it has spaces); the working folder is never quoted.
    `      <Command>${xml(quoteArg(plan.program.command))}</Command>`,
    `      <Arguments>${xml(args)}</Arguments>`,
    `      <WorkingDirectory>${xml(plan.folder)}</WorkingDirectory>`,
    '    </Exec>',
    '  </Actions>',
    '</Task>',
    '',
  ].join('\n');
}

/**
 * Escapes markup, and writes every character past ASCII as a character reference: the file is
 * then the same whichever encoding the shell saves it in (cmd: UTF-8, PowerShell 5: UTF-16), and
 * it has no XML declaration that could contradict that encoding.
 */
function xml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`).replace(/[^\x20-\x7e]/gu, (c) => `&#x${c.codePointAt(0)!.toString(16).toUpperCase()};`);
}

/**
 * Reports describe the server's configuration, and the task reads its history back: only SYSTEM,
 * Administrators (by SID, so any Windows language) and the task's own account may write there, not
 * the Users that ProgramData lets create files.
 */
export function folderAcl(plan: SchedulePlan): string {
  const account = plan.user ? ` /grant:r ${cmdArg(`${plan.user}:(OI)(CI)M`)}` : '';
  return `icacls ${cmdArg(plan.folder)} /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F /grant:r *S-1-5-32-544:(OI)(CI)F${account}`;
}

/** `schtasks /Create` with the XML file; /RU and /RP for an account, whose password schtasks prompts for. */
export function schtasksXmlCommand(plan: SchedulePlan, xmlPath: string): string {
  const account = plan.user ? ` /RU ${cmdArg(plan.user)} /RP *` : '';
  return `schtasks /Create /TN ${cmdArg(plan.taskName)} /XML ${cmdArg(xmlPath)}${account} /F`;
}

/**
 * The same task in one schtasks line, or why there is none: the command does not fit in the 261
 * characters /TR holds, or holds a character cmd.exe would act on. Quotes inside /TR are written \"
 * as schtasks expects (with the backslashes before them doubled), but cmd.exe toggles its quoting at
 * every ", backslash or not: the parts between inner quotes are outside quotes to it.
 */
export function schtasksOneLine(plan: SchedulePlan): { line: string } | { none: string } {
  const run = commandLine([plan.program.command, ...plan.program.prefix, ...checkArguments(plan)]);
  if (run.length > SCHTASKS_TR_MAX) return { none: `the command is longer than the ${SCHTASKS_TR_MAX} characters schtasks /TR holds` };
  if (/[&|<>^]/.test(run)) return { none: 'the command holds & | < > or ^, which Command Prompt could act on inside /TR' };
  const account = plan.user ? `/RU ${cmdArg(plan.user)} /RP *` : '/RU SYSTEM';
  const tr = `"${run.replace(/(\\*)"/g, '$1$1\\"')}"`;
  return { line: `schtasks /Create /TN ${cmdArg(plan.taskName)} /TR ${tr} /SC DAILY /ST ${plan.time} ${account} /RL HIGHEST /F` };
}

/** What `schedule` prints: how to install the task from Command Prompt, how to check and remove it, then the XML. */
export function instructions(plan: SchedulePlan, invocation: readonly string[]): string {
  const xmlPath = `${plan.folder}\\ndes-doctor-task.xml`;
  const again = [...invocation, 'schedule', '--folder', plan.folder, '--keep', String(plan.keep), '--time', plan.time];
  if (plan.user) again.push('--user', plan.user);
  if (plan.prometheus) again.push('--prometheus', plan.prometheus);
  if (plan.eventLog) again.push('--event-log');
  const oneLine = schtasksOneLine(plan);
  const who = plan.user ? `as ${plan.user} (schtasks asks for its password)` : 'as SYSTEM';
  const writes = [
    `${plan.folder}\\last-run.html and last-run.json`,
    `the last ${plan.keep} runs (JSON and HTML) in ${plan.folder}\\history, each compared with the one before`,
    ...(plan.prometheus ? [`${plan.prometheus} for windows_exporter`] : []),
    ...(plan.eventLog ? [`an Application event (source ${EVENT_SOURCE}) when the verdict is not OK`] : []),
  ];
  const task = cmdArg(plan.taskName);
  return [
    `ndes-doctor schedule: a daily health check at ${plan.time} ${who}, with highest privileges. Nothing has been installed.`,
    'To install it, run these in Command Prompt (cmd.exe) started with "Run as administrator" on the NDES server:',
    '',
    `  if not exist ${cmdArg(plan.folder)} md ${cmdArg(plan.folder)}`,
    `  ${folderAcl(plan)}`,
    `  ${cmdLine([...again, '--xml'])} > ${cmdArg(xmlPath)}`,
    `  ${schtasksXmlCommand(plan, xmlPath)}`,
    '',
    ...('line' in oneLine
      ? [
          "Or in one line, without the XML file (Task Scheduler's defaults then apply: a missed run is not made up, and a hung run is stopped only after 72 hours):",
          '',
          `  ${oneLine.line}`,
        ]
      : [`(No one-line form: ${oneLine.none}; use the XML.)`]),
    '',
    `Each run writes ${writes.join('; ')}.`,
    `Run it now:      schtasks /Run /TN ${task}`,
    `See its result:  schtasks /Query /TN ${task} /V /FO LIST   (Last Result is the exit code: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN)`,
    `Remove it:       schtasks /Delete /TN ${task} /F`,
    '',
    'The Task Scheduler XML (--xml prints it alone):',
    '',
    taskXml(plan),
  ].join('\n');
}
