import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as cli } from '../../helpers/cli.js';
import { FORMATS } from '../../../src/report/index.js';

const exec = promisify(execFile);

let dir: string;
let saved: string;
const secrets = 'test/fixtures/report/secrets-report.json';
/** examples/broken as ndes-doctor wrote it before schema 2 (plain-string commands), six results kept. */
const schema1 = 'test/fixtures/report/schema-1-broken.json';

beforeAll(async () => {
  if (!existsSync('dist/ndes-doctor.cjs')) throw new Error('dist/ndes-doctor.cjs is missing: run "npm run build" first.');
  dir = mkdtempSync(join(tmpdir(), 'ndes-doctor-report-'));
  saved = join(dir, 'broken.json');
  const run = await cli('check', '--bundle', 'examples/broken', '-f', 'json', '--no-redact');
  expect(run.code).toBe(2);
  writeFileSync(saved, run.stdout);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ndes-doctor report <result.json>', () => {
  it('re-renders a saved JSON report in every format', async () => {
    const original = JSON.parse(readFileSync(saved, 'utf8'));
    const failing = original.results.filter((r: { status: string }) => r.status === 'fail').map((r: { id: string }) => r.id);
    expect(failing.length).toBeGreaterThan(0);
    for (const format of FORMATS) {
      const run = await cli('report', saved, '--format', format);
      expect(run.code, `${format}: ${run.stderr}`).toBe(0);
      // The nagios line lists at most ten ids; it states the count instead.
      if (format === 'nagios') expect(run.stdout).toContain(`${failing.length} fail`);
      else for (const id of failing) expect(run.stdout, `${format} lacks ${id}`).toContain(id);
    }
    expect(JSON.parse((await cli('report', saved, '--format', 'json')).stdout)).toEqual(original);
    expect(XMLValidator.validate((await cli('report', saved, '--format', 'junit')).stdout)).toBe(true);
    expect((await cli('report', saved, '--format', 'nagios')).stdout).toMatch(/^NDES-DOCTOR CRITICAL - \d+ fail, \d+ error, \d+ warn: NDES-[^\n]*\| pass=\d+ warn=\d+ fail=\d+ error=\d+ skip=\d+\n$/);
  });

  it('re-renders as JSON that validates against the schema it is stamped with, dropping fields the schema does not know', async () => {
    const original = JSON.parse(readFileSync(saved, 'utf8'));
    const edited = structuredClone(original);
    edited.comment = 'added by hand';
    edited.run.operator = 'jdoe';
    edited.environment.locale = 'de-DE';
    edited.results[0].ticket = 'INC-1';
    const file = join(dir, 'edited.json');
    writeFileSync(file, JSON.stringify(edited));
    const run = await cli('report', file, '--format', 'json');
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, validateFormats: false });
    const validate = ajv.compile(JSON.parse(readFileSync('schema/report.schema.json', 'utf8')));
    expect(validate(out) ? '' : ajv.errorsText(validate.errors)).toBe('');
    expect(out).toEqual(original);
  });

  it('writes --out redacted by default, with a review note on stderr', async () => {
    const out = join(dir, 'secrets.md');
    const run = await cli('report', secrets, '--format', 'markdown', '--out', out);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/redacted 13 value\(s\) .*review before sharing/);
    const md = readFileSync(out, 'utf8');
    expect(md).not.toContain('S3cr3t!Pass');
    expect(md).not.toContain('8CE317021F690069');
    expect(md).toContain('svc-ndes:\\*\\*\\*@ndes.contoso.com');
  });

  it('leaves stdout alone unless --redact, and --quiet drops the note', async () => {
    expect((await cli('report', secrets, '--format', 'text')).stdout).toContain('S3cr3t!Pass');
    const redacted = await cli('report', secrets, '--format', 'text', '--redact-hosts');
    expect(redacted.stdout).not.toContain('S3cr3t!Pass');
    expect(redacted.stdout).not.toMatch(/contoso|NDES02/i);
    const out = join(dir, 'plain.json');
    const plain = await cli('report', secrets, '--format', 'json', '--out', out, '--no-redact', '--quiet');
    expect(plain.stderr).toBe('');
    expect(readFileSync(out, 'utf8')).toContain('S3cr3t!Pass');
  });

  it('refuses to overwrite --out without --force', async () => {
    const out = join(dir, 'twice.html');
    expect((await cli('report', saved, '--format', 'html', '--out', out, '-q')).code).toBe(0);
    const again = await cli('report', saved, '--format', 'html', '--out', out);
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('already exists; use --force');
    expect((await cli('report', saved, '--format', 'html', '--out', out, '--force', '-q')).code).toBe(0);
  });

  it('reads a report saved with a BOM and CRLF line ends', async () => {
    const bom = join(dir, 'bom.json');
    writeFileSync(bom, '\uFEFF' + readFileSync(saved, 'utf8').replace(/\n/g, '\r\n'));
    expect((await cli('report', bom, '--format', 'nagios')).code).toBe(0);
  });

  it('exits 3 with a clear message on a malformed, foreign or missing file', async () => {
    const cases: [string, string, RegExp][] = [
      ['truncated.json', readFileSync(saved, 'utf8').slice(0, 200), /truncated\.json is not valid JSON .*pass a report written with --format json/],
      ['other.json', '{"name":"something else"}', /other\.json is not an ndes-doctor JSON report of schema version 1, 2 or 3/],
      ['future.json', '{"schemaVersion":4}', /future\.json is not an ndes-doctor JSON report of schema version 1, 2 or 3/],
      ['bad-command.json', readFileSync(schema1, 'utf8').replace('"iisreset"', '{"shell":"bash","text":"iisreset"}'), /bad-command\.json is an incomplete ndes-doctor report \(missing or malformed: results\)/],
      ['bad-servers.json', readFileSync(saved, 'utf8').replace('"schemaVersion": 3,', '"schemaVersion": 3, "servers": [{"name": "NDES01"}],'), /bad-servers\.json is an incomplete ndes-doctor report \(missing or malformed: servers\)/],
      ['partial.json', '{"schemaVersion":1,"results":[{"id":"x"}]}', /partial\.json is an incomplete ndes-doctor report \(missing or malformed: tool, run, summary, environment, config, results, runWarnings\)/],
      // JUnit once failed with an internal error on a status it did not know, the text report on a missing severity.
      ['bad-status.json', readFileSync(saved, 'utf8').replace('"status": "fail"', '"status": "failed"'), /bad-status\.json is an incomplete ndes-doctor report \(missing or malformed: results\): results\[\d+\]\.status\./],
      ['no-severity.json', readFileSync(saved, 'utf8').replace(/"severity": "high",/, ''), /no-severity\.json is an incomplete ndes-doctor report \(missing or malformed: results\): results\[\d+\]\.severity\./],
    ];
    for (const [name, text, message] of cases) {
      const file = join(dir, name);
      writeFileSync(file, text);
      const run = await cli('report', file, '--format', 'html');
      expect(run.code, name).toBe(3);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toContain('internal error');
      expect(run.stdout).toBe('');
    }
    const missing = await cli('report', join(dir, 'nope.json'));
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/Could not read .*nope\.json/);
    const badFormat = await cli('report', saved, '--format', 'pdf');
    expect(badFormat.code).toBe(3);
  });

  it('re-renders a schema 1 report, naming the shell each of its commands was written for', async () => {
    const json = JSON.parse((await cli('report', schema1, '--format', 'json')).stdout);
    expect(json.schemaVersion).toBe(3);
    const commands = Object.fromEntries(json.results.map((r: { id: string; remediation?: { commands?: unknown } }) => [r.id, r.remediation?.commands]));
    expect(commands['NDES-HSYS-001']).toEqual([
      { shell: 'cmd', text: 'reg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters" /v MaxFieldLength /t REG_DWORD /d 65534 /f' },
      { shell: 'cmd', text: 'shutdown /r /t 0' },
    ]);
    expect(commands['NDES-IIS-004'][0]).toMatchObject({ shell: 'cmd', text: expect.stringMatching(/^%windir%\\system32\\inetsrv\\appcmd\.exe start apppool/) });
    expect(commands['NDES-ACCT-005']).toEqual([
      { shell: 'powershell', text: 'Unlock-ADAccount -Identity "svc-ndes"' },
      { shell: 'powershell', text: 'Get-ADUser "svc-ndes" -Properties LockedOut,BadLogonCount,LastBadPasswordAttempt' },
    ]);
    expect(commands['NDES-TLS-010'].map((c: { shell: string }) => c.shell)).toEqual(['powershell', 'powershell', 'cmd']);
    const md = (await cli('report', schema1, '--format', 'markdown')).stdout;
    expect(md).toContain('```cmd\nreg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters" /v MaxFieldLength');
    expect(md).toContain('```powershell\nUnlock-ADAccount -Identity "svc-ndes"');
  });

  it('refuses to write html to a terminal without -o or --force', async () => {
    // script(1) gives the command a terminal as stdout.
    const onTerminal = (...args: string[]) =>
      exec('script', ['-qec', ['node', 'bin/ndes-doctor.js', 'report', ...args].map((a) => `'${a}'`).join(' '), '/dev/null'], { env: { ...process.env, NO_COLOR: '1', PATH: `${dirname(process.execPath)}:${process.env.PATH}` } }).then(
        (r) => ({ code: 0, out: r.stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
      );
    const refused = await onTerminal(saved);
    expect(refused.code).toBe(3);
    expect(refused.out).toContain('Not writing the html report to a terminal: write it to a file with -o <file.html>, redirect stdout, or add --force.');
    expect(refused.out).not.toContain('<html');
    expect((await onTerminal(saved, '--force')).out).toContain('<!doctype html>');
    expect((await onTerminal(saved, '--format', 'text')).out).toContain('Result: CRITICAL');
    const file = join(dir, 'tty.html');
    expect((await onTerminal(saved, '-o', file, '-q')).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^<!doctype html>/);
    // Through a pipe, as in a script, html is written as asked.
    expect((await cli('report', saved)).stdout).toMatch(/^<!doctype html>/);
  });

  it('rejects --redact-hosts with --no-redact', async () => {
    const run = await cli('report', saved, '--no-redact', '--redact-hosts', '--out', join(dir, 'x.md'), '--format', 'markdown');
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('--redact-hosts cannot be combined with --no-redact');
  });
});
