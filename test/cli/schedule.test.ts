import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { checkArguments, cmdArg, folderAcl, instructions, SCHTASKS_TR_MAX, schtasksOneLine, schtasksXmlCommand, taskXml, validatePlan, type SchedulePlan } from '../../src/cli/schedule.js';
import { installed, suiteName } from '../helpers/requires.js';

const exec = promisify(execFile);
const XSD = 'test/fixtures/task-scheduler/task-scheduler.xsd';
const XMLLINT = '/usr/bin/xmllint';
const HAS_XMLLINT = installed(`xmllint (${XMLLINT})`, existsSync(XMLLINT), 'libxml2-utils');
const tmp = mkdtempSync(join(tmpdir(), 'ndes-doctor-schedule-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const plan = (over: Partial<SchedulePlan> = {}): SchedulePlan =>
  validatePlan({
    program: { command: 'C:\\Tools\\ndes-doctor.exe', prefix: [] },
    folder: 'C:\\ProgramData\\ndes-doctor',
    keep: 30,
    time: '02:00',
    taskName: '\\ndes-doctor\\Daily health check',
    eventLog: false,
    startDate: '2026-05-01',
    ...over,
  });

const VARIANTS: [string, SchedulePlan][] = [
  ['SYSTEM, defaults', plan()],
  ['an account, node.exe with the npm script, prometheus and events', plan({
    program: { command: 'C:\\Program Files\\nodejs\\node.exe', prefix: ['C:\\Program Files\\nodejs\\node_modules\\ndes-doctor\\bin\\ndes-doctor.js'] },
    user: 'CONTOSO\\svc-ndes$',
    prometheus: 'C:\\Program Files\\windows_exporter\\textfile_inputs\\ndes-doctor.prom',
    eventLog: true,
    time: '23:45',
    keep: 7,
  })],
  ['a folder with non-ASCII characters and a trailing backslash', plan({ folder: 'D:\\Überwachung & Co\\ndes\\' })],
  ['characters XML 1.0 holds only as references, past U+FFFF too', plan({ folder: 'C:\\Überwachung\\\u{1F600}\uFFFD\uE000', user: 'CONTOSO\\José' })],
];

/** Validates against Microsoft's schema; the file is written with the given bytes, as a shell would save it. */
function xmllint(bytes: Buffer): { code: number; output: string } {
  const file = join(tmp, `task-${Math.random().toString(16).slice(2)}.xml`);
  writeFileSync(file, bytes);
  const r = spawnSync(XMLLINT, ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
  return { code: r.status ?? -1, output: r.stderr };
}

/** How the Microsoft C runtime splits a command line (the 2n backslash rules), as the started program sees it. */
function windowsArgv(line: string): string[] {
  const out: string[] = [];
  let arg = '';
  let quoted = false;
  let any = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\') {
      let n = 0;
      while (line[i] === '\\') n++, i++;
      if (line[i] === '"') {
        arg += '\\'.repeat(Math.floor(n / 2));
        if (n % 2) arg += '"';
        else quoted = !quoted;
        any = true;
      } else {
        arg += '\\'.repeat(n);
        i--;
      }
    } else if (ch === '"') {
      quoted = !quoted;
      any = true;
    } else if (/\s/.test(ch) && !quoted) {
      if (arg || any) out.push(arg);
      arg = '';
      any = false;
    } else {
      arg += ch;
    }
  }
  if (arg || any) out.push(arg);
  return out;
}

function oneLine(p: SchedulePlan): string {
  const one = schtasksOneLine(p);
  if (!('line' in one)) throw new Error(`no one-line form: ${one.none}`);
  return one.line;
}

/**
 * What cmd.exe makes of a typed line, after its parser's rules (phase 2 in "How does the Windows
 * Command Interpreter (CMD.EXE) parse scripts?", https://stackoverflow.com/a/4095133): every "
 * toggles quoting, backslash or not; outside quotes ^ takes the next character as text, and & | < >
 * end the command or redirect it. Gives the text of each part as cmd.exe passes it on, and the
 * operators between them. Phase 1, % expansion, is not modelled: the lines are checked to hold no %.
 */
function cmdParse(line: string): { parts: string[]; operators: string[] } {
  const parts = [''];
  const operators: string[] = [];
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '^') {
      parts[parts.length - 1] += line[++i] ?? '';
      continue;
    } else if (!quoted && /[&|<>]/.test(ch)) {
      operators.push(ch);
      parts.push('');
      continue;
    }
    parts[parts.length - 1] += ch;
  }
  return { parts, operators };
}

/** IF's and MD's arguments as cmd.exe splits them: at white space , ; = outside quotes (the token delimiters of the same answer). */
function cmdTokens(text: string): string[] {
  return [...text.matchAll(/(?:"[^"]*"|[^\s,;="])+/g)].map((m) => m[0].replace(/"/g, ''));
}

const parse = (text: string) => new XMLParser({ ignoreAttributes: false, parseTagValue: false, processEntities: true, htmlEntities: true }).parse(text).Task;

describe.runIf(HAS_XMLLINT)(suiteName('schedule: Task Scheduler XML against Microsoft\'s schema', HAS_XMLLINT, 'libxml2-utils'), () => {
  it('xmllint refuses a task the schema does not allow (the check below is not hollow)', () => {
    const xml = taskXml(plan());
    expect(xmllint(Buffer.from(xml.replace(/ {2}<Actions[\s\S]*<\/Actions>\n/, '')))).toMatchObject({ code: 3 });
    expect(xmllint(Buffer.from(xml.replace('<Actions Context="Author">', '<Actions Context="Someone">'))).output).toMatch(/ContextKeyRef/);
    expect(xmllint(Buffer.from(xml.replace('HighestAvailable', 'Highest'))).code).not.toBe(0);
  });

  for (const [name, p] of VARIANTS) {
    it(`validates: ${name}, saved as UTF-8 by cmd.exe or as UTF-16LE by PowerShell 5`, () => {
      const xml = taskXml(p);
      expect(xmllint(Buffer.from(xml, 'utf8'))).toEqual({ code: 0, output: expect.stringMatching(/validates\n$/) });
      expect(xmllint(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]))).toEqual({ code: 0, output: expect.stringMatching(/validates\n$/) });
    });
  }
});

describe('taskXml', () => {
  it('is plain ASCII with no XML declaration, so any encoding a shell saves it in reads the same', () => {
    for (const [, p] of VARIANTS) {
      const xml = taskXml(p);
      expect(xml).toMatch(/^<Task version="1\.3" xmlns="http:\/\/schemas\.microsoft\.com\/windows\/2004\/02\/mit\/task">\n/);
      expect(xml).toMatch(/^[\x20-\x7e\n]*$/);
    }
    expect(parse(taskXml(VARIANTS[2]![1])).Actions.Exec.WorkingDirectory).toBe('D:\\Überwachung & Co\\ndes');
  });

  it('runs daily at the given time, elevated, as SYSTEM, with a time limit, and makes up a missed run', () => {
    const t = parse(taskXml(plan()));
    expect(t.Triggers.CalendarTrigger).toEqual({ StartBoundary: '2026-05-01T02:00:00', ScheduleByDay: { DaysInterval: '1' } });
    expect(t.Principals.Principal).toEqual({ '@_id': 'Author', UserId: 'S-1-5-18', RunLevel: 'HighestAvailable' });
    expect(t.Actions['@_Context']).toBe('Author');
    expect(t.Settings).toMatchObject({ ExecutionTimeLimit: 'PT30M', StartWhenAvailable: 'true', MultipleInstancesPolicy: 'IgnoreNew', DisallowStartIfOnBatteries: 'false' });
  });

  it('runs as a given account with a stored password, when asked', () => {
    const t = parse(taskXml(VARIANTS[1]![1]));
    expect(t.Principals.Principal).toEqual({ '@_id': 'Author', UserId: 'CONTOSO\\svc-ndes$', LogonType: 'Password', RunLevel: 'HighestAvailable' });
    expect(t.Triggers.CalendarTrigger.StartBoundary).toBe('2026-05-01T23:45:00');
  });

  it('starts the program with arguments that reach it intact through the Windows command line', () => {
    for (const [name, p] of VARIANTS) {
      const exec = parse(taskXml(p)).Actions.Exec;
      expect(windowsArgv(exec.Command), name).toEqual([p.program.command]);
      expect(windowsArgv(exec.Arguments), name).toEqual([...p.program.prefix, ...checkArguments(p)]);
      expect(exec.WorkingDirectory, name).not.toContain('"');
    }
    expect(checkArguments(VARIANTS[1]![1])).toEqual([
      'check', '--quiet', '--history', 'C:\\ProgramData\\ndes-doctor\\history', '--keep', '7',
      '-o', 'json=C:\\ProgramData\\ndes-doctor\\last-run.json', '-o', 'html=C:\\ProgramData\\ndes-doctor\\last-run.html',
      '-o', 'prometheus=C:\\Program Files\\windows_exporter\\textfile_inputs\\ndes-doctor.prom', '--force', '--event-log',
    ]);
  });
});

describe('schtasks commands', () => {
  it('registers the XML, asking for the account password only when an account is given', () => {
    expect(schtasksXmlCommand(plan(), 'C:\\ProgramData\\ndes-doctor\\ndes-doctor-task.xml')).toBe(
      'schtasks /Create /TN "\\ndes-doctor\\Daily health check" /XML C:\\ProgramData\\ndes-doctor\\ndes-doctor-task.xml /F',
    );
    expect(schtasksXmlCommand(VARIANTS[1]![1], 'C:\\t.xml')).toBe('schtasks /Create /TN "\\ndes-doctor\\Daily health check" /XML C:\\t.xml /RU CONTOSO\\svc-ndes$ /RP * /F');
  });

  it('gives the one-line form when /TR holds the command, with quotes escaped as schtasks reads them', () => {
    const line = oneLine(plan());
    expect(line).toMatch(/^schtasks \/Create \/TN "\\ndes-doctor\\Daily health check" \/TR "C:\\Tools\\ndes-doctor\.exe check --quiet .*" \/SC DAILY \/ST 02:00 \/RU SYSTEM \/RL HIGHEST \/F$/);
    const tr = windowsArgv(line)[windowsArgv(line).indexOf('/TR') + 1]!;
    expect(tr.length).toBeLessThanOrEqual(SCHTASKS_TR_MAX);
    expect(windowsArgv(tr)).toEqual(['C:\\Tools\\ndes-doctor.exe', ...checkArguments(plan())]);
    // A path with spaces is quoted inside /TR, and still splits back into the same arguments.
    const spaced = plan({ program: { command: 'C:\\Program Files\\ndes\\ndes-doctor.exe', prefix: [] }, folder: 'C:\\NDES reports' });
    const spacedTr = windowsArgv(oneLine(spaced))[windowsArgv(oneLine(spaced)).indexOf('/TR') + 1]!;
    expect(windowsArgv(spacedTr)).toEqual(['C:\\Program Files\\ndes\\ndes-doctor.exe', ...checkArguments(spaced)]);
  });

  it('gives no one-line form when the command is longer than /TR holds', () => {
    expect(schtasksOneLine(VARIANTS[1]![1])).toEqual({ none: `the command is longer than the ${SCHTASKS_TR_MAX} characters schtasks /TR holds` });
    expect(instructions(VARIANTS[1]![1], ['C:\\Program Files\\nodejs\\node.exe', 'C:\\x.js'])).toContain(`(No one-line form: the command is longer than the ${SCHTASKS_TR_MAX} characters schtasks /TR holds; use the XML.)`);
  });
});

describe('Command Prompt lines', () => {
  // Each value holds what cmd.exe acts on outside quotes: & | < > ^ ( ), and , ; = which split IF's and MD's arguments.
  const hostile = plan({
    program: { command: 'C:\\Tools & more (x86)\\ndes-doctor.exe', prefix: [] },
    folder: "C:\\R&D (1) a,b;c=d ^x!y'\\ndes",
    user: 'CONTOSO\\R&D-svc^(x)',
    taskName: '\\R&D\\check (daily) ^1',
    prometheus: 'C:\\m&m\\ndes.prom',
  });

  it('quotes an argument that holds a character cmd.exe acts on, and only then', () => {
    for (const arg of ['C:\\ProgramData\\ndes-doctor', 'CONTOSO\\svc-ndes$', 'svc@contoso.com', '\\\\fs01\\reports', '--folder', '02:00']) expect(cmdArg(arg)).toBe(arg);
    for (const ch of ['&', '|', '<', '>', '^', '(', ')', ',', ';', '=', ' ', '!', "'"]) expect(cmdArg(`C:\\a${ch}b`)).toBe(`"C:\\a${ch}b"`);
  });

  it('reach cmd.exe as one command each, and every value reaches its program intact', () => {
    const text = instructions(hostile, [hostile.program.command]);
    const head = text.slice(0, text.indexOf('The Task Scheduler XML'));
    const typed = head.split('\n').filter((l) => l.startsWith('  ')).map((l) => l.slice(2));
    const after = [...head.matchAll(/^(?:Run it now|See its result|Remove it): +(schtasks .*?)(?: {3}\(.*)?$/gm)].map((m) => m[1]!);
    expect(typed).toHaveLength(4);
    expect(after).toHaveLength(3);
    for (const line of [...typed, ...after]) expect(line).not.toContain('%');
    const { folder, user, taskName, prometheus } = hostile;
    const xmlPath = `${folder}\\ndes-doctor-task.xml`;
    const [ifMd, icacls, rerun, register] = typed as [string, string, string, string];

    expect(cmdParse(ifMd)).toEqual({ parts: [ifMd], operators: [] });
    expect(cmdTokens(ifMd)).toEqual(['if', 'not', 'exist', folder, 'md', folder]);
    expect(cmdParse(icacls).operators).toEqual([]);
    expect(windowsArgv(icacls)).toEqual(['icacls', folder, '/inheritance:r', '/grant:r', '*S-1-5-18:(OI)(CI)F', '/grant:r', '*S-1-5-32-544:(OI)(CI)F', '/grant:r', `${user}:(OI)(CI)M`]);
    const { parts, operators } = cmdParse(rerun);
    expect(operators).toEqual(['>']);
    expect(windowsArgv(parts[0]!)).toEqual([hostile.program.command, 'schedule', '--folder', folder, '--keep', '30', '--time', '02:00', '--user', user, '--prometheus', prometheus, '--xml']);
    expect(windowsArgv(parts[1]!)).toEqual([xmlPath]);
    expect(cmdParse(register).operators).toEqual([]);
    expect(windowsArgv(register)).toEqual(['schtasks', '/Create', '/TN', taskName, '/XML', xmlPath, '/RU', user, '/RP', '*', '/F']);
    for (const line of after) {
      expect(cmdParse(line).operators).toEqual([]);
      expect(windowsArgv(line).slice(2, 4)).toEqual(['/TN', taskName]);
    }
  });

  it('gives no one-line form when cmd.exe could act on a character between the inner quotes of /TR', () => {
    const none = { none: 'the command holds & | < > or ^, which Command Prompt could act on inside /TR' };
    for (const folder of ['C:\\R&D reports', 'C:\\R^D reports', 'C:\\R&D']) expect(schtasksOneLine(plan({ folder })), folder).toEqual(none);
    expect(instructions(hostile, [hostile.program.command])).toContain(`(No one-line form: ${none.none}; use the XML.)`);
    // Parentheses act only inside a ( ) block, which the line does not open.
    const spaced = plan({ program: { command: 'C:\\Program Files (x86)\\ndes\\ndes-doctor.exe', prefix: [] }, folder: 'C:\\NDES reports (daily)' });
    const line = oneLine(spaced);
    expect(cmdParse(line)).toEqual({ parts: [line], operators: [] });
    const tr = windowsArgv(line)[windowsArgv(line).indexOf('/TR') + 1]!;
    expect(windowsArgv(tr)).toEqual([spaced.program.command, ...checkArguments(spaced)]);
  });

  it('keeps a backslash before a closing quote as text, in the XML and in /TR', () => {
    const p = plan({ program: { command: 'C:\\My Tools\\', prefix: [] } });
    expect(windowsArgv(parse(taskXml(p)).Actions.Exec.Command)).toEqual(['C:\\My Tools\\']);
    const line = oneLine(p);
    const tr = windowsArgv(line)[windowsArgv(line).indexOf('/TR') + 1]!;
    expect(windowsArgv(tr)).toEqual(['C:\\My Tools\\', ...checkArguments(p)]);
  });
});

describe('folderAcl', () => {
  it('lets only SYSTEM, Administrators (by SID) and the task account write the report folder', () => {
    expect(folderAcl(plan())).toBe('icacls C:\\ProgramData\\ndes-doctor /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F /grant:r *S-1-5-32-544:(OI)(CI)F');
    expect(folderAcl(plan({ user: 'CONTOSO\\svc ndes', folder: 'D:\\NDES reports' }))).toBe(
      'icacls "D:\\NDES reports" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F /grant:r *S-1-5-32-544:(OI)(CI)F /grant:r "CONTOSO\\svc ndes:(OI)(CI)M"',
    );
  });
});

describe('validatePlan', () => {
  it('refuses what a task could not use', () => {
    expect(() => plan({ time: '24:00' })).toThrow('--time takes HH:MM in 24-hour time, e.g. 02:00; got "24:00".');
    expect(() => plan({ time: '2:00' })).toThrow(/--time takes HH:MM/);
    expect(() => plan({ folder: 'reports' })).toThrow(/--folder takes a full Windows path/);
    expect(() => plan({ folder: 'C:\\a"b' })).toThrow(/--folder: "C:\\a"b" holds a character Windows paths cannot have/);
    expect(() => plan({ prometheus: 'C:\\metrics\\ndes.txt' })).toThrow(/must end in \.prom/);
    expect(() => plan({ user: 'svc-ndes' })).toThrow('--user takes DOMAIN\\user or user@domain, without " / [ ] : ; | = , + * ? < >; got "svc-ndes". Leave it out to run as SYSTEM.');
    expect(plan({ user: 'svc-ndes@contoso.com' }).user).toBe('svc-ndes@contoso.com');
    expect(plan({ folder: '\\\\fs01\\reports\\ndes' }).folder).toBe('\\\\fs01\\reports\\ndes');
  });

  it('refuses a drive or share root as --folder, and a name Windows would drop or resolve', () => {
    for (const folder of ['C:\\', 'C:\\\\\\', 'C:\\/', '\\\\fs01\\reports', '\\\\fs01\\reports\\', '\\\\fs01\\reports\\\\\\']) {
      expect(() => plan({ folder }), folder).toThrow(
        `--folder: "${folder}" is the root of a drive or share; name a folder of its own, e.g. C:\\ProgramData\\ndes-doctor (the commands replace its permissions).`,
      );
    }
    for (const folder of ['C:\\.', 'C:\\ndes\\..', 'C:\\...', 'C:\\a\\..\\b', 'C:\\ndes\\ ', 'C:\\ndes.', 'C:\\ndes /']) {
      expect(() => plan({ folder }), folder).toThrow(`--folder: "${folder}" has a name ending in a dot or a space, or a . or .. (which Windows drops or resolves); give the folder's plain path.`);
    }
    // Trailing separators go, and the folder stays the same one.
    for (const [folder, kept] of [
      ['C:\\ndes\\', 'C:\\ndes'], ['C:\\ndes\\\\\\', 'C:\\ndes'], ['C:\\ndes/', 'C:\\ndes'], ['\\\\fs01\\reports\\ndes\\', '\\\\fs01\\reports\\ndes'],
      ['C:\\.ndes', 'C:\\.ndes'], ['C:\\a..b\\ndes', 'C:\\a..b\\ndes'], ['C:\\ndes doctor', 'C:\\ndes doctor'],
    ]) {
      expect(plan({ folder }).folder).toBe(kept);
    }
  });

  it('refuses characters XML 1.0 or a command line cannot hold, naming the code point', () => {
    const cases: [string, Partial<SchedulePlan>, string][] = [
      ['--user', { user: 'CONTOSO\\svc\u0001x' }, '0001'],
      ['--user', { user: 'CONTOSO\\a\nb' }, '000A'],
      ['--folder', { folder: 'C:\\a\uFFFF' }, 'FFFF'],
      ['--folder', { folder: 'C:\\a\uFFFE' }, 'FFFE'],
      ['--folder', { folder: 'C:\\a\uD800b' }, 'D800'],
      ['--task-name', { taskName: 'a\tb' }, '0009'],
      ['--program', { program: { command: 'C:\\x\u0085.exe', prefix: [] } }, '0085'],
      ['--prometheus', { prometheus: 'C:\\x\u001b.prom' }, '001B'],
    ];
    for (const [option, over, code] of cases) {
      expect(() => plan(over), code).toThrow(`${option} holds U+${code}, a control character or non-character, which the printed commands and the task's XML cannot carry.`);
    }
    // Characters XML 1.0 holds are kept, written as references (the XML is validated above).
    const p = VARIANTS[3]![1];
    expect(taskXml(p)).toContain('<WorkingDirectory>C:\\&#xDC;berwachung\\&#x1F600;&#xFFFD;&#xE000;</WorkingDirectory>');
    expect(parse(taskXml(p)).Actions.Exec.WorkingDirectory).toBe('C:\\Überwachung\\\u{1F600}\uFFFD\uE000');
  });

  it('refuses %, which Command Prompt and Task Scheduler expand as an environment variable', () => {
    const cases: [string, Partial<SchedulePlan>, string][] = [
      ['--folder', { folder: 'C:\\%TEMP%\\ndes' }, 'C:\\%TEMP%\\ndes'],
      ['--user', { user: 'CONTOSO\\100%svc' }, 'CONTOSO\\100%svc'],
      ['--task-name', { taskName: 'check %DATE%' }, 'check %DATE%'],
      ['--program', { program: { command: 'C:\\%x\\ndes-doctor.exe', prefix: [] } }, 'C:\\%x\\ndes-doctor.exe'],
      ['--prometheus', { prometheus: 'C:\\m%\\ndes.prom' }, 'C:\\m%\\ndes.prom'],
    ];
    for (const [option, over, value] of cases) {
      expect(() => plan(over), value).toThrow(`${option}: "${value}" holds %, which Command Prompt and Task Scheduler would expand as an environment variable (%NAME%); choose a value without it.`);
    }
  });

  it('takes a --task-name Task Scheduler can hold', () => {
    for (const taskName of ['My "NDES" check', '\\a\\\\b', '\\a\\..\\b', '\\ a', 'a:b', 'a/b', 'a|b', 'a*', 'a?', 'a<b>', '\\ndes\\', '']) {
      expect(() => plan({ taskName }), taskName).toThrow(
        `--task-name: "${taskName}" is not a Task Scheduler name: folder and task names, separated by one \\, neither empty, "..", nor starting with a space, and without : / " < > | ? *.`,
      );
    }
    for (const taskName of ['NDES check', '\\ndes-doctor\\Daily health check', 'ndes\\R&D check (daily)', 'a.b', "O'Brien ^1"]) expect(plan({ taskName }).taskName).toBe(taskName);
  });

  it('takes a --user Windows can name', () => {
    for (const user of ['CONTOSO\\a[1]', 'CONTOSO\\a:b', 'CONTOSO\\a,b', 'CONTOSO\\a;b', 'CONTOSO\\a=b', 'CONTOSO\\a+b', 'CONTOSO\\a/b', 'a\\b\\c', 'CONTOSO\\"a"', 'a b@contoso.com']) {
      expect(() => plan({ user }), user).toThrow(/^--user takes DOMAIN\\user or user@domain/);
    }
    for (const user of ['CONTOSO\\R&D-svc', 'CONTOSO\\svc ndes', 'CONTOSO\\svc-ndes$', "CONTOSO\\o'brien(x)^", 'svc-ndes@contoso.com']) expect(plan({ user }).user).toBe(user);
  });

  it('refuses a character Windows paths cannot have, : past the drive too', () => {
    for (const folder of ['C:\\a:b', 'C:\\a<b', 'C:\\a|b', 'C:\\a*']) expect(() => plan({ folder }), folder).toThrow(`--folder: "${folder}" holds a character Windows paths cannot have.`);
    expect(plan({ folder: 'C:\\a-b_c.d' }).folder).toBe('C:\\a-b_c.d');
  });
});

describe('ndes-doctor schedule', () => {
  async function cli(...args: string[]) {
    return exec(process.execPath, ['bin/ndes-doctor.js', 'schedule', ...args], { cwd: process.cwd() });
  }

  it('prints the install commands and the XML, installs nothing, and --xml prints the XML alone', async () => {
    const before = readdirSync('.');
    const all = await cli('--time', '06:30', '--keep', '14');
    const xml = await cli('--time', '06:30', '--keep', '14', '--xml');
    expect(readdirSync('.')).toEqual(before);
    expect(all.stdout).toMatch(/^ndes-doctor schedule: a daily health check at 06:30 as SYSTEM, with highest privileges\. Nothing has been installed\.\n/);
    expect(all.stdout).toContain('\n  icacls C:\\ProgramData\\ndes-doctor /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F /grant:r *S-1-5-32-544:(OI)(CI)F\n');
    expect(all.stdout).toContain('  C:\\Tools\\ndes-doctor.exe schedule --folder C:\\ProgramData\\ndes-doctor --keep 14 --time 06:30 --xml > C:\\ProgramData\\ndes-doctor\\ndes-doctor-task.xml\n');
    expect(all.stdout).toContain('  schtasks /Create /TN "\\ndes-doctor\\Daily health check" /XML C:\\ProgramData\\ndes-doctor\\ndes-doctor-task.xml /F\n');
    expect(all.stdout.endsWith(xml.stdout)).toBe(true);
    expect(parse(xml.stdout).Triggers.CalendarTrigger.StartBoundary).toMatch(/^\d{4}-\d\d-\d\dT06:30:00$/);
    expect(all.stderr).toBe('ndes-doctor: not on Windows: the task runs C:\\Tools\\ndes-doctor.exe; --program names another path.\n');
    expect(xml.stderr).toBe('');
  });

  it('refuses bad options with one line and exit 3', async () => {
    const r = await cli('--time', '7pm').catch((e: { code: number; stderr: string }) => e);
    expect(r).toMatchObject({ code: 3, stderr: 'ndes-doctor: --time takes HH:MM in 24-hour time, e.g. 02:00; got "7pm".\n' });
    const root = await cli('--folder', 'C:\\').catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect(root).toMatchObject({ code: 3, stdout: '', stderr: expect.stringMatching(/^ndes-doctor: --folder: "C:\\" is the root of a drive or share; [^\n]+\n$/) });
    const percent = await cli('--folder', 'C:\\%TEMP%').catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect(percent).toMatchObject({ code: 3, stdout: '', stderr: expect.stringMatching(/^ndes-doctor: --folder: "C:\\%TEMP%" holds %, [^\n]+\n$/) });
    for (const args of [['--user', 'CONTOSO\\a\nb'], ['--xml', '--user', 'CONTOSO\\svc\u0001x'], ['--xml', '--folder', 'C:\\a\uFFFF'], ['--task-name', 'My "NDES" check']]) {
      const refused = await cli(...args).catch((e: { code: number; stdout: string; stderr: string }) => e);
      expect(refused, args.join(' ')).toMatchObject({ code: 3, stdout: '', stderr: expect.stringMatching(/^ndes-doctor: [^\n]+\n$/) });
    }
  });

  it('the task\'s check arguments run as they are: reports, history and the exit code', async () => {
    // The arguments the task passes, on a Linux folder, with a bundle instead of this server.
    const folder = join(tmp, 'task');
    const args = checkArguments({ ...plan(), folder, prometheus: join(tmp, 'ndes.prom') });
    const run = await exec(process.execPath, ['bin/ndes-doctor.js', ...args, '--bundle', 'examples/broken']).catch((e: { code: number; stdout: string; stderr: string }) => e);
    // --quiet: nothing on stderr; the text report on stdout goes nowhere in a task.
    expect(run).toMatchObject({ code: 2, stderr: '' });
    expect(JSON.parse(readFileSync(`${folder}\\last-run.json`, 'utf8')).summary.exitCode).toBe(2);
    expect(readFileSync(`${folder}\\last-run.html`, 'utf8')).toMatch(/^<!doctype html>/);
    expect(readFileSync(join(tmp, 'ndes.prom'), 'utf8')).toContain('ndes_doctor_exit_code 2\n');
    expect(readdirSync(`${folder}\\history`).filter((f) => f.endsWith('.json'))).toHaveLength(1);
  });
});
