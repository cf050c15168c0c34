import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { issue, ndesPki } from '../../helpers/network/pki.js';
import { listen, ndesResponder, type Running } from '../../helpers/network/servers.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'ndes-doctor-url-test-'));
const pki = ndesPki();
const leaf = issue({ cn: 'ndes.contoso.test', issuer: pki.ca, san: ['ndes.contoso.test'] });
let healthy: Running;
let broken: Running;

const cli = (args: string[]) => execa('node', ['bin/ndes-doctor.js', ...args], { cwd: root, reject: false, env: { NO_COLOR: '1' } });

beforeAll(async () => {
  healthy = await listen(ndesResponder({ caCerts: [pki.pkcs7] }), { key: leaf.keyPem, certChain: leaf.certPem });
  broken = await listen(ndesResponder({ caCerts: [pki.pkcs7], mscep: 'ndes-page' }));
  writeFileSync(join(tmp, 'ca.pem'), pki.ca.certPem);
}, 120_000);
afterAll(async () => {
  await Promise.all([healthy?.close(), broken?.close()]);
  rmSync(tmp, { recursive: true, force: true });
});

describe('check --url (built CLI, loopback endpoints)', () => {
  test('a healthy endpoint over TLS with --ca-file and --resolve: only endpoint checks run, exit 0; --save-bundle reanalyses the same', async () => {
    const url = `https://ndes.contoso.test:${healthy.port}`;
    const saved = join(tmp, 'saved');
    const r = await cli(['check', '--url', url, '--resolve', 'ndes.contoso.test=127.0.0.1', '--ca-file', join(tmp, 'ca.pem'), '--format', 'json', '--save-bundle', saved]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const report = JSON.parse(r.stdout) as { run: { mode: string }; results: { id: string; status: string; target: string; area: string }[] };
    expect(report.run.mode).toBe('network');
    expect(report.results.length).toBe(16);
    expect(new Set(report.results.map((x) => x.area))).toEqual(new Set(['endpoint']));
    expect(report.results.every((x) => x.target === `${url}/certsrv/mscep/mscep.dll`)).toBe(true);
    // Everything passes; only the enrollment probe is skipped, since --probe-enroll is off by default.
    expect(report.results.filter((x) => x.status !== 'pass').map((x) => [x.id, x.status])).toEqual([['NDES-NET-015', 'skip']]);

    const again = await cli(['check', '--bundle', saved, '--only', 'endpoint', '--format', 'json']);
    const second = JSON.parse(again.stdout) as { results: { id: string; status: string }[] };
    expect(second.results.map((x) => [x.id, x.status])).toEqual(report.results.map((x) => [x.id, x.status]));
    expect(JSON.parse(readFileSync(join(saved, 'manifest.json'), 'utf8')).artifacts['network.probes'].status).toBe('ok');
  }, 60_000);

  test('--targets with two endpoints: results per target, the broken one fails (exit 2)', async () => {
    const list = join(tmp, 'targets.txt');
    writeFileSync(list, `# pool\r\n${broken.origin}\r\nhttps://ndes.contoso.test:${healthy.port} # TLS\r\n`);
    const r = await cli(['check', '--targets', list, '--resolve', 'ndes.contoso.test=127.0.0.1', '--ca-file', join(tmp, 'ca.pem'), '--format', 'json']);
    expect(r.exitCode).toBe(2);
    const results = (JSON.parse(r.stdout) as { results: { id: string; status: string; target: string }[] }).results;
    const net1 = results.filter((x) => x.id === 'NDES-NET-001').map((x) => [x.target, x.status]);
    expect(net1).toEqual([
      [`${broken.origin}/certsrv/mscep/mscep.dll`, 'fail'],
      [`https://ndes.contoso.test:${healthy.port}/certsrv/mscep/mscep.dll`, 'pass'],
    ]);
  }, 60_000);

  test('usage errors: a bad URL, --save-bundle with --bundle', async () => {
    const a = await cli(['check', '--url', 'ftp://x']);
    expect(a.exitCode).toBe(3);
    expect(a.stderr).toMatch(/only http:\/\/ and https:\/\//);
    const b = await cli(['check', '--url', 'ndes.contoso.test', '--bundle', 'examples/healthy', '--save-bundle', join(tmp, 'never')]);
    expect(b.exitCode).toBe(3);
    expect(b.stderr).toMatch(/--save-bundle saves the probes of a --url run/);
  });

  test('--save-bundle needs --url', async () => {
    const r = await cli(['check', '--save-bundle', join(tmp, 'x')]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/--save-bundle .* with --url/);
  });

  test('an endpoint that never answers: the whole run ends near --timeout and reports why, exit 3', async () => {
    const silent = net.createServer((s) => s.on('error', () => undefined));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const started = Date.now();
      const r = await cli(['check', '--url', `http://127.0.0.1:${port}`, '--timeout', '4', '--format', 'json']);
      expect(Date.now() - started).toBeLessThan(9_000);
      expect(r.exitCode).toBe(3);
      const results = (JSON.parse(r.stdout) as { results: { id: string; status: string; message: string }[] }).results;
      const net1 = results.find((x) => x.id === 'NDES-NET-001')!;
      expect(net1.status).toBe('error');
      expect(net1.message).toMatch(/E_DEADLINE|deadline/);
    } finally {
      silent.close();
    }
  }, 30_000);

  test('a live check off Windows points at --url', async () => {
    const r = await cli(['check']);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/--url/);
  });

  test('--help documents --probe-enroll as off by default', async () => {
    const r = await cli(['check', '--help']);
    expect(r.stdout).toMatch(/--probe-enroll[\s\S]*off by default/);
  });
});
