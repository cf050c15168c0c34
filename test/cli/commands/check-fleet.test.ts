import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'ndes-doctor-fleet-test-'));
const validate = new Ajv2020({ strict: true, strictRequired: false, validateFormats: false }).compile(JSON.parse(readFileSync(join(root, 'schema/report.schema.json'), 'utf8')));

const cli = (args: string[]) => execa('node', ['bin/ndes-doctor.js', ...args], { cwd: root, reject: false, env: { NO_COLOR: '1' } });

interface Json {
  run: { mode: string };
  summary: { exitCode: number; counts: Record<string, number> };
  servers: { name: string; mode: string; source: string; exitCode: number; counts: Record<string, number>; notStarted?: string }[];
  results: { id: string; status: string; server: string; target?: string }[];
  changes?: { new: { server?: string }[]; resolved: { server?: string }[]; unchanged: number };
}

/** A TCP server that accepts connections and never answers: a hung NDES server. */
let silent: net.Server;
let silentUrl: string;

beforeAll(async () => {
  silent = net.createServer((s) => s.on('error', () => undefined));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
});
afterAll(() => {
  silent.close();
  rmSync(tmp, { recursive: true, force: true });
});

const statuses = (results: Json['results']) => results.map((r) => `${r.id} ${r.target ?? ''} ${r.status}`);

describe('check with several servers (built CLI)', () => {
  test('two bundles: one report, each server as it is alone, and the worst exit code', async () => {
    const [both, healthy, broken] = await Promise.all([
      cli(['check', '-b', 'examples/healthy', '-b', 'examples/broken', '-f', 'json']),
      cli(['check', '-b', 'examples/healthy', '-f', 'json']),
      cli(['check', '-b', 'examples/broken', '-f', 'json']),
    ]);
    expect(both.exitCode).toBe(2);
    const report = JSON.parse(both.stdout) as Json;
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.run.mode).toBe('fleet');
    expect(report.servers.map((s) => [s.name, s.mode, s.source, s.exitCode])).toEqual([
      ['NDES01', 'bundle', 'examples/healthy', 0],
      ['NDES02', 'bundle', 'examples/broken', 2],
    ]);
    const alone = { NDES01: JSON.parse(healthy.stdout) as Json, NDES02: JSON.parse(broken.stdout) as Json };
    for (const [name, single] of Object.entries(alone)) {
      expect(statuses(report.results.filter((r) => r.server === name)), name).toEqual(statuses(single.results));
      expect(report.servers.find((s) => s.name === name)!.counts).toEqual(single.summary.counts);
    }
    expect(healthy.exitCode).toBe(0);
  }, 60_000);

  test('a hung server (loopback, never answers) does not hold back the bundles: they finish and render, the run ends near --timeout', async () => {
    const started = Date.now();
    const text = join(tmp, 'fleet.txt');
    const r = await cli(['check', '-b', 'examples/healthy', '--url', silentUrl, '-b', 'examples/broken', '--timeout', '4', '-f', 'json', '-o', `text=${text}`]);
    expect(Date.now() - started).toBeLessThan(12_000);
    // CRITICAL on NDES02 outranks UNKNOWN on the hung server.
    expect(r.exitCode).toBe(2);
    const report = JSON.parse(r.stdout) as Json;
    expect(report.servers.map((s) => [s.name, s.exitCode])).toEqual([
      ['NDES01', 0],
      ['NDES02', 2],
      [`127.0.0.1:${new URL(silentUrl).port}`, 3],
    ]);
    const ndes01 = report.results.filter((r) => r.server === 'NDES01');
    expect(ndes01.length).toBeGreaterThan(90);
    expect(ndes01.filter((x) => x.status === 'error' || x.status === 'fail')).toEqual([]);
    const hung = report.results.filter((x) => x.server === report.servers[2]!.name);
    expect(hung.find((x) => x.id === 'NDES-NET-001')!.status).toBe('error');

    const rendered = readFileSync(text, 'utf8');
    expect(rendered).toMatch(/^NDES01\s+OK\s+0 /m);
    expect(rendered).toMatch(/^NDES02\s+CRITICAL\s+2 /m);
    expect(rendered).toMatch(/^127\.0\.0\.1:\d+\s+UNKNOWN\s+3 /m);
    expect(rendered).toContain('FAIL NDES-');
  }, 30_000);

  test('a hung server beside a healthy bundle: UNKNOWN outranks OK (exit 3)', async () => {
    const r = await cli(['check', '-b', 'examples/healthy', '--url', silentUrl, '--timeout', '3', '-f', 'nagios']);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toMatch(/^NDES-DOCTOR UNKNOWN - 2 servers: 127\.0\.0\.1:\d+ UNKNOWN \(0 fail, \d+ error, 0 warn: NDES-NET-001[^)]*\), NDES01 OK \| /);
  }, 30_000);

  test('a bundle that cannot be read is reported as not checked, the other is analysed (exit 3)', async () => {
    const r = await cli(['check', '-b', 'examples/healthy', '-b', join(tmp, 'missing.zip'), '-f', 'json']);
    expect(r.exitCode).toBe(3);
    const report = JSON.parse(r.stdout) as Json;
    expect(report.servers[1]).toMatchObject({ exitCode: 3, notStarted: expect.stringContaining('missing.zip') });
    expect(report.results.filter((x) => x.server === 'NDES01').length).toBeGreaterThan(90);
  }, 30_000);

  test('--baseline compares each server with the same server: only the one that changed has new findings', async () => {
    // The baseline's NDES02 was as healthy as NDES01; now NDES02 is the broken example.
    const wasHealthy = join(tmp, 'ndes02-healthy');
    cpSync(join(root, 'examples/healthy'), wasHealthy, { recursive: true });
    const manifest = join(wasHealthy, 'manifest.json');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"name": "NDES01"', '"name": "NDES02"'));
    const baseline = join(tmp, 'baseline.json');
    await cli(['check', '-b', 'examples/healthy', '-b', wasHealthy, '-o', `json=${baseline}`, '-q']);
    expect((JSON.parse(readFileSync(baseline, 'utf8')) as Json).servers.map((s) => s.name)).toEqual(['NDES01', 'NDES02']);

    const r = await cli(['check', '-b', 'examples/healthy', '-b', 'examples/broken', '--baseline', baseline, '-f', 'json']);
    const report = JSON.parse(r.stdout) as Json;
    expect(report.changes!.new.length).toBeGreaterThan(10);
    expect(new Set(report.changes!.new.map((c) => c.server))).toEqual(new Set(['NDES02']));
    expect(report.changes!.unchanged).toBe(0);
    const text = await cli(['report', baseline, '--format', 'text']);
    expect(text.stdout).toMatch(/fleet · 2 servers/);
  }, 60_000);

  test.skipIf(!existsSync('/usr/bin/script'))('the progress line on a terminal shows a bundle host name with its control characters escaped', async () => {
    // A crafted manifest.json: ESC [31m would turn the terminal red, BEL ring, CR and LF break the spinner's line.
    const hostile = join(tmp, 'hostile-name');
    cpSync(join(root, 'examples/healthy'), hostile, { recursive: true });
    const manifest = join(hostile, 'manifest.json');
    writeFileSync(manifest, readFileSync(manifest, 'utf8').replace('"name": "NDES01"', '"name": "NDES\\u001b[31mRED\\u0007\\r\\nX"'));
    // script gives the CLI a terminal of a real size, so the spinner runs; the hung URL keeps it on screen after the bundle is done.
    const command = `stty cols 200 rows 40; node bin/ndes-doctor.js check -b '${hostile}' --url ${silentUrl} --timeout 3 -f json > /dev/null`;
    // Without CI in the environment: ora draws no frames when it is set, as it is in CI.
    const { CI: _ci, ...env } = process.env;
    const r = await execa('script', ['-qec', command, '/dev/null'], { cwd: root, reject: false, extendEnv: false, env: { ...env, NO_COLOR: '1' } });
    expect(r.stdout).toContain('servers done; last: NDES\\x1b[31mRED\\x07 X (');
    expect(r.stdout).not.toContain('\u001b[31m');
    expect(r.stdout).not.toContain('\u0007');
  }, 30_000);
});
