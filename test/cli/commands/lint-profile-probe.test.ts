import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { issue, ndesPki } from '../../helpers/network/pki.js';
import { caFile } from '../../helpers/network/run.js';
import { listen, ndesResponder, type Running } from '../../helpers/network/servers.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const pki = ndesPki();
// A second NDES server with its own RA certificates, behind the same name without affinity.
const other = ndesPki();
const leaf = issue({ cn: 'ndes.contoso.test', issuer: pki.ca, san: ['ndes.contoso.test'] });
const trust = caFile(pki.ca);
let single: Running;
let balanced: Running;

beforeAll(async () => {
  single = await listen(ndesResponder({ caCerts: [pki.pkcs7] }), { key: leaf.keyPem, certChain: leaf.certPem });
  balanced = await listen(ndesResponder({ caCerts: [pki.pkcs7, other.pkcs7] }), { key: leaf.keyPem, certChain: leaf.certPem });
}, 120_000);
afterAll(async () => {
  await Promise.all([single?.close(), balanced?.close()]);
});

const cli = (args: string[]) => execa('node', ['bin/ndes-doctor.js', ...args], { cwd: root, reject: false, env: { NO_COLOR: '1' } });
const url = (s: Running) => `https://ndes.contoso.test:${s.port}/certsrv/mscep/mscep.dll`;
const PROFILE = ['--platform', 'windows', '--cert-type', 'user', '--subject', 'CN={{UserName}}', '--validity', '1y', '--key-usage', 'digital-signature,key-encipherment'];

describe('lint-profile --probe (loopback NDES endpoints over TLS)', () => {
  test("probes each SCEP URL: endpoint checks per URL, load-balancer affinity, and the CA's remaining validity", async () => {
    const r = await cli(['lint-profile', ...PROFILE, '--scep-url', url(single), '--scep-url', url(balanced), '--probe', '--resolve', 'ndes.contoso.test=127.0.0.1', '--ca-file', trust, '--format', 'json']);
    const report = JSON.parse(r.stdout) as { results: { id: string; status: string; target?: string; message: string }[] };
    const of = (id: string, target?: string) => report.results.find((x) => x.id === id && x.target === target);
    expect(of('NDES-NET-001', url(single))?.status).toBe('pass');
    expect(of('NDES-NET-009', url(single))?.status).toBe('pass');
    expect(of('NDES-NET-013', url(single))?.status).toBe('pass');
    expect(of('NDES-NET-013', url(balanced))).toMatchObject({ status: 'fail', message: expect.stringMatching(/several NDES servers with different RA certificates/) });
    expect(of('NDES-PRF-017')).toMatchObject({ status: 'pass', message: expect.stringMatching(/before the issuing CA's certificate/) });
    // Loopback servers listen on high ports, which Microsoft does not support for NDES.
    expect(of('NDES-PRF-013')).toMatchObject({ status: 'warn', message: expect.stringMatching(/port \d+; Microsoft documents NDES for Intune on port 443 only.*With 2 URLs on Windows/) });
    expect(report.results.filter((x) => x.id.startsWith('NDES-NET-')).length).toBe(32);
    expect(r.exitCode).toBe(2);
  }, 60_000);

  test('without --probe nothing is probed, and a profile with no probeable URL is refused', async () => {
    const quiet = await cli(['lint-profile', ...PROFILE, '--scep-url', url(balanced), '--format', 'json']);
    const results = (JSON.parse(quiet.stdout) as { results: { id: string; status: string }[] }).results;
    expect(results.some((x) => x.id.startsWith('NDES-NET-'))).toBe(false);
    expect(results.find((x) => x.id === 'NDES-PRF-017')?.status).toBe('skip');

    const cloud = await cli(['lint-profile', 'test/fixtures/graph-profiles/windows-device-cloud-pki.json', '--probe']);
    expect(cloud.exitCode).toBe(3);
    expect(cloud.stderr).toBe('ndes-doctor: --probe: the profile has no SCEP server URL that can be probed.');
  });
});
