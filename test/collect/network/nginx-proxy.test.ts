import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ndesPki } from '../../helpers/network/pki.js';
import { startNginx, NGINX } from '../../helpers/network/nginx.js';
import { listen, ndesResponder, type Running } from '../../helpers/network/servers.js';
import { probeAndCheck } from '../../helpers/network/run.js';
import { installed, suiteName } from '../../helpers/requires.js';

const HAS_NGINX = installed(`nginx (${NGINX})`, existsSync(NGINX), 'nginx');

describe.runIf(HAS_NGINX)(suiteName('long-URL search through Debian nginx as a reverse proxy', HAS_NGINX, 'nginx'), () => {
  let ndes: Running;
  const stops: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    ndes = await listen(ndesResponder({ caCerts: [ndesPki().pkcs7] }));
  });
  afterAll(async () => {
    for (const stop of stops) await stop();
    await ndes.close();
  });

  test('default header buffers (4 8k): fails near 8 KB, at or below 16 KB, refused by the proxy with 414', async () => {
    const proxy = await startNginx(ndes.port);
    stops.push(proxy.stop);
    const { byId } = await probeAndCheck([`${proxy.origin}/certsrv/mscep/mscep.dll`]);
    expect(byId['NDES-NET-001']!.status).toBe('pass');
    const r = byId['NDES-NET-012']!;
    expect(r.status).toBe('fail');
    const d = r.evidence?.details as { largestAcceptedBytes: number; refusedBy: string; refusedAtBytes: number };
    expect(d.refusedBy).toBe('reverse-proxy');
    expect(r.evidence?.codes).toEqual(['414']);
    // The request line ("GET <target> HTTP/1.1") must fit one 8 KB buffer.
    expect(d.largestAcceptedBytes).toBeGreaterThan(8_192 - 1_100);
    expect(d.largestAcceptedBytes).toBeLessThan(8_192);
    expect(r.message).toMatch(/ A proxy or front end \(nginx\/[\d.]+\) refused it with 414\.$/);
    expect(r.message).toMatch(/at or below 16 KB/);
  });

  test("a proxy that answers mscep.dll's 403 itself: NDES-NET-001 warns, naming it, instead of crediting the policy module", async () => {
    const proxy = await startNginx(ndes.port, undefined, 'location ~ /mscep\\.dll$ { return 403; }');
    stops.push(proxy.stop);
    const { byId } = await probeAndCheck([`${proxy.origin}/certsrv/mscep/mscep.dll`], { longUrl: false });
    const r = byId['NDES-NET-001']!;
    expect(r).toMatchObject({ status: 'warn', severity: 'high' });
    expect(r.message).toMatch(/^mscep\.dll's 403 Forbidden is nginx\/[\d.]+'s own error page: a proxy or WAF in front of NDES refused the request/);
    expect(r.message).toMatch(/policy module cannot be confirmed/);
  });

  // nginx answers 414 when the request line ("GET <target> HTTP/1.1", 13 bytes more than the target) exceeds one buffer.
  test.each([
    ['16k', 'fail', /at or below 16 KB/], // 16,384-byte target refused
    ['17k', 'fail', /below 30 KB|30 KB/], // 16 KB passes, 30 KB does not
    ['30k', 'fail', /30 KB/], // 30,720-byte target refused
    ['31k', 'warn', /40 KB/], // 30 KB passes, 40 KB does not: seed 002 asks for 40 KB
    ['40k', 'warn', /40 KB/], // 40,960-byte target refused
    ['41k', 'pass', /40 KB/], // 40 KB passes, 65,000 does not
  ] as const)('a proxy with header buffers of %s: %s', async (size, status, why) => {
    const proxy = await startNginx(ndes.port, `4 ${size}`);
    stops.push(proxy.stop);
    const { byId } = await probeAndCheck([`${proxy.origin}/certsrv/mscep/mscep.dll`]);
    const r = byId['NDES-NET-012']!;
    expect(r.status).toBe(status);
    expect(r.message).toMatch(why);
    const d = r.evidence?.details as { largestAcceptedBytes: number; refusedBy: string; refusedAtBytes: number };
    expect(d.refusedBy).toBe('reverse-proxy');
    const buffer = Number.parseInt(size, 10) * 1_024;
    expect(d.largestAcceptedBytes).toBeLessThanOrEqual(buffer - 13);
    expect(d.refusedAtBytes).toBeGreaterThan(buffer - 13);
    if (status !== 'fail' || size !== '16k') expect(r.message).not.toMatch(/at or below 16 KB/);
  });

  test('raised buffers (4 128k): the whole 65,000-byte URL passes', async () => {
    const proxy = await startNginx(ndes.port, '4 128k');
    stops.push(proxy.stop);
    const { byId } = await probeAndCheck([`${proxy.origin}/certsrv/mscep/mscep.dll`]);
    expect(byId['NDES-NET-012']!.status).toBe('pass');
    expect((byId['NDES-NET-012']!.evidence?.details as { largestAcceptedBytes: number }).largestAcceptedBytes).toBe(65_000);
  });
});
