// Hostile-input budgets of the built CLI (run by scripts/bench.mjs): peak RSS for the largest
// bundle (as a folder and as a zip, every kind at its cap, logs included), a 1 GB zip bomb and a
// 40,000-line registry value, and the time each kind of artifact takes to parse at its cap, run
// with --check-timeout 5 (the checks must finish, not time out); one case also redacts its report.
import { spawnSync } from 'node:child_process';
import { closeSync, cpSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MB = 1024 * 1024;
const RSS_LIMIT = 400 * MB;
/** Whole CLI run for one artifact at its cap, start to report. */
const PARSE_BUDGET_MS = 5_000;
const RSS_HOOK = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\nmaxrss='+process.resourceUsage().maxRSS*1024+'\\n'))`;
const tmp = mkdtempSync(join(tmpdir(), 'ndes-doctor-bench-'));

function run(args) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', RSS_HOOK, 'bin/ndes-doctor.js', ...args], { encoding: 'utf8', maxBuffer: 64 * MB });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const rss = Number(/maxrss=(\d+)/.exec(r.stderr)?.[1]);
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    report = undefined;
  }
  return { ms, rss, status: r.status, report, stderr: r.stderr };
}

function bundle(name, files) {
  const dir = join(tmp, name);
  cpSync('examples/healthy', dir, { recursive: true });
  for (const [file, bytes] of Object.entries(files)) writeFileSync(join(dir, file), bytes);
  return dir;
}

const utf16 = (s) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);

/** What regedit writes for a REG_BINARY such as AppCompatCache: 25 bytes per wrapped line, UTF-16LE. */
function wrappedRegistry(original, lines) {
  const text = readFileSync(original).subarray(2).toString('utf16le');
  const row = Array.from({ length: 25 }, (_, i) => ((i * 37) & 0xff).toString(16).padStart(2, '0')).join(',');
  const body = `"AppCompatCache"=hex:${row}` + `,\\\r\n  ${row}`.repeat(lines - 1);
  return utf16(`${text.trimEnd()}\r\n${body}\r\n`);
}
const REG = 'examples/healthy/registry/http-parameters.reg';
/** Lines of 25 bytes that fill `bytes` of UTF-16LE. */
const linesFor = (bytes) => Math.floor(bytes / 2 / 80);

/** applicationHost.config with `<add>` elements up to `bytes`, inside a section IIS reads. */
function bigConfig(bytes) {
  const text = readFileSync('examples/healthy/iis/applicationHost.config', 'utf8');
  const add = '<add name="BenchHeader" value="x" />\r\n';
  const pad = `<location path="Bench"><system.webServer><httpProtocol><customHeaders>\r\n${add.repeat(Math.floor((bytes - text.length - 200) / add.length))}</customHeaders></httpProtocol></system.webServer></location>\r\n`;
  return Buffer.from(text.replace('</configuration>', `${pad}</configuration>`));
}

/**
 * Runs a regex takes quadratic time over when they stop short of the end, each up to `bytes`: a web.config
 * location path of slashes, a registry export whose last key follows blank lines, and blank lines that are
 * not netsh output at all.
 */
function slashRunWebConfig(bytes) {
  const text = readFileSync('examples/healthy/iis/webconfig/site-root/web.config', 'utf8');
  return Buffer.from(text.replace('</configuration>', `<location path="x${'/'.repeat(bytes - text.length - 100)}x"><system.webServer /></location>\r\n</configuration>`));
}
const blankRunText = (bytes) => Buffer.from(`${'\r\n'.repeat(Math.floor(bytes / 2) - 1)}x`, 'latin1');
function blankRunRegistry(original, bytes) {
  const text = readFileSync(original).subarray(2).toString('utf16le');
  const cut = text.lastIndexOf('\r\n[');
  return utf16(`${text.slice(0, cut)}${'\r\n'.repeat(Math.floor((bytes - text.length * 2) / 4))}${text.slice(cut)}`);
}

/** certutil -verify output one of whose lines starts like a rule (eight dashes and a blank) and runs on in blanks. */
function longRuleVerify(bytes) {
  const text = readFileSync('examples/healthy/certutil/verify-urlfetch.txt', 'latin1');
  const at = text.indexOf('\n') + 1;
  return Buffer.from(`${text.slice(0, at)}-------- ${' '.repeat(bytes - text.length - 16)}x\r\n${text.slice(at)}`, 'latin1');
}
/** A secedit export with a run of blanks inside a right's value. */
function blankValueRights(bytes) {
  const text = readFileSync('examples/healthy/account/user-rights.inf').subarray(2).toString('utf16le');
  const line = 'SeBackupPrivilege = *S-1-5-32-544';
  return utf16(text.replace(line, `${line}${' '.repeat(Math.floor((bytes - text.length * 2) / 2))},*S-1-5-32-551`));
}
/** An event export with one failed event whose attributes repeat the names read and whose data holds unterminated comments. */
function decoyEvents(bytes) {
  const text = readFileSync('examples/healthy/logs/events/application.xml').toString('utf16le').replace(/^\uFEFF/, '');
  const share = Math.floor((bytes / 2 - text.length) / 2 / 30);
  const event =
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider A="${" Name='x'".repeat(share)}" Name='Bench'/><EventID>1</EventID>` +
    `<Level>2</Level><TimeCreated A="${" SystemTime='x'".repeat(share)}" SystemTime='2026-11-20T08:00:00.0000000Z'/></System>` +
    `<EventData><Data>x</Data>${'<!--'.repeat(share * 3)}</EventData></Event>\r\n`;
  return Buffer.from(`${event}${text}`, 'utf16le');
}

/** applicationHost.config whose <sites> holds nothing but empty <site> elements, each of them kept, up to `bytes`. */
function siteFloodConfig(bytes) {
  const text = readFileSync('examples/healthy/iis/applicationHost.config', 'utf8');
  const site = '<site name="a" id="9"></site>\r\n';
  return Buffer.from(text.replace('<sites>', `<sites>${site.repeat(Math.floor((bytes - text.length) / site.length))}`));
}

/** An export of nothing but start tags, none closed (as UTF-16 as wevtutil writes): each begins an event over the limit. */
function unclosedEvents(bytes) {
  return Buffer.from(`\uFEFF${'<Event>'.repeat(Math.floor(bytes / 2 / 7))}`, 'utf16le');
}

/** certutil -CATemplates output with one line that repeats ` -- ` and ends in U+2028, where a regex's `.` stops. */
function separatorCaTemplates(bytes) {
  const text = readFileSync('examples/healthy/certutil/catemplates.txt', 'utf8');
  return Buffer.from(`a: ${' -- '.repeat(Math.floor((bytes - text.length) / 4))}\u2028x\r\n${text}`, 'utf8');
}

/** An MSCEP template name of `pwd.` over and over, in a report redacted with names pseudonymised. */
function secretWordTemplate(bytes) {
  const text = readFileSync('examples/healthy/registry/mscep.reg').subarray(2).toString('utf16le');
  return utf16(text.replace('"EncryptionTemplate"="IntuneSCEP"', `"EncryptionTemplate"="${'pwd.'.repeat(Math.floor(bytes / 8))}"`));
}

/** Get-WindowsFeature as JSON with the same small object over and over, up to `bytes`: JSON's costliest shape to parse. */
function bigFeatures(bytes) {
  const item = '{"Name":"Web-Server","Installed":true}';
  return Buffer.from(`[${Array(Math.floor((bytes - 2) / (item.length + 1))).fill(item).join(',')}]`);
}

/** A certificate store with the same certificates over and over, up to `bytes`. */
function bigStore(bytes) {
  const certs = JSON.parse(readFileSync('examples/healthy/certs/localmachine-my.json', 'utf8').replace(/^\uFEFF/, ''));
  const one = JSON.stringify(certs[0]);
  return Buffer.from(`[${Array.from({ length: Math.floor(bytes / (one.length + 1)) }, () => one).join(',')}]`);
}

/** netsh http show sslcert with entries up to `bytes`. */
function bigNetsh(bytes) {
  const text = readFileSync('examples/healthy/tls/netsh-sslcert.txt', 'latin1');
  return Buffer.from(text.repeat(Math.floor(bytes / text.length)), 'latin1');
}

/**
 * A log of `bytes` made of one example log's records over and over (what a busy week looks like to
 * the reader), written in blocks so that the bench itself stays small.
 */
function bigLog(path, example, bytes, { headerLines = 0, utf16 = false } = {}) {
  const text = readFileSync(example, utf16 ? 'utf16le' : 'utf8').replace(/^\uFEFF/, '');
  const lines = text.split('\n');
  const head = Buffer.from(lines.slice(0, headerLines).join('\n') + (headerLines ? '\n' : ''), utf16 ? 'utf16le' : 'utf8');
  const body = Buffer.from(lines.slice(headerLines).join('\n').trimEnd() + '\r\n', utf16 ? 'utf16le' : 'utf8');
  const block = Buffer.concat(Array.from({ length: Math.max(1, Math.floor(8 * MB / body.length)) }, () => body));
  const fd = openSync(path, 'w');
  try {
    let written = writeSync(fd, head);
    for (; written + block.length <= bytes; ) written += writeSync(fd, block);
    for (; written + body.length <= bytes; ) written += writeSync(fd, body);
  } finally {
    closeSync(fd);
  }
}

/** The bundle folder as a zip, written by Python's zipfile (a different implementation than the reader). */
function zipOf(dir, zip) {
  const py = spawnSync('python3', ['-c', "import os,sys,zipfile\nroot,out=sys.argv[1:]\nwith zipfile.ZipFile(out,'w',zipfile.ZIP_DEFLATED,compresslevel=1) as z:\n  for d,_,fs in os.walk(root):\n    for f in fs: z.write(os.path.join(d,f),os.path.relpath(os.path.join(d,f),root))", dir, zip]);
  if (py.status !== 0) throw new Error(`python3 could not zip ${dir}: ${py.stderr}`);
  return zip;
}

const rows = [];
let ok = true;
function record(name, r, { budget, only, allRead } = {}) {
  const timedOut = (r.report?.results ?? []).some((x) => x.error?.code === 'E_TIMEOUT');
  // A case built to sit at its cap must really be read and parsed, not refused; in the largest
  // bundle the whole-bundle cap may refuse some artifacts, but every log must be read.
  const refused = (r.report?.results ?? []).some((x) => (budget !== undefined && x.error?.code === 'E_TOO_LARGE') || (allRead && x.area === 'logs' && x.status === 'error'));
  const rssOk = r.rss < RSS_LIMIT;
  const timeOk = budget === undefined || (r.ms < budget && !timedOut);
  ok &&= rssOk && timeOk && !refused && r.report !== undefined;
  const verdict = r.report === undefined ? 'NO REPORT' : refused ? 'NOT READ (over its cap, or a log unread)' : !rssOk ? 'RSS TOO HIGH' : !timeOk ? 'TOO SLOW' : 'OK';
  rows.push(`  ${name.padEnd(44)}${(r.ms / 1000).toFixed(2).padStart(7)} s  ${(r.rss / MB).toFixed(0).padStart(5)} MB peak RSS  ${verdict}${only ? ` (${only})` : ''}`);
}

try {
  // One artifact of each kind at its cap; the checks reading it must finish within --check-timeout 5.
  // ALONE: a file refused as unreadable, left out of the largest bundle, which every check must read.
  const ALONE = true;
  const cases = [
    ['registry export at cap (16 MB)', { 'registry/http-parameters.reg': wrappedRegistry(REG, linesFor(16 * MB - 4096)) }, 'http-sys'],
    ['40,000-line REG_BINARY (reg export)', { 'registry/http-parameters.reg': wrappedRegistry(REG, 40_000) }, 'http-sys'],
    ['applicationHost.config at cap (40 MB)', { 'iis/applicationHost.config': bigConfig(40 * MB - 4096) }, 'iis'],
    ['web.config at cap (2 MB), a path of slashes', { 'iis/webconfig/site-root/web.config': slashRunWebConfig(2 * MB - 4096) }, 'iis'],
    ['registry export at cap, a run of blank lines', { 'registry/http-parameters.reg': blankRunRegistry(REG, 16 * MB - 4096) }, 'http-sys'],
    ['netsh output at cap, only blank lines', { 'tls/netsh-sslcert.txt': blankRunText(16 * MB - 4096) }, 'tls'],
    ['certutil -verify, a 1 MB rule-like line', { 'certutil/verify-urlfetch.txt': longRuleVerify(MB) }, 'revocation'],
    ['secedit export, a 1 MB run of blanks in a value', { 'account/user-rights.inf': blankValueRights(MB) }, 'account'],
    ['event export, a 4 MB event of decoys', { 'logs/events/application.xml': decoyEvents(4 * MB - 4096) }, 'logs'],
    ['event export, 16 MB of unclosed <Event> tags', { 'logs/events/application.xml': unclosedEvents(16 * MB) }, 'logs', [], ALONE],
    ['certutil -CATemplates, a 1 MB line of separators', { 'certutil/catemplates.txt': separatorCaTemplates(MB) }, 'template'],
    ['JSON at cap (32 MB)', { 'server/windows-features.json': bigFeatures(32 * MB - 4096) }, 'server'],
    ['JSON at cap, empty objects ([{},{},…])', { 'server/windows-features.json': Buffer.from(`[${'{},'.repeat(Math.floor((32 * MB - 4096) / 3) - 1)}{}]`) }, 'server', [], ALONE],
    ['applicationHost.config at cap, 1.2 million <site>', { 'iis/applicationHost.config': siteFloodConfig(40 * MB - 4096) }, 'iis', [], ALONE],
    ['certificate store at cap (4 MB)', { 'certs/localmachine-my.json': bigStore(4 * MB - 4096) }, 'tls'],
    ['netsh output at cap (16 MB)', { 'tls/netsh-sslcert.txt': bigNetsh(16 * MB - 4096) }, 'tls'],
    ['a 1 MB template name of secret words', { 'registry/mscep.reg': secretWordTemplate(MB) }, 'mscep', ['--redact-hosts', '--redact-users']],
  ];
  for (const [name, files, only, extra = []] of cases) {
    const args = ['check', '--bundle', bundle(name.replace(/\W+/g, '-'), files), '--only', only, '--check-timeout', '5', '-f', 'json', ...extra];
    record(name, run(args), { budget: PARSE_BUDGET_MS, only: [`--only ${only}`, ...extra].join(' ') });
  }

  // The largest bundle: every artifact above at its cap at once (the whole-bundle cap stops the rest).
  const largest = bundle('largest', Object.assign({}, ...cases.filter(([, , , , alone]) => !alone).map(([, files]) => files), {
    'registry/session-manager.reg': wrappedRegistry('examples/healthy/registry/session-manager.reg', linesFor(16 * MB - 4096)),
    'registry/uninstall.reg': wrappedRegistry('examples/healthy/registry/uninstall.reg', linesFor(16 * MB - 4096)),
    'registry/microsoft-intune.reg': wrappedRegistry('examples/healthy/registry/microsoft-intune.reg', linesFor(16 * MB - 4096)),
    'registry/http-parameters.reg': wrappedRegistry(REG, linesFor(16 * MB - 4096)),
  }));
  // Logs at their cap (counted apart from the whole-bundle cap): an IIS log and a UTF-16 event export.
  const LOG_CAP = 256 * MB - 4096;
  bigLog(join(largest, 'logs/iis/w3svc.log'), 'examples/healthy/logs/iis/w3svc.log', LOG_CAP, { headerLines: 5 });
  bigLog(join(largest, 'logs/events/certificate-connectors-operational.xml'), 'examples/healthy/logs/events/certificate-connectors-operational.xml', LOG_CAP, { utf16: true });
  record('largest bundle (every kind at its cap)', run(['check', '--bundle', largest, '-f', 'json', '--timeout', '600']), { allRead: true });
  record('the same, as a zip', run(['check', '--bundle', zipOf(largest, join(tmp, 'largest.zip')), '-f', 'json', '--timeout', '600']), { allRead: true });

  // A 1 GB member in a zip of about 1 MB, written by Python's zipfile.
  const bomb = join(tmp, 'bomb.zip');
  const py = spawnSync('python3', ['-c', "import zipfile,sys\nz=zipfile.ZipFile(sys.argv[1],'w',zipfile.ZIP_DEFLATED,compresslevel=1)\nz.write('examples/healthy/manifest.json','manifest.json')\nwith z.open('registry/http-parameters.reg','w',force_zip64=True) as f:\n  b=bytes(1<<20)\n  for _ in range(1024): f.write(b)\nz.close()", bomb]);
  if (py.status !== 0) throw new Error(`python3 could not write the zip bomb: ${py.stderr}`);
  record('1 GB zip bomb (1 GB member)', run(['check', '--bundle', bomb, '-f', 'json']));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

console.log(`\nHostile input (peak RSS limit ${RSS_LIMIT / MB} MB; one artifact at its cap analysed within ${PARSE_BUDGET_MS / 1000} s with --check-timeout 5)\n`);
for (const row of rows) console.log(row);
if (!ok) process.exitCode = 1;
