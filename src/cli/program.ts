import { Command, InvalidArgumentError, Option } from 'commander';
import { SEVERITIES } from '../engine/types.js';
import { PLATFORMS } from '../parse/scep-platforms.js';
import { FORMATS } from '../report/formats.js';
import { EVENT_SOURCE, EVENTS } from '../report/event-ids.js';
import { DEFAULT_KEEP, DEFAULT_SCHEDULE_FOLDER, DEFAULT_SCHEDULE_TIME, DEFAULT_TASK_NAME } from './monitoring-defaults.js';
import { TOOL_VERSION } from '../version.js';
import { writeStdout } from './stdout.js';

const EXIT_CODES = `
Exit codes (Monitoring Plugins convention; precedence 2 > 3 > 1 > 0):
  0  OK: every check passed or was skipped
  1  WARNING: warnings, or failures below --fail-on
  2  CRITICAL: a failure at or above --fail-on
  3  UNKNOWN: a check could not decide (error), or the run itself could not happen
     (bad arguments, unreadable bundle, live check off Windows)
  Several servers in one run (several --bundle, or --bundle with --url): the worst
  of their codes, in the same precedence; each server's own code is in the report.`;

const collectList = (value: string, previous: string[]) => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
const repeatable = (value: string, previous: string[]) => [...previous, value];
const count = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} takes a whole number, 1 or more.`);
  return n;
};
/** 24 hours: far beyond any real run, and within what Node timers can wait (about 24.8 days). */
export const MAX_SECONDS = 86_400;
const positiveNumber = (name: string, max?: number) => (value: string) => {
  const n = Number(value);
  // InvalidArgumentError makes commander report it as a usage error (exit 3), not an internal one.
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} takes a positive number.`);
  if (max !== undefined && n > max) throw new InvalidArgumentError(`${name} takes at most ${max} seconds (24 hours); got ${value}.`);
  return n;
};

/** Report format, files, redaction and exit-code options, shared by check and lint-profile. */
function addReportOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('-f, --format <format>', 'report format on stdout').choices(FORMATS).default('text'))
    .option('-o, --output <format=path>', 'also write a report file, e.g. json=report.json (repeatable)', repeatable, [])
    .option('--force', 'overwrite existing --output files; with -f html, write it to a terminal too', false)
    .option('--redact', 'also redact the report on stdout (--output files are redacted by default)')
    .option('--no-redact', 'write --output files without redaction')
    .option('--redact-hosts', 'also replace host and domain names by stable pseudonyms such as host-1.domain-1.example (implies --redact)', false)
    .option('--redact-users', 'also replace account names by stable pseudonyms such as DOMAIN-1\\user-1 (implies --redact)', false)
    .addOption(new Option('--fail-on <severity>', 'lowest severity of a failure that exits 2').choices(SEVERITIES).default('info'))
    .option('--exit-zero', 'always exit 0 (report-only runs); the report still shows the verdict and says the exit was forced', false);
}

const listAction = (json: boolean) => import('./commands/list.js').then((m) => writeStdout(m.listChecks(json))).then(() => 0);
const explainAction = (what: string, json: boolean) => import('./commands/explain.js').then((m) => writeStdout(m.explain(what, { json }))).then(() => 0);

/**
 * `list`, `list --json`, `explain <what>` or `explain <what> --json` (`--json` on either side), the
 * command lines typed most by hand, as the commander action they parse into, which then runs
 * without building and parsing the whole command line; undefined for every other command line.
 */
export function shortcut(argv: readonly string[]): (() => Promise<number>) | undefined {
  const [command, ...rest] = argv;
  const json = rest.includes('--json');
  const operands = rest.filter((a) => a !== '--json');
  if (rest.length - operands.length > 1) return undefined;
  if (command === 'list' && operands.length === 0) return () => listAction(json);
  const [what] = operands;
  if (command === 'explain' && operands.length === 1 && !what!.startsWith('-')) return () => explainAction(what!, json);
  return undefined;
}

/**
 * `run` receives each command's exit code; main.ts decides how the process ends. Commands are
 * imported when they run, so --help and --version never load the checks and their parsers.
 */
export function buildProgram(run: (code: Promise<number>) => void, argv: string[]): Command {
  const program = new Command('ndes-doctor')
    .description('Preflight and diagnose NDES servers that issue SCEP certificates through the Microsoft Intune Certificate Connector.')
    .version(`${TOOL_VERSION} (Node.js ${process.version}, ${process.platform} ${process.arch})`, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  ndes-doctor check                          check this NDES server (Windows, elevated prompt)
  ndes-doctor collect                        save a support bundle (zip) on the server
  ndes-doctor check --bundle ndes-bundle.zip analyse a bundle on any OS
  ndes-doctor lint-profile profile.json      check an Intune SCEP profile (Graph JSON or flags)
  ndes-doctor explain 0x00000411             what a connector code means and how to fix it
  ndes-doctor list                           every check with its id and slug
  ndes-doctor schedule                       print a daily Task Scheduler task (installs nothing)
${EXIT_CODES}`,
    );

  const check = program
    .command('check')
    .description('Run the checks: live on the Windows NDES server, or against a saved bundle on any OS.')
    .option('-b, --bundle <dir|zip>', 'analyse a bundle written by "ndes-doctor collect" instead of this server (repeatable: several bundles, or bundles and --url, give one report of all the servers)', repeatable, [])
    .option('--url <url>', 'probe this SCEP endpoint (host, or https://host/certsrv/mscep/mscep.dll) as a device would, from any OS (repeatable)', repeatable, [])
    .option('--targets <file>', 'probe every endpoint listed in this file (one URL or host per line, # comments)')
    .option('--ca-file <pem>', 'trust these CA certificates, in addition to the system roots, when verifying the endpoint TLS certificate')
    .option('--resolve <host=ip>', 'connect to this address for this host name, e.g. to probe one server behind a load balancer (repeatable)', repeatable, [])
    .option('--probe-enroll', 'also send a SCEP enrollment request with a dummy challenge, which the policy module must refuse (off by default: it leaves a failed request in the NDES logs)', false)
    .option('--save-bundle <dir|zip>', 'with --url: also save the probe recordings as a bundle for later analysis')
    .option('--only <ids>', 'run only these checks: ids, slugs or areas, comma-separated (repeatable)', collectList, [])
    .option('--skip <ids>', 'skip these checks: ids, slugs or areas, comma-separated (repeatable)', collectList, []);
  addReportOptions(check)
    .option('--timeout <seconds>', `deadline for the whole run (at most ${MAX_SECONDS})`, positiveNumber('--timeout', MAX_SECONDS), 120)
    .option('--check-timeout <seconds>', `time limit for each check (at most ${MAX_SECONDS})`, positiveNumber('--check-timeout', MAX_SECONDS), 30)
    .option('--concurrency <n>', 'checks run at once', positiveNumber('--concurrency'), 8)
    .option('--external-name <fqdn>', 'the name devices use to reach NDES, when it differs from the server name')
    .option('--since <duration|date>', 'live check: read event, IIS and HTTP.sys logs from this far back, e.g. 36h, 7d, 2w or 2026-11-01 (default 7d)')
    .option('--history <dir>', 'save each run (JSON and HTML) in this folder and show what changed since the previous one')
    .option('--keep <n>', `with --history: how many runs to keep (default ${DEFAULT_KEEP}); older ones are deleted`, count('--keep'))
    .option('--baseline <report.json>', 'show what changed since this saved JSON report (instead of the previous run in --history)')
    .option('--event-log', `on a WARNING, CRITICAL or UNKNOWN verdict, write one event to the Windows Application log (source ${EVENT_SOURCE}, IDs ${EVENTS.warning.id}/${EVENTS.critical.id}/${EVENTS.unknown.id}): the only change the tool ever makes to the system`, false)
    .option('-v, --verbose', 'list passed checks and show stack traces', false)
    .option('-q, --quiet', 'no progress or notes on stderr; the report only', false)
    .addHelpText(
      'after',
      `
Examples:
  ndes-doctor check                                   live check on the NDES server
  ndes-doctor check --bundle ./bundle --format json   analyse a bundle, JSON on stdout
  ndes-doctor check --url https://ndes.contoso.com    probe an NDES endpoint from any machine
  ndes-doctor check -b ndes1.zip -b ndes2.zip --url https://ndes3.contoso.com   one report of three servers
  ndes-doctor check --only iis,http-sys --verbose     two areas, passes listed too
  ndes-doctor check --skip NDES-IE-002 --fail-on high only high or critical failures exit 2
  ndes-doctor check -o html=ndes.html -o json=ndes.json --quiet   scheduled task: files + exit code
  ndes-doctor check --history C:\\ProgramData\\ndes-doctor\\history --keep 30 --quiet   compare each run with the last
  ndes-doctor check -o prometheus=C:\\textfile_inputs\\ndes.prom --force --quiet    windows_exporter textfile collector
${EXIT_CODES}`,
    )
    .action((opts) => run(import('./commands/check.js').then((m) => m.checkCommand(opts, argv))));

  const lint = program
    .command('lint-profile [file]')
    .description(
      'Check an Intune SCEP certificate profile for the mistakes the SCEP documentation warns about: from the JSON Microsoft Graph returns for it ' +
        '(deviceManagement/deviceConfigurations, a *ScepCertificateProfile; the file may hold a whole collection, or - for stdin), or from flags. Makes no Graph call.',
    )
    .option('--select <id|name>', 'the profile to check when the file holds several (its id or displayName)')
    .option('--platform <platform>', `with flags: ${Object.keys(PLATFORMS).join(', ')}`)
    .option('--cert-type <type>', 'with flags: user or device')
    .option('--subject <format>', 'with flags: subject name format, e.g. "CN={{UserName}},E={{EmailAddress}}"')
    .option('--san <attribute=value>', 'with flags: a subject alternative name, attribute email, upn, dns or uri (repeatable)', repeatable, [])
    .option('--validity <period>', 'with flags: certificate validity period, e.g. 1y, 6m, 90d')
    .option('--renewal-threshold <percent>', 'with flags: renewal threshold in %')
    .option('--scep-url <url>', 'with flags: a SCEP server URL (repeatable)', repeatable, [])
    .option('--key-usage <usages>', 'with flags: digital-signature, key-encipherment, or both comma-separated')
    .option('--key-size <bits>', 'with flags: 1024, 2048 or 4096')
    .option('--hash <algorithms>', 'with flags: sha1, sha2, or both comma-separated')
    .option('--eku <oid|name>', 'with flags: an extended key usage, an OID or client-auth, server-auth, code-signing, secure-email, smart-card-logon, any-purpose (repeatable)', repeatable, [])
    .option('-b, --bundle <dir|zip>', 'also check the profile against this NDES server bundle: template, MSCEP values, TLS certificate names')
    .option('--probe', "also probe each of the profile's SCEP URLs as check --url does, load-balancer affinity included (network access)", false)
    .option('--ca-file <pem>', 'with --probe: trust these CA certificates too when verifying the endpoint TLS certificate')
    .option('--resolve <host=ip>', 'with --probe: connect to this address for this host name (repeatable)', repeatable, [])
    .option('--only <ids>', 'run only these checks: ids, slugs or areas, comma-separated (repeatable)', collectList, [])
    .option('--skip <ids>', 'skip these checks: ids, slugs or areas, comma-separated (repeatable)', collectList, []);
  addReportOptions(lint)
    .option('--timeout <seconds>', 'deadline for the whole run', positiveNumber('--timeout'), 120)
    .option('-v, --verbose', 'list passed checks and show stack traces', false)
    .option('-q, --quiet', 'no progress or notes on stderr; the report only', false)
    .addHelpText(
      'after',
      `
Examples:
  ndes-doctor lint-profile scep-profile.json                 a profile saved from Graph
  ndes-doctor lint-profile all-configurations.json --select "Contoso Wi-Fi users"
  ndes-doctor lint-profile profile.json --bundle ndes-bundle.zip --probe   against the server, and probe its URLs
  ndes-doctor lint-profile --platform windows --cert-type user --subject "CN={{UserName}}" \\
      --san upn={{UserPrincipalName}} --san uri={{OnPremisesSecurityIdentifier}} --validity 1y \\
      --renewal-threshold 20 --key-usage digital-signature,key-encipherment --key-size 2048 \\
      --hash sha2 --eku client-auth --scep-url https://ndes.contoso.com/certsrv/mscep/mscep.dll
Get the JSON with Microsoft Graph, e.g.:
  GET https://graph.microsoft.com/beta/deviceManagement/deviceConfigurations/{id}
${EXIT_CODES}`,
    )
    .action((file: string | undefined, opts) => run(import('./commands/lint-profile.js').then((m) => m.lintProfileCommand(file, opts, argv))));

  program
    .command('schedule')
    .description('Print the schtasks command and Task Scheduler XML for a daily elevated check that keeps its reports; installs nothing.')
    .option('--folder <dir>', `where the task writes its reports (last-run.html, last-run.json, history\\) (default ${DEFAULT_SCHEDULE_FOLDER})`)
    .option('--keep <n>', `how many runs the history keeps (default ${DEFAULT_KEEP})`, count('--keep'))
    .option('--time <HH:MM>', `daily start time, server local time (default ${DEFAULT_SCHEDULE_TIME})`)
    .option('--user <account>', 'run as this account (DOMAIN\\user) instead of SYSTEM; schtasks asks for its password')
    .option('--task-name <name>', `the task's name in Task Scheduler (default "${DEFAULT_TASK_NAME}")`)
    .option('--program <path>', 'the ndes-doctor the task starts (default: the one running now)')
    .option('--prometheus <file.prom>', "also write metrics for windows_exporter's textfile collector to this file")
    .option('--event-log', `the task also writes an Application event (source ${EVENT_SOURCE}) when the verdict is not OK`, false)
    .option('--xml', 'print only the Task Scheduler XML, to save as a file for schtasks /Create /XML', false)
    .addHelpText(
      'after',
      '\nExamples:\n  ndes-doctor schedule\n  ndes-doctor schedule --time 06:30 --keep 14 --event-log\n' +
        '  ndes-doctor schedule --prometheus "C:\\Program Files\\windows_exporter\\textfile_inputs\\ndes-doctor.prom"\n' +
        '  ndes-doctor schedule --xml > C:\\ProgramData\\ndes-doctor\\ndes-doctor-task.xml',
    )
    .action((opts) => run(import('./commands/schedule.js').then((m) => m.scheduleCommand(opts))));

  program
    .command('collect')
    .description(
      'Write a support bundle of this Windows NDES server: one zip with the raw artifacts, the probe recordings, and report.html and report.json of a check of the same data (see docs/bundle.md).',
    )
    .option('--out <file.zip|dir>', 'the zip to write (default: ndes-doctor-<host>-<UTC time>.zip here; in an existing folder, that name inside it; a new path without .zip: a bundle folder)')
    .option('--force', 'replace an existing bundle at --out', false)
    .option('--no-redact', 'keep passwords in configuration files and registry exports, SCEP messages in IIS logs (masked by default)')
    .option('--redact-hosts', 'also replace host, domain and computer names by stable pseudonyms in every file and the report', false)
    .option('--redact-users', 'also replace account names by stable pseudonyms in every file and the report', false)
    .option('--since <duration|date>', 'collect event, IIS and HTTP.sys logs from this far back, e.g. 36h, 7d, 2w or 2026-11-01 (default 7d)')
    .option('-q, --quiet', 'no summary on stderr', false)
    .addHelpText(
      'after',
      '\nExamples:\n  ndes-doctor collect                                 ndes-doctor-<host>-<time>.zip in this folder\n  ndes-doctor collect --out C:\\Temp                  the same name in C:\\Temp\n' +
        '  ndes-doctor collect --redact-hosts --redact-users   names replaced by pseudonyms, for a ticket outside the company\n  ndes-doctor collect --out ndes-bundle.zip --since 30d',
    )
    .action((opts) => run(import('./commands/collect.js').then((m) => m.collectCommand(opts, argv))));

  program
    .command('explain <what>')
    .description('Explain a check id or slug, a connector event ID or diagnostic code, an NDES event ID, an HTTP status, or a Windows error code')
    .addHelpText(
      'after',
      '\nExamples:\n  ndes-doctor explain NDES-HSYS-001\n  ndes-doctor explain 0x00000411   (also 411 or 0x411)\n  ndes-doctor explain 1001\n  ndes-doctor explain 404.15\n  ndes-doctor explain 0x80094800   (also "win32 1346", 12175, FieldLength, "WAS 5009")',
    )
    .option('--json', 'as JSON', false)
    .action((what: string, opts: { json: boolean }) => run(explainAction(what, opts.json)));

  program
    .command('list')
    .description('List every check with its id, slug, severity and title')
    .option('--json', 'as JSON', false)
    .action((opts) => run(listAction(opts.json)));

  program
    .command('report <result.json>')
    .description('Re-render a saved JSON report in another format')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('html'))
    .option('-o, --out <path>', 'write to a file instead of stdout (html is not written to a terminal without it)')
    .option('--force', 'overwrite --out; without --out, write html to a terminal too', false)
    .option('-v, --verbose', 'list passed checks too', false)
    .option('--redact', 'also redact the report on stdout (--out files are redacted by default)')
    .option('--no-redact', 'write --out without redaction')
    .option('--redact-hosts', 'also replace host and domain names by stable pseudonyms (implies --redact)', false)
    .option('--redact-users', 'also replace account names by stable pseudonyms (implies --redact)', false)
    .option('-q, --quiet', 'no note on stderr', false)
    .addHelpText('after', '\nExamples:\n  ndes-doctor report ndes.json -o ndes.html\n  ndes-doctor report ndes.json --format markdown\n  ndes-doctor report old-schema-1.json --format json -o ndes.json   (re-saves a schema 1 report as the current schema)')
    .action((file: string, opts) => run(import('./commands/report.js').then((m) => m.reportCommand(file, opts))));

  return program;
}
