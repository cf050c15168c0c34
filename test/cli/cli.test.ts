import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const execFileP = promisify(execFile);
const tmp = mkdtempSync(join(tmpdir(), 'ndes-doctor-cli-test-'));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const fixture = (name: string) => readFileSync(join(root, 'test/fixtures/registry', name));
/** The foundation areas only, so exit codes here do not move as other areas add checks. */
const FOUNDATION = ['--only', 'http-sys,browser'];
const STACK = /\n\s+at .+:\d+:\d+/;

// dist/ is built once before any test file runs (test/global-setup.ts), never here: see there why.
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}) {
  const base = { ...process.env };
  for (const name of ['FORCE_COLOR', 'NO_COLOR', 'CI']) delete base[name];
  // stripFinalNewline off: the exact bytes on stderr are part of what is tested.
  return execa('node', ['bin/ndes-doctor.js', ...args], { cwd: root, reject: false, env: { ...base, ...env }, extendEnv: false, stripFinalNewline: false });
}

function bundleWith(example: string, replace: Record<string, Buffer>): string {
  const dir = mkdtempSync(join(tmp, 'bundle-'));
  cpSync(join(root, 'examples', example), dir, { recursive: true });
  for (const [file, bytes] of Object.entries(replace)) writeFileSync(join(dir, file), bytes);
  return dir;
}

describe('ndes-doctor CLI (built)', () => {
  it('--help lists the commands and the exit codes', async () => {
    const r = await cli(['--help']);
    expect(r.exitCode).toBe(0);
    for (const command of ['check', 'collect', 'explain', 'list', 'report']) expect(r.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    for (const line of ['0  OK', '1  WARNING', '2  CRITICAL', '3  UNKNOWN']) expect(r.stdout).toContain(line);
    expect(r.stderr).toBe('');
  });

  it('--version prints the package version and the runtime it runs on', async () => {
    const r = await cli(['--version']);
    expect(r).toMatchObject({ exitCode: 0, stdout: `${pkg.version} (Node.js ${process.version}, ${process.platform} ${process.arch})\n`, stderr: '' });
  });

  it.skipIf(process.platform === 'win32')('check without --bundle off Windows: one clear sentence, exit 3, no stack', async () => {
    const r = await cli(['check']);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^ndes-doctor: A live check .* works only on Windows; .*--bundle <folder\|zip>[^\n]*\.\n$/);
  });

  it('examples/healthy: every check passes, exit 0', async () => {
    const r = await cli(['check', '--bundle', 'examples/healthy', '--format', 'json']);
    const report = JSON.parse(r.stdout) as { results: { id: string; status: string; message: string }[] };
    const notPassing = report.results
      .filter((x) => x.status !== 'pass' && x.status !== 'skip')
      .map((x) => `${x.id} ${x.status}: ${x.message}`);
    expect(notPassing).toEqual([]);
    expect(r.exitCode).toBe(0);
  });

  it('examples/broken: exit 2, naming the failing checks', async () => {
    const r = await cli(['check', '--bundle', 'examples/broken']);
    expect(r.exitCode).toBe(2);
    for (const id of ['NDES-HSYS-001', 'NDES-HSYS-002', 'NDES-IE-001']) expect(r.stdout).toMatch(new RegExp(`FAIL ${id}\\b`));
    expect(r.stdout).toMatch(/WARN NDES-IE-002\b/);
  });

  it("judges a bundle as of its manifest's collectedAt, not today, and says so", async () => {
    // NDES02's certificate in examples/broken ends 2026-12-10; the bundle was collected 2026-11-20.
    const tls004 = async (bundle: string) => {
      const r = await cli(['check', '--bundle', bundle, '--only', 'NDES-TLS-004', '--format', 'json']);
      return JSON.parse(r.stdout) as { run: { evaluatedAt: string }; runWarnings: string[]; results: { status: string; evidence: { details: { daysLeft: number } } }[] };
    };
    const asCollected = await tls004('examples/broken');
    expect(asCollected.run.evaluatedAt).toBe('2026-11-20T09:14:02.000Z');
    expect(asCollected.results[0]).toMatchObject({ status: 'warn', evidence: { details: { daysLeft: 19 } } });
    expect(asCollected.runWarnings).toContainEqual(expect.stringMatching(/^Judged as of the bundle's collection time, 2026-11-20T09:14:02\.000Z/));

    const manifest = JSON.parse(readFileSync(join(root, 'examples/broken/manifest.json'), 'utf8')) as { collectedAt: string };
    const later = bundleWith('broken', { 'manifest.json': Buffer.from(JSON.stringify({ ...manifest, collectedAt: '2026-12-11T00:00:00.000Z' })) });
    expect((await tls004(later)).results[0]!.status).toBe('fail');

    // Without a usable collectedAt the run time is all there is, and the report says so.
    const undated = bundleWith('broken', { 'manifest.json': Buffer.from(JSON.stringify({ ...manifest, collectedAt: 'yesterday' })) });
    expect((await tls004(undated)).runWarnings).toContainEqual(expect.stringMatching(/^The bundle's manifest has no valid collectedAt \("yesterday"\): .* measured from now/));
  });

  it('docs/bundle.md describes the collectedAt rule the code applies', () => {
    const row = readFileSync(join(root, 'docs/bundle.md'), 'utf8').split('\n').find((l) => l.startsWith('| `collectedAt`'))!;
    expect(row).toMatch(/judges the bundle as of this time/);
    expect(row).not.toMatch(/use the run time, not this/);
  });

  it('--format json is JSON with schemaVersion and the selected results', async () => {
    const r = await cli(['check', '--bundle', 'examples/broken', '--format', 'json', ...FOUNDATION]);
    const report = JSON.parse(r.stdout) as { schemaVersion: number; results: { id: string; status: string }[] };
    expect(report.schemaVersion).toBe(3);
    expect(report.results.map((x) => [x.id, x.status])).toEqual([
      ['NDES-HSYS-001', 'fail'],
      ['NDES-HSYS-002', 'fail'],
      ['NDES-IE-001', 'fail'],
      ['NDES-IE-002', 'warn'],
    ]);
    expect(r.exitCode).toBe(2);
  });

  it('--fail-on critical turns high failures into exit 1; --exit-zero gives 0', async () => {
    expect((await cli(['check', '--bundle', 'examples/broken', '--fail-on', 'critical', ...FOUNDATION])).exitCode).toBe(1);
    expect((await cli(['check', '--bundle', 'examples/broken', '--fail-on', 'high', ...FOUNDATION])).exitCode).toBe(2);
    expect((await cli(['check', '--bundle', 'examples/broken', '--exit-zero'])).exitCode).toBe(0);
  });

  it('--only by area runs just that area', async () => {
    const r = await cli(['check', '--bundle', 'examples/broken', '--only', 'http-sys', '--format', 'json']);
    const ids = (JSON.parse(r.stdout) as { results: { id: string }[] }).results.map((x) => x.id);
    expect(ids).toEqual(['NDES-HSYS-001', 'NDES-HSYS-002']);
  });

  it('usage errors exit 3 with one readable message: unknown --only, bad --format, bad --output, bad --timeout', async () => {
    const only = await cli(['check', '--bundle', 'examples/broken', '--only', 'nope']);
    expect(only.exitCode).toBe(3);
    expect(only.stderr).toMatch(/^ndes-doctor: Unknown check, slug or area "nope"\. Areas: http-sys, .*ndes-doctor list" for check ids\.\n$/);
    const format = await cli(['check', '--bundle', 'examples/broken', '--format', 'x']);
    expect(format.exitCode).toBe(3);
    expect(format.stderr).toMatch(/argument 'x' is invalid\. Allowed choices are text, json/);
    const output = await cli(['check', '--bundle', 'examples/broken', '--output', 'pdf=x.pdf']);
    expect(output.exitCode).toBe(3);
    expect(output.stderr).toMatch(/--output takes <format>=<path>/);
    const timeout = await cli(['check', '--bundle', 'examples/broken', '--timeout', '0']);
    expect(timeout.exitCode).toBe(3);
    expect(timeout.stderr).toMatch(/argument '0' is invalid\. --timeout takes a positive number\./);
    expect(timeout.stderr).not.toContain('internal error');
    for (const r of [only, format, output, timeout]) {
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(STACK);
    }
  });

  it('-f html is not written to a terminal unless --force says so', async () => {
    // script(1) gives the command a terminal as stdout; the run is refused before anything is checked.
    const onTerminal = (...args: string[]) =>
      execFileP('script', ['-qec', ['node', 'bin/ndes-doctor.js', ...args].map((a) => `'${a}'`).join(' '), '/dev/null'], {
        env: { ...process.env, NO_COLOR: '1', PATH: `${dirname(process.execPath)}:${process.env.PATH}` },
      }).then(
        (r) => ({ code: 0, out: r.stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
      );
    const refused = await onTerminal('check', '--bundle', 'examples/broken', '-f', 'html');
    expect(refused.code).toBe(3);
    expect(refused.out).toContain('Not writing the html report to a terminal: write it to a file with -o html=<file.html>, redirect stdout, or add --force.');
    expect((await onTerminal('check', '--bundle', 'examples/broken', '-f', 'html', '--force')).out).toContain('<!doctype html>');
    expect((await cli(['check', '--bundle', 'examples/broken', '-f', 'html'])).stdout).toMatch(/^<!doctype html>/);
  });

  it('--output writes the file, refuses to overwrite it without --force, and overwrites with it', async () => {
    const file = join(tmp, 'out', 'r.json');
    const first = await cli(['check', '--bundle', 'examples/broken', ...FOUNDATION, '--output', `json=${file}`]);
    expect(first.exitCode).toBe(2);
    const written = JSON.parse(readFileSync(file, 'utf8')) as { schemaVersion: number; results: unknown[] };
    expect(written).toMatchObject({ schemaVersion: 3 });
    expect(written.results).toHaveLength(4);

    const before = readFileSync(file, 'utf8');
    const again = await cli(['check', '--bundle', 'examples/broken', ...FOUNDATION, '--output', `json=${file}`]);
    expect(again.exitCode).toBe(3);
    expect(again.stderr).toContain(`${file} already exists; use --force to overwrite it.`);
    expect(again.stdout).toBe(''); // refused before running anything
    expect(readFileSync(file, 'utf8')).toBe(before);

    const mtime = statSync(file).mtimeMs;
    const forced = await cli(['check', '--bundle', 'examples/broken', '--only', 'http-sys', '--output', `json=${file}`, '--force']);
    expect(forced.exitCode).toBe(2);
    expect((JSON.parse(readFileSync(file, 'utf8')) as { results: unknown[] }).results).toHaveLength(2);
    expect(statSync(file).mtimeMs).toBeGreaterThanOrEqual(mtime);
  });

  it('a missing bundle or a corrupt zip: exit 3, one readable line, no stack', async () => {
    const missing = await cli(['check', '--bundle', join(tmp, 'nowhere')]);
    expect(missing.exitCode).toBe(3);
    expect(missing.stderr).toBe(`ndes-doctor: Bundle not found: ${join(tmp, 'nowhere')}\n`);
    const zip = join(tmp, 'corrupt.zip');
    writeFileSync(zip, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)]));
    const corrupt = await cli(['check', '--bundle', zip]);
    expect(corrupt.exitCode).toBe(3);
    expect(corrupt.stderr).toMatch(/^ndes-doctor: .*corrupt\.zip: not a folder and not a readable zip file .*\.\n$/);
    for (const r of [missing, corrupt]) expect(r.stderr).not.toMatch(STACK);
  });

  it('a malformed .reg file: its checks are error, the others still run, exit 3, no stack', async () => {
    const dir = bundleWith('healthy', { 'registry/http-parameters.reg': fixture('garbage-value.reg') });
    const r = await cli(['check', '--bundle', dir, '--format', 'json', ...FOUNDATION]);
    expect(r.exitCode).toBe(3);
    const results = (JSON.parse(r.stdout) as { results: { id: string; status: string; message: string }[] }).results;
    expect(results.map((x) => [x.id, x.status])).toEqual([
      ['NDES-HSYS-001', 'error'],
      ['NDES-HSYS-002', 'error'],
      ['NDES-IE-001', 'pass'],
      ['NDES-IE-002', 'pass'],
    ]);
    expect(results[0]!.message).toContain('registry/http-parameters.reg: line 10');
    expect(r.stderr).not.toMatch(STACK);
  });

  it('writes nothing to stderr when it is not a terminal (no progress spinner)', async () => {
    const r = await cli(['check', '--bundle', 'examples/broken']);
    expect(r.stderr).toBe('');
    expect(r.stdout.length).toBeGreaterThan(0);
  });

  it('colours text with FORCE_COLOR=1, never with NO_COLOR=1, and not on a pipe by default', async () => {
    const args = ['check', '--bundle', 'examples/broken', ...FOUNDATION];
    expect((await cli(args, { FORCE_COLOR: '1' })).stdout).toMatch(/\x1b\[\d+m/);
    expect((await cli(args, { NO_COLOR: '1' })).stdout).not.toMatch(/\x1b\[/);
    expect((await cli(args, { NO_COLOR: '1', FORCE_COLOR: '1' })).stdout).not.toMatch(/\x1b\[/);
    expect((await cli(args)).stdout).not.toMatch(/\x1b\[/);
  });

  it.skipIf(process.platform === 'win32')('ends quietly when the reader has closed the pipe (ndes-doctor ... | head)', async () => {
    // `true` exits at once, so every write of the CLI meets a closed pipe (EPIPE).
    for (const args of ['check --bundle examples/broken', 'list', '--help']) {
      const r = await execa('sh', ['-c', `node bin/ndes-doctor.js ${args} | true`], { cwd: root, reject: false });
      expect(r.stderr, args).toBe('');
    }
  });

  it.skipIf(process.platform === 'win32')('keeps the verdict as the exit code when the reader closes the pipe early (| head)', async () => {
    const status = async (args: string, reader: string) =>
      (await execa('bash', ['-c', `node bin/ndes-doctor.js ${args} | ${reader}; echo \${PIPESTATUS[0]}`], { cwd: root, reject: false })).stdout.trim();
    for (const reader of ['head -c 10 > /dev/null', 'true']) {
      // CRITICAL stays 2 (it was 0 when the closed pipe ended the process before the verdict was known).
      expect(await status('check --bundle examples/broken -f json', reader), reader).toBe('2');
      expect(await status('check --bundle examples/broken -f nagios', reader), reader).toBe('2');
      expect(await status('check --bundle examples/healthy -f json', reader), reader).toBe('0');
      expect(await status('list', reader), reader).toBe('0');
    }
  });

  it.skipIf(!existsSync('/dev/full'))('a failed write to stdout (disk full) is one line on stderr and exit 3, whatever the verdict', async () => {
    for (const args of ['check --bundle examples/broken -f json', 'check --bundle examples/healthy -f nagios', 'list', 'schedule --xml', '--help']) {
      const r = await execa('sh', ['-c', `node bin/ndes-doctor.js ${args} > /dev/full`], { cwd: root, reject: false });
      expect(r.exitCode, args).toBe(3);
      expect(r.stderr, args).toBe('ndes-doctor: could not write to stdout: ENOSPC: no space left on device, write');
    }
  });

  it('list and list --json show every check', async () => {
    const text = await cli(['list']);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/^ {2}NDES-HSYS-001 +http-sys-max-field-length +high +HTTP\.sys MaxFieldLength/m);
    const json = await cli(['list', '--json']);
    const rows = JSON.parse(json.stdout) as { id: string; slug: string; area: string; severity: string; title: string }[];
    expect(rows.find((x) => x.id === 'NDES-IE-002')).toEqual({
      id: 'NDES-IE-002',
      slug: 'ie-esc-users',
      area: 'browser',
      severity: 'low',
      title: 'IE Enhanced Security Configuration is off for users',
    });
    expect(new Set(rows.map((x) => x.id)).size).toBe(rows.length);
  });

  it('report re-renders a saved JSON report as text', async () => {
    const file = join(tmp, 'saved.json');
    await cli(['check', '--bundle', 'examples/broken', ...FOUNDATION, '-o', `json=${file}`]);
    const r = await cli(['report', file, '--format', 'text']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/FAIL NDES-HSYS-001\b/);
    expect(r.stdout).toMatch(/WARN NDES-IE-002\b/);
    expect(r.stdout).not.toMatch(/\x1b\[/);
    const bad = await cli(['report', join(root, 'package.json'), '--format', 'text']);
    expect(bad.exitCode).toBe(3);
    expect(bad.stderr).toMatch(/is not an ndes-doctor JSON report/);
  });
});
