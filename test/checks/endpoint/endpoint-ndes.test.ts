import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { issue, ndesPki, certsOnlyPkcs7 } from '../../helpers/network/pki.js';
import { PAGES, listen, ndesResponder, type NdesOptions, type Running } from '../../helpers/network/servers.js';
import { caFile, FAST, probeAndCheck } from '../../helpers/network/run.js';
import { certificatesOf } from '../../../src/engine/certificates.js';

const DAY = 86_400_000;
const pki = ndesPki();
const tlsCert = issue({ cn: 'ndes.contoso.test', issuer: pki.ca, san: ['ndes.contoso.test'] });
const trust = caFile(pki.ca);
const resolve = { 'ndes.contoso.test': '127.0.0.1' };

const servers: Running[] = [];
async function ndes(o: Partial<NdesOptions> = {}) {
  const s = await listen(ndesResponder({ caCerts: [pki.pkcs7], ...o }), { key: tlsCert.keyPem, certChain: tlsCert.certPem });
  servers.push(s);
  return `https://ndes.contoso.test:${s.port}`;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

const statusOf = (byId: Record<string, { status: string }>) => Object.fromEntries(Object.entries(byId).map(([id, r]) => [id, r.status]));

describe('a healthy NDES endpoint (IIS + policy module), over TLS from a private CA', () => {
  let run: Awaited<ReturnType<typeof probeAndCheck>>;
  beforeAll(async () => {
    run = await probeAndCheck([await ndes()], { caFile: trust, resolve });
  });

  test('every endpoint check passes', () => {
    expect(statusOf(run.byId)).toEqual({
      'NDES-NET-001': 'pass',
      'NDES-NET-002': 'pass',
      'NDES-NET-003': 'pass',
      'NDES-NET-004': 'pass',
      'NDES-NET-005': 'pass',
      'NDES-NET-006': 'pass',
      'NDES-NET-007': 'pass',
      'NDES-NET-008': 'pass',
      'NDES-NET-009': 'pass',
      'NDES-NET-010': 'pass',
      'NDES-NET-011': 'pass',
      'NDES-NET-012': 'pass',
      'NDES-NET-013': 'pass',
      'NDES-NET-014': 'pass',
      'NDES-NET-015': 'skip',
      'NDES-NET-016': 'pass',
    });
  });

  test('the recording holds what an analyst needs, and the padding only as its length', () => {
    const t = run.targets[0]!;
    expect(t.url).toMatch(/^https:\/\/ndes\.contoso\.test:\d+\/certsrv\/mscep\/mscep\.dll$/);
    expect(t.tls?.handshake?.authorized).toBe(true);
    expect(t.tls?.handshake?.peerChain.length).toBeGreaterThanOrEqual(1);
    expect(t.tls?.versions['TLSv1.2'].accepted).toBe(true);
    const long = t.exchanges.filter((e) => e.purpose === 'long-url');
    expect(long[0]!.request.url).toMatch(/message=<padding:\d+ bytes>$/);
    expect(long[0]!.request.requestTargetBytes).toBe(65_000);
    expect(t.exchanges.filter((e) => e.purpose === 'getcacert')).toHaveLength(3);
    const admin = t.exchanges.find((e) => e.purpose === 'mscep-admin')!;
    expect(admin.response?.status).toBe(401);
    expect(admin.response?.bodyBase64).toBeUndefined();
  });

  test('RA expiry evidence gives days left for each RA certificate', () => {
    const r = run.byId['NDES-NET-003']!;
    const ras = (r.evidence?.details as { raCertificates: { role: string; template: string; daysLeft: number }[] }).raCertificates;
    expect(ras.map((x) => [x.role, x.template]).sort()).toEqual([
      ['ra-encryption', 'CEPEncryption'],
      ['ra-signing', 'EnrollmentAgentOffline'],
    ]);
    for (const x of ras) expect(x.daysLeft).toBeGreaterThan(690);
    // The shape monitoring reads (prometheus, run-to-run changes), the same for every certificate check.
    expect(certificatesOf(r).map((c) => [c.role, c.daysLeft])).toEqual(ras.map((x) => [x.role, x.daysLeft]));
    expect(certificatesOf(run.byId['NDES-NET-004']!)).toEqual([
      expect.objectContaining({ role: 'ca', subject: expect.stringContaining('CN='), daysLeft: run.byId['NDES-NET-004']!.evidence?.details?.['daysLeft'] }),
    ]);
    expect(certificatesOf(run.byId['NDES-NET-011']!)).toEqual([
      expect.objectContaining({ role: 'tls', subject: expect.stringContaining('CN=ndes.contoso.test'), notAfter: run.byId['NDES-NET-011']!.evidence?.details?.['notAfter'] }),
    ]);
  });
});

describe('mscep.dll statuses', () => {
  test('200 with the NDES page: no policy module, critical failure', async () => {
    const { byId } = await probeAndCheck([await ndes({ mscep: 'ndes-page' })], { caFile: trust, resolve });
    expect(byId['NDES-NET-001']!.status).toBe('fail');
    expect(byId['NDES-NET-001']!.severity).toBe('critical');
    expect(byId['NDES-NET-001']!.message).toMatch(/policy module is not active/);
    // Plain NDES is not an open door: it enforces one-time passwords from mscep_admin by default; Intune's challenges are what fail.
    expect(byId['NDES-NET-001']!.message).toMatch(/one-time challenge passwords from mscep_admin/);
    expect(byId['NDES-NET-001']!.message).toMatch(/Intune/);
    expect(byId['NDES-NET-001']!.message).not.toMatch(/static challenge|anyone who reaches/);
  });

  test('503 from HTTP.sys: the SCEP app pool is stopped, with commands to confirm it', async () => {
    const { byId } = await probeAndCheck([await ndes({ mscep: 'stopped' })], { caFile: trust, resolve });
    const r = byId['NDES-NET-001']!;
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/503.*HTTP\.sys.*application pool/);
    expect(r.remediation?.commands?.map((c) => c.text).join('\n')).toMatch(/Get-WebAppPoolState SCEP/);
    // WAS starts the pool with a batch logon (IIS_IUSRS holds it); "Log on as a service" is not what it needs.
    expect(r.remediation?.text).toMatch(/"Log on as a batch job", which it gets as a member of IIS_IUSRS/);
    expect(r.remediation?.text).not.toMatch(/Log on as a service/);
    expect(r.evidence?.codes).toEqual(['503']);
    // GetCACert answered 503 too: the RA check cannot decide, and says why.
    expect(byId['NDES-NET-003']!.status).toBe('error');
    expect(byId['NDES-NET-003']!.message).toMatch(/HTTP 503/);
  });

  test("only IIS's 403 is the policy module's: by its Server header or, without one, by its own page", async () => {
    const answering = async (headers: Record<string, string>, body: string | Buffer) => {
      const respond = ndesResponder({ caCerts: [pki.pkcs7] });
      const s = await listen((req, res) => (req.url === '/certsrv/mscep/mscep.dll' ? res.writeHead(403, headers).end(body) : respond(req, res)));
      servers.push(s);
      return (await probeAndCheck([`${s.origin}/certsrv/mscep/mscep.dll`], { longUrl: false, affinityCalls: 1 })).byId['NDES-NET-001']!;
    };
    const apache = '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>403 Forbidden</title>\n</head><body>\n<h1>Forbidden</h1>\n<p>You don\'t have permission to access this resource.</p>\n</body></html>\n';
    const refused = await answering({ server: 'Apache/2.4.62 (Debian)', 'content-type': 'text/html' }, apache);
    expect(refused).toMatchObject({ status: 'warn', message: expect.stringMatching(/^mscep\.dll answers 403 Forbidden from Apache\/2\.4\.62 \(Debian\), with a page that is not IIS's/) });
    expect((await answering({ server: 'cloudflare' }, '')).status).toBe('warn');
    expect((await answering({ server: 'Microsoft-HTTPAPI/2.0' }, '')).status).toBe('warn');
    // IIS told to leave out its Server header (removeServerHeader) still writes its own page; with the header, any page passes.
    expect((await answering({ 'content-type': 'text/html' }, PAGES.iis403)).status).toBe('pass');
    expect((await answering({ server: 'Microsoft-IIS/10.0' }, '')).status).toBe('pass');
  });

  test('401 and 500 are explained', async () => {
    const a = await probeAndCheck([await ndes({ mscep: 'auth-401' })], { caFile: trust, resolve, longUrl: false });
    expect(a.byId['NDES-NET-001']!.message).toMatch(/Anonymous authentication/);
    // NDES setup enables Windows authentication beside Anonymous on mscep; only Anonymous matters.
    expect(a.byId['NDES-NET-001']!.remediation?.commands?.map((c) => c.text).join('\n')).not.toMatch(/windowsAuthentication/);
    const b = await probeAndCheck([await ndes({ mscep: 'error-500' })], { caFile: trust, resolve, longUrl: false });
    expect(b.byId['NDES-NET-001']!.message).toMatch(/RA certificates/);
    expect(b.byId['NDES-NET-001']!.evidence?.codes).toEqual(['500']);
  });
});

describe('RA and CA certificates from GetCACert', () => {
  test('an expired RA certificate fails loudly, with the days', async () => {
    const old = ndesPki({ raNotAfter: new Date(Date.now() - 3 * DAY) });
    const { byId } = await probeAndCheck([await ndes({ caCerts: [old.pkcs7] })], { caFile: trust, resolve, longUrl: false });
    const r = byId['NDES-NET-003']!;
    expect(r.status).toBe('fail');
    expect(r.severity).toBe('critical');
    expect(r.message).toMatch(/^NDES RA CERTIFICATE EXPIRED/);
    expect(r.evidence?.details?.['daysLeft']).toBeLessThan(0);
  });

  test('CA and RA certificates dated in the future fail as not valid yet', async () => {
    const early = ndesPki({ notBefore: new Date(Date.now() + 2 * DAY) });
    const { byId } = await probeAndCheck([await ndes({ caCerts: [early.pkcs7] })], { caFile: trust, resolve, longUrl: false });
    expect(byId['NDES-NET-003']!.status).toBe('fail');
    expect(byId['NDES-NET-003']!.message).toMatch(/^NDES RA certificate not valid yet: .*valid from/);
    expect(byId['NDES-NET-004']!.status).toBe('fail');
    expect(byId['NDES-NET-004']!.message).toMatch(/is not valid until/);
  });

  test('renewed RA certificates from duplicated (V2) templates are read and judged like the stock ones', async () => {
    const renewed = ndesPki({ raTemplates: 'v2', raNotAfter: new Date(Date.now() + 30.5 * DAY) });
    const { byId } = await probeAndCheck([await ndes({ caCerts: [renewed.pkcs7] })], { caFile: trust, resolve, longUrl: false });
    const r = byId['NDES-NET-003']!;
    expect(r.status).toBe('warn');
    const ras = (r.evidence?.details as { raCertificates: { role: string; template: string }[] }).raCertificates;
    expect(ras.map((x) => x.role).sort()).toEqual(['ra-encryption', 'ra-signing']);
    expect(ras.every((x) => x.template.startsWith('1.3.6.1.4.1.311.21.8.'))).toBe(true);
    expect(r.status === 'warn' && r.remediation?.commands?.[0]?.text).toContain("'1.3.6.1.4.1.311.20.2', '1.3.6.1.4.1.311.21.7'");
    for (const id of ['NDES-NET-004', 'NDES-NET-005', 'NDES-NET-006']) expect(byId[id]!.status).toBe('pass');
  });

  test('an RA certificate with 20 days left warns', async () => {
    const soon = ndesPki({ raNotAfter: new Date(Date.now() + 20.5 * DAY) });
    const { byId } = await probeAndCheck([await ndes({ caCerts: [soon.pkcs7] })], { caFile: trust, resolve, longUrl: false });
    expect(byId['NDES-NET-003']!.status).toBe('warn');
    expect(byId['NDES-NET-003']!.evidence?.details?.['daysLeft']).toBe(20);
    expect(certificatesOf(byId['NDES-NET-003']!).map((c) => c.daysLeft)).toEqual([20, 20]);
  });

  test('RA certificates from another CA fail NDES-NET-005; SHA-1 and 1024-bit keys are reported', async () => {
    const other = issue({ cn: 'Old Issuing CA', ca: true });
    const foreign = ndesPki({ raIssuer: other });
    const r1 = await probeAndCheck([await ndes({ caCerts: [foreign.pkcs7] })], { caFile: trust, resolve, longUrl: false });
    expect(r1.byId['NDES-NET-005']!.status).toBe('fail');
    expect(r1.byId['NDES-NET-005']!.message).toMatch(/Old Issuing CA/);

    const sha1 = ndesPki({ hash: 'sha1' });
    const r2 = await probeAndCheck([await ndes({ caCerts: [sha1.pkcs7] })], { caFile: trust, resolve, longUrl: false });
    expect(r2.byId['NDES-NET-006']!.status).toBe('warn');
    expect(r2.byId['NDES-NET-006']!.message).toMatch(/sha1/);

    const small = ndesPki({ raBits: 1024 });
    const r3 = await probeAndCheck([await ndes({ caCerts: [small.pkcs7] })], { caFile: trust, resolve, longUrl: false });
    expect(r3.byId['NDES-NET-006']!.status).toBe('fail');
    expect(r3.byId['NDES-NET-006']!.message).toMatch(/1024-bit/);
  });

  test.each([
    ['a SHA-1 signed self-signed root as the CA', { caHash: 'sha1' }, /sha1/],
    ['an RSASSA-PSS signed self-signed root as the CA', { caHash: 'rsassa-pss' }, /rsassa-pss/],
  ] as const)('%s fails: iOS and macOS reject it, and a root is not exempt', async (_, o, hash) => {
    const weak = ndesPki(o);
    const { byId } = await probeAndCheck([await ndes({ caCerts: [weak.pkcs7] })], { caFile: trust, resolve, longUrl: false });
    const r = byId['NDES-NET-006']!;
    expect(r.status).toBe('fail');
    expect(r.severity).toBe('high');
    expect(r.message).toMatch(hash);
    expect(r.message).toMatch(/Contoso Issuing CA/);
    expect(r.message).toMatch(/iOS/);
    expect(r.status === 'fail' && r.remediation?.text).toMatch(/SHA256/);
  });

  test('an issuing CA signed with SHA-1 by its root fails; the same chain signed with SHA-256 passes', async () => {
    const root = issue({ cn: 'Contoso Root CA', ca: true });
    const chain = (hash: 'sha1' | 'sha256') => {
      const issuing = issue({ cn: 'Contoso Issuing CA 2', ca: true, issuer: root, hash });
      const p = ndesPki({ raIssuer: issuing });
      return certsOnlyPkcs7([p.signing, p.encryption, issuing]);
    };
    const weak = await probeAndCheck([await ndes({ caCerts: [chain('sha1')] })], { caFile: trust, resolve, longUrl: false });
    expect(weak.byId['NDES-NET-006']!.status).toBe('fail');
    expect(weak.byId['NDES-NET-006']!.message).toMatch(/Contoso Issuing CA 2.*sha1/);
    const strong = await probeAndCheck([await ndes({ caCerts: [chain('sha256')] })], { caFile: trust, resolve, longUrl: false });
    expect(strong.byId['NDES-NET-006']!.status).toBe('pass');
  });

  test('an HTML page instead of the PKCS#7 gives error, not a crash', async () => {
    const { byId } = await probeAndCheck([await ndes({ caCerts: [PAGES.iis403] })], { caFile: trust, resolve, longUrl: false });
    expect(byId['NDES-NET-003']!.status).toBe('error');
    expect(byId['NDES-NET-003']!.message).toMatch(/not a certificate bundle/);
  });

  test('a GetCACert body that drips past the request time limit is a timeout, not a body cut at the size cap', async () => {
    const respond = ndesResponder({ caCerts: [pki.pkcs7] });
    const s = await listen((req, res) => {
      if (!req.url?.includes('GetCACert')) return respond(req, res);
      res.writeHead(200, { 'content-type': 'application/x-x509-ca-ra-cert', 'content-length': String(pki.pkcs7.byteLength) });
      let at = 0;
      const drip = setInterval(() => (res.destroyed || at >= pki.pkcs7.byteLength ? clearInterval(drip) : res.write(pki.pkcs7.subarray(at, ++at))), 100);
      res.on('close', () => clearInterval(drip));
    });
    servers.push(s);
    const { byId } = await probeAndCheck([`${s.origin}/certsrv/mscep/mscep.dll`], { longUrl: false, affinityCalls: 1, limits: { ...FAST, requestTimeoutMs: 1_500 } });
    const r = byId['NDES-NET-003']!;
    expect(r.status).toBe('error');
    expect(r.message).toMatch(/E_TIMEOUT/);
    expect(r.message).not.toMatch(/size cap/);
  });

  test('a single CA certificate and no RA: fail', async () => {
    const { byId } = await probeAndCheck([await ndes({ caCerts: [certsOnlyPkcs7([pki.ca])] })], { caFile: trust, resolve, longUrl: false });
    expect(byId['NDES-NET-003']!.status).toBe('fail');
    expect(byId['NDES-NET-003']!.message).toMatch(/no RA certificate/);
  });
});

describe('GetCACaps', () => {
  test('SHA-1/DES3 only warns', async () => {
    const { byId } = await probeAndCheck([await ndes({ caps: PAGES.capsLegacy })], { caFile: trust, resolve, longUrl: false });
    expect(byId['NDES-NET-002']!.status).toBe('warn');
    expect(byId['NDES-NET-002']!.evidence?.details?.['capabilities']).toEqual(['Renewal', 'SHA-1', 'DES3']);
  });
});

describe('load balancer without affinity', () => {
  test('different RA certificates on different connections fail NDES-NET-013', async () => {
    const second = ndesPki();
    const { byId } = await probeAndCheck([await ndes({ caCerts: [pki.pkcs7, second.pkcs7] })], { caFile: trust, resolve, longUrl: false });
    expect(byId['NDES-NET-013']!.status).toBe('fail');
    expect(byId['NDES-NET-013']!.message).toMatch(/three separate SCEP calls/);
  });
});

describe('load balancer: a connection without the RA certificates is not a connection that reached them', () => {
  /** NDES as usual, except that the second GetCACert request gets `odd`. */
  async function secondCall(odd: (res: import('node:http').ServerResponse) => void) {
    const respond = ndesResponder({ caCerts: [pki.pkcs7] });
    let calls = 0;
    const s = await listen((req, res) => ((req.url ?? '').includes('operation=GetCACert') && ++calls === 2 ? odd(res) : respond(req, res)));
    servers.push(s);
    return (await probeAndCheck([`${s.origin}/certsrv/mscep/mscep.dll`], { longUrl: false })).byId['NDES-NET-013']!;
  }

  test('one connection answered by something else (a 503) warns; dropped without an answer, the comparison is an error', async () => {
    const other = await secondCall((res) => res.writeHead(503, { server: 'Microsoft-HTTPAPI/2.0' }).end(PAGES.httpSys503));
    expect(other).toMatchObject({ status: 'warn', message: expect.stringMatching(/^1 of 3 new connections to 127\.0\.0\.1 got an answer other than the RA certificates \(HTTP 503\), while 2 got the same ones/) });
    const dropped = await secondCall((res) => res.socket?.destroy());
    expect(dropped).toMatchObject({ status: 'error', message: expect.stringMatching(/^Could not compare every connection to 127\.0\.0\.1: 2 of 3 GetCACert answers carried the same RA certificates, and 1 got no whole answer/) });
    expect((await secondCall((res) => res.writeHead(200).end('not a PKCS#7'))).message).toMatch(/\(HTTP 200 without readable RA certificates\)/);
    // Counted apart: a connection that got no answer is not one that got another answer.
    let calls = 0;
    const respond = ndesResponder({ caCerts: [pki.pkcs7] });
    const s = await listen((req, res) => {
      if (!(req.url ?? '').includes('operation=GetCACert')) return respond(req, res);
      calls++;
      if (calls === 2) return res.writeHead(503).end();
      if (calls === 3) return res.socket?.destroy();
      respond(req, res);
    });
    servers.push(s);
    const both = (await probeAndCheck([`${s.origin}/certsrv/mscep/mscep.dll`], { longUrl: false, affinityCalls: 4 })).byId['NDES-NET-013']!;
    expect(both).toMatchObject({ status: 'warn', message: expect.stringMatching(/^1 of 4 new connections to 127\.0\.0\.1 got an answer other than the RA certificates \(HTTP 503\), while 2 got the same ones/) });
  });
});

describe('mscep_admin exposure', () => {
  test('an anonymous challenge page is critical and the password is never recorded', async () => {
    const { byId, targets } = await probeAndCheck([await ndes({ admin: 'password' })], { caFile: trust, resolve, longUrl: false });
    expect(byId['NDES-NET-014']!.status).toBe('fail');
    expect(byId['NDES-NET-014']!.severity).toBe('critical');
    const everything = JSON.stringify(targets) + JSON.stringify(byId);
    expect(everything).not.toContain('8CE317021F690069');
    expect(everything).not.toContain(Buffer.from('8CE317021F690069', 'utf16le').toString('base64').slice(0, 16));
  });

  test('a Japanese challenge page is as exposed as an English one', async () => {
    const { byId, targets } = await probeAndCheck([await ndes({ admin: 'password-ja' })], { caFile: trust, resolve, longUrl: false });
    expect(byId['NDES-NET-014']!.status).toBe('fail');
    expect(JSON.stringify(targets)).not.toContain('0E77B1C9A25F4D38');
  });

  test('a certificate ndes-doctor does not trust does not hide an exposed page: an attacker does not verify it', async () => {
    // No --ca-file: the probe's TLS verification refuses this private CA, as it would for any client without it.
    const { byId, targets } = await probeAndCheck([await ndes({ admin: 'password' })], { resolve, longUrl: false });
    expect(byId['NDES-NET-008']!.status).toBe('skip');
    const r = byId['NDES-NET-014']!;
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/challenge passwords/);
    const admin = targets[0]!.exchanges.find((e) => e.purpose === 'mscep-admin')!;
    expect(admin.request.certificateVerified).toBe(false);
    expect(JSON.stringify(targets)).not.toContain('8CE317021F690069');
  });

  test('401 from mscep_admin passes even when the certificate is not trusted', async () => {
    const { byId } = await probeAndCheck([await ndes({ admin: 'auth' })], { resolve, longUrl: false });
    expect(byId['NDES-NET-014']!.status).toBe('pass');
  });

  test.each([
    ['a reset', (sock: import('node:net').Socket) => sock.destroy()],
    ['HTTP 500', undefined],
  ] as const)('%s from mscep_admin is "could not decide" (error), never a pass', async (_, drop) => {
    const respond = ndesResponder({ caCerts: [pki.pkcs7] });
    const s = await listen(
      (req, res) => {
        if (!req.url?.startsWith('/certsrv/mscep_admin')) return respond(req, res);
        if (drop) return drop(req.socket);
        res.writeHead(500, { server: 'Microsoft-IIS/10.0', 'content-type': 'text/html' }).end('<title>500 - Internal server error.</title>');
      },
      { key: tlsCert.keyPem, certChain: tlsCert.certPem },
    );
    servers.push(s);
    const { byId } = await probeAndCheck([`https://ndes.contoso.test:${s.port}`], { caFile: trust, resolve, longUrl: false });
    const r = byId['NDES-NET-014']!;
    expect(r.status).toBe('error');
    expect(r.message).toMatch(/could not tell/i);
  });

  test('the "no permission" page only warns', async () => {
    const { byId } = await probeAndCheck([await ndes({ admin: 'no-permission' })], { caFile: trust, resolve, longUrl: false });
    expect(byId['NDES-NET-014']!.status).toBe('warn');
  });
});

describe('long-URL path (NDES-NET-012): the NDES server\'s own limit is judged by Microsoft\'s documented settings', () => {
  // [largest accepted, smallest refused]: above 30,720 bytes the thresholds decide the verdict and the search stops
  // there; below it the limit is a failure, narrowed to about 1 KB to tell which setting it is.
  const narrowed = 'narrowed';
  test.each([
    // HTTP.sys with MaxFieldLength 65534 stops near 32K characters: a refusal above 30 KB is the documented configuration.
    ['http-sys-400', 31_000, 'pass', 'http-sys', '400', [30_720, 40_960]],
    ['http-sys-400', 30_000, 'fail', 'http-sys', '400', narrowed],
    ['iis-404.15', 50_000, 'pass', 'iis-request-filtering', '404.15', [40_960, 65_000]],
    ['iis-404', 20_000, 'fail', 'iis-request-filtering', '404', narrowed],
    // At or below 16 KB (the HTTP.sys default region) fails whichever layer; just above, the NDES layer still fails.
    ['http-sys-414', 16_000, 'fail', 'http-sys', '414', narrowed],
    ['http-sys-414', 17_000, 'fail', 'http-sys', '414', narrowed],
    // A dropped connection is a front layer: 40 KB (seed 002) decides pass or warn.
    ['reset', 45_000, 'pass', 'connection', undefined, [40_960, 65_000]],
    ['reset', 35_000, 'warn', 'connection', undefined, [30_720, 40_960]],
    // A 200 page that is not GetCACaps' own answer is a front end answering in NDES's place, not an acceptance.
    ['waf-200', 45_000, 'pass', 'reverse-proxy', '200', [40_960, 65_000]],
    ['waf-200', 20_000, 'fail', 'reverse-proxy', '200', narrowed],
  ] as const)('refused by %s above %i bytes: %s, layer %s', async (refuse, bytes, status, layer, code, searched) => {
    const { byId } = await probeAndCheck([await ndes({ urlLimit: { bytes, refuse } })], { caFile: trust, resolve });
    const r = byId['NDES-NET-012']!;
    expect(r.status).toBe(status);
    const d = r.evidence?.details as { largestAcceptedBytes: number; refusedBy: string; refusedAtBytes: number; attempts: unknown[] };
    expect(d.refusedBy).toBe(layer);
    if (searched === narrowed) {
      expect(d.largestAcceptedBytes).toBeLessThanOrEqual(bytes);
      expect(d.largestAcceptedBytes).toBeGreaterThan(bytes - 1_100);
      expect(d.refusedAtBytes).toBeGreaterThan(bytes);
      expect(d.refusedAtBytes - d.largestAcceptedBytes).toBeLessThanOrEqual(1_024);
    } else {
      expect([d.largestAcceptedBytes, d.refusedAtBytes]).toEqual(searched);
      // 65,000, then each threshold down to the one accepted, and no more.
      expect(d.attempts).toHaveLength(1 + [40_960, 30_720].filter((t) => t >= searched[0]).length);
    }
    expect(r.message).toContain(`${d.largestAcceptedBytes}`);
    if (bytes < 16_384) expect(r.message).toMatch(/16 KB/);
    else expect(r.message).not.toMatch(/at or below 16 KB/);
    // A reset has no HTTP status: the code is the socket error, which depends on when the reset lands.
    expect(r.evidence?.codes).toEqual([code ?? expect.stringMatching(/^(UND_ERR_SOCKET|ECONNRESET|EPIPE)$/)]);
  });

  test('a long request that times out is "could not decide", never a refused size', async () => {
    const limits = { ...FAST, headersTimeoutMs: 1_000, requestTimeoutMs: 1_500 };
    const { byId } = await probeAndCheck([await ndes({ urlLimit: { bytes: 20_000, refuse: 'hang' } })], { caFile: trust, resolve, limits });
    const r = byId['NDES-NET-012']!;
    expect(r.status).toBe('error');
    expect(r.message).toMatch(/could not decide/i);
    expect(r.message).toMatch(/65000 bytes/);
    const d = r.evidence?.details as { refusedAtBytes: number | null; undecidedAtBytes: number | null };
    expect(d.refusedAtBytes).toBeNull();
    expect(d.undecidedAtBytes).toBe(65_000);
  });
});

describe('a body cut short by the connection is no answer to judge (NDES-NET-001, NDES-NET-002)', () => {
  /** NDES as usual, except that the request `match` picks gets its headers and only the first `bytes` of `body`, then a closed connection. */
  async function cutting(match: (target: string) => boolean, status: number, body: Buffer, bytes: number) {
    const respond = ndesResponder({ caCerts: [pki.pkcs7] });
    const s = await listen((req, res) => {
      if (!match(req.url ?? '')) return respond(req, res);
      res.writeHead(status, { server: 'Microsoft-IIS/10.0', 'content-type': 'text/html', 'content-length': String(body.byteLength) });
      res.write(body.subarray(0, bytes), () => (bytes < body.byteLength ? res.socket?.destroy() : res.end()));
    });
    servers.push(s);
    return (await probeAndCheck([`${s.origin}/certsrv/mscep/mscep.dll`], { longUrl: false, affinityCalls: 1 })).byId;
  }
  const mscep = (target: string) => target === '/certsrv/mscep/mscep.dll';
  const caps = (target: string) => target.includes('operation=GetCACaps');

  test('mscep.dll pages cut short give error, whatever their start looks like', async () => {
    for (const [status, page] of [[200, PAGES.ndesPage], [403, PAGES.iis403]] as const) {
      const r = (await cutting(mscep, status, page, 100))['NDES-NET-001']!;
      expect([status, r.status, r.error?.code]).toEqual([status, 'error', 'E_NETWORK']);
      expect(r.message).toMatch(new RegExp(`^Could not read what mscep\\.dll answers: GET http://127\\.0\\.0\\.1:\\d+/certsrv/mscep/mscep\\.dll answered HTTP ${status} but its body stopped after 100 bytes with \\S+ \\(.+\\)\\.$`));
    }
  });

  test('the same mscep.dll pages sent whole are judged as before: the NDES page fails, the IIS 403 passes', async () => {
    expect((await cutting(mscep, 200, PAGES.ndesPage, PAGES.ndesPage.byteLength))['NDES-NET-001']!.status).toBe('fail');
    expect((await cutting(mscep, 403, PAGES.iis403, PAGES.iis403.byteLength))['NDES-NET-001']!.status).toBe('pass');
  });

  test('a capability list cut short (before any line, or inside one) gives error, not "no capabilities" or "no SHA-256"', async () => {
    for (const bytes of [0, 20]) {
      const r = (await cutting(caps, 200, PAGES.capsNdes, bytes))['NDES-NET-002']!;
      expect([bytes, r.status, r.error?.code]).toEqual([bytes, 'error', 'E_NETWORK']);
      expect(r.message).toMatch(new RegExp(`^Could not read the SCEP capabilities: GET .*operation=GetCACaps.* answered HTTP 200 but its body stopped after ${bytes} bytes with `));
    }
  });

  test('a GetCACaps status other than 200 still fails on the status alone, cut body or not; the whole list passes', async () => {
    const r = (await cutting(caps, 404, PAGES.iis404, 10))['NDES-NET-002']!;
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/^GetCACaps answers HTTP 404 instead of the capability list/);
    expect((await cutting(caps, 200, PAGES.capsNdes, PAGES.capsNdes.byteLength))['NDES-NET-002']!.status).toBe('pass');
  });
});

describe('a body the probe did not read whole, or could not read, is no answer to judge either', () => {
  /** NDES as usual, except that GetCACaps and mscep.dll get `answer`; the Accept-Encoding each request sent is kept. */
  async function answering(answer: (res: import('node:http').ServerResponse) => void) {
    const respond = ndesResponder({ caCerts: [pki.pkcs7] });
    const asked: (string | undefined)[] = [];
    const s = await listen((req, res) => {
      asked.push(req.headers['accept-encoding']);
      const target = req.url ?? '';
      if (target === '/certsrv/mscep/mscep.dll' || target.includes('operation=GetCACaps')) return answer(res);
      respond(req, res);
    });
    servers.push(s);
    return { byId: (await probeAndCheck([`${s.origin}/certsrv/mscep/mscep.dll`], { longUrl: false, affinityCalls: 1 })).byId, asked };
  }

  test('a body longer than the size cap is not read as the capability list or the mscep.dll page', async () => {
    // The real list after 300 KB of padding: read as far as the cap, it would be "no capabilities".
    const body = Buffer.concat([Buffer.from(`${'#'.repeat(300 * 1024)}\r\n`), PAGES.capsNdes]);
    const { byId } = await answering((res) => res.writeHead(200, { server: 'Microsoft-IIS/10.0', 'content-type': 'text/plain' }).end(body));
    for (const id of ['NDES-NET-001', 'NDES-NET-002']) {
      expect([id, byId[id]!.status, byId[id]!.error?.code]).toEqual([id, 'error', 'E_NETWORK']);
      expect(byId[id]!.message).toMatch(/answered HTTP 200 with a body longer than the 262144 bytes ndes-doctor reads, so it was not read whole/);
    }
  });

  test('the probe asks for no content coding, and a compressed answer is not judged; an identity one is', async () => {
    const gzip = await answering((res) => res.writeHead(200, { server: 'Microsoft-IIS/10.0', 'content-encoding': 'gzip' }).end(gzipSync(PAGES.capsNdes)));
    expect(gzip.asked.length).toBeGreaterThan(0);
    expect(gzip.asked.every((a) => a === 'identity')).toBe(true);
    expect(gzip.byId['NDES-NET-002']).toMatchObject({ status: 'error', message: expect.stringMatching(/answered HTTP 200 with its body in Content-Encoding gzip, although ndes-doctor asked for none/) });
    const identity = await answering((res) => res.writeHead(200, { server: 'Microsoft-IIS/10.0', 'content-encoding': 'identity' }).end(PAGES.capsNdes));
    expect(identity.byId['NDES-NET-002']!.status).toBe('pass');
  });
});

describe('NDES-NET-001 and the IIS sub-status of a 403', () => {
  /** IIS's detailed error page (on the server itself, or with errorMode="Detailed"), in the shape of the 404.15 fixture. */
  const detailed403 = (sub: string) =>
    Buffer.from(PAGES.iis40415.toString('latin1').replace(/404\.15 - Not Found/g, `${sub} - Forbidden`), 'latin1');
  async function mscepAnswers(page: Buffer) {
    const respond = ndesResponder({ caCerts: [pki.pkcs7] });
    const s = await listen((req, res) => {
      if (req.url !== '/certsrv/mscep/mscep.dll') return respond(req, res);
      res.writeHead(403, { server: 'Microsoft-IIS/10.0', 'content-type': 'text/html', 'content-length': String(page.byteLength) });
      res.end(page);
    });
    servers.push(s);
    return (await probeAndCheck([`${s.origin}/certsrv/mscep/mscep.dll`], { longUrl: false, affinityCalls: 1 })).byId['NDES-NET-001']!;
  }

  test('a non-zero sub-status shown on the page warns (high) and names it: IIS refused, not the policy module', async () => {
    const ssl = await mscepAnswers(detailed403('403.4'));
    expect(ssl).toMatchObject({ status: 'warn', severity: 'high' });
    expect(ssl.message).toBe(
      'mscep.dll answers 403.4 (SSL required), not the 403.0 Microsoft expects: IIS refused the request for a reason of its own before NDES answered, so the Intune policy module cannot be confirmed, and devices may be refused the same way.',
    );
    expect(ssl.evidence).toMatchObject({ actual: 'HTTP 403.4 from Microsoft-IIS/10.0', codes: ['403.4'], details: { knowledge: { '403.4': '403.4 SSL required' } } });
    expect(ssl.remediation?.text).toMatch(/sc-substatus 4\)/);
    for (const sub of ['403.6', '403.502']) {
      const r = await mscepAnswers(detailed403(sub));
      expect([sub, r.status]).toEqual([sub, 'warn']);
      expect(r.message).toMatch(new RegExp(`^mscep\\.dll answers ${sub.replace('.', '\\.')}, not the 403\\.0 Microsoft expects`));
      // The knowledge base has no entry for these: plain 403's "healthy" label must not stand in for one.
      expect(r.evidence?.details).toBeUndefined();
    }
  });

  test('403.0, and a 403 page that shows no sub-status, pass', async () => {
    const zero = await mscepAnswers(detailed403('403.0'));
    expect(zero.status).toBe('pass');
    expect(zero.evidence?.actual).toBe('HTTP 403.0 from Microsoft-IIS/10.0');
    const generic = await mscepAnswers(PAGES.iis403);
    expect(generic.status).toBe('pass');
    expect(generic.evidence?.actual).toBe('HTTP 403 from Microsoft-IIS/10.0');
  });
});
