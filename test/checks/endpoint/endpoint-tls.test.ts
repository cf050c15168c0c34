import net from 'node:net';
import { afterAll, describe, expect, test } from 'vitest';
import { issue, ndesPki } from '../../helpers/network/pki.js';
import { listen, listenOn, ndesResponder, type Running, type TlsOptions } from '../../helpers/network/servers.js';
import { caFile, probeAndCheck } from '../../helpers/network/run.js';

const DAY = 86_400_000;
const NAME = 'ndes.contoso.test';
const resolve = { [NAME]: '127.0.0.1' };
const pki = ndesPki();
const root = issue({ cn: 'Contoso Root CA', ca: true, notAfter: new Date(Date.now() + 3650 * DAY) });
const intermediate = issue({ cn: 'Contoso TLS CA', ca: true, issuer: root });
const trust = caFile(root);

const servers: Running[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function serve(tls: Omit<TlsOptions, 'key' | 'certChain'> & { leaf: ReturnType<typeof issue>; chain?: ReturnType<typeof issue>[] }) {
  const { leaf, chain = [], ...rest } = tls;
  const s = await listen(ndesResponder({ caCerts: [pki.pkcs7] }), { key: leaf.keyPem, certChain: [leaf, ...chain].map((c) => c.certPem).join(''), ...rest });
  servers.push(s);
  return `https://${NAME}:${s.port}`;
}

const leafFor = (o: Partial<Parameters<typeof issue>[0]> = {}) => issue({ cn: NAME, issuer: intermediate, san: [NAME], ...o });
const check = (url: string, extra = {}) => probeAndCheck([url], { caFile: trust, resolve, longUrl: false, ...extra });

describe('TLS of the endpoint against real TLS servers on 127.0.0.1', () => {
  test('a valid chain (leaf + intermediate) passes every TLS check; TLS 1.0/1.1 refused', async () => {
    const { byId, targets } = await check(await serve({ leaf: leafFor(), chain: [intermediate] }));
    for (const id of ['NDES-NET-007', 'NDES-NET-008', 'NDES-NET-009', 'NDES-NET-010', 'NDES-NET-011', 'NDES-NET-016']) expect([id, byId[id]!.status]).toEqual([id, 'pass']);
    expect(targets[0]!.tls!.versions.TLSv1.accepted).toBe(false);
    expect(targets[0]!.tls!.versions['TLSv1.1'].accepted).toBe(false);
  });

  test("a certificate valid for more than Apple's 825 days warns (medium), naming Apple's devices; 825 days pass", async () => {
    const start = new Date(Date.now() - DAY);
    const long = await check(await serve({ leaf: leafFor({ notBefore: start, notAfter: new Date(start.getTime() + 3 * 365 * DAY) }), chain: [intermediate] }));
    const r = long.byId['NDES-NET-016']!;
    expect(r).toMatchObject({ status: 'warn', severity: 'medium' });
    expect(r.message).toMatch(/valid for 1095 days, more than the 825 days iOS\/iPadOS 13 and macOS 10\.15/);
    expect(r.evidence?.expected).toBe('issued before 2019-07-01, or valid for 825 days at most');
    const ok = await check(await serve({ leaf: leafFor({ notBefore: start, notAfter: new Date(start.getTime() + 825 * DAY) }), chain: [intermediate] }));
    expect(ok.byId['NDES-NET-016']!.status).toBe('pass');
  });

  test('without --ca-file a chain ending in a private root cannot be judged: it says so and points to --ca-file', async () => {
    const { byId } = await probeAndCheck([await serve({ leaf: leafFor(), chain: [intermediate] })], { resolve, longUrl: false });
    const r = byId['NDES-NET-008']!;
    expect(r.status).toBe('skip');
    expect(r.message).toMatch(/private root/);
    expect(r.message).toMatch(/"O=Contoso Test, CN=Contoso Root CA"/);
    expect(r.message).toMatch(/--ca-file/);
    expect(r.message).not.toMatch(/intermediate CA certificate\(s\)\)?|without the intermediate/);
    expect(byId['NDES-NET-001']!.status).toBe('error');
    expect(byId['NDES-NET-001']!.error?.code).toBe('E_TLS_HANDSHAKE');
  });

  test('a private root sent with the chain but not trusted is a private root too, not a missing intermediate', async () => {
    const { byId } = await probeAndCheck([await serve({ leaf: leafFor(), chain: [intermediate, root] })], { resolve, longUrl: false });
    expect(byId['NDES-NET-008']!.status).toBe('skip');
    expect(byId['NDES-NET-008']!.message).toMatch(/private root "O=Contoso Test, CN=Contoso Root CA"/);
  });

  test('a leaf straight from a private root, sent alone, is not called a missing intermediate without --ca-file; with it, it passes', async () => {
    const single = issue({ cn: NAME, issuer: root, san: [NAME] });
    const url = await serve({ leaf: single });
    const without = await probeAndCheck([url], { resolve, longUrl: false });
    expect(without.byId['NDES-NET-008']!.status).toBe('skip');
    expect(without.byId['NDES-NET-008']!.message).toMatch(/--ca-file/);
    expect(without.byId['NDES-NET-008']!.message).not.toMatch(/without the intermediate/);
    expect((await check(url)).byId['NDES-NET-008']!.status).toBe('pass');
  });

  test('with --ca-file, a chain ending in another root fails and names it', async () => {
    const otherRoot = issue({ cn: 'Fabrikam Root CA', ca: true });
    const otherIssuing = issue({ cn: 'Fabrikam TLS CA', ca: true, issuer: otherRoot });
    const { byId } = await check(await serve({ leaf: issue({ cn: NAME, issuer: otherIssuing, san: [NAME] }), chain: [otherIssuing] }));
    expect(byId['NDES-NET-008']!.status).toBe('fail');
    expect(byId['NDES-NET-008']!.message).toMatch(/Fabrikam Root CA/);
    expect(byId['NDES-NET-008']!.message).toMatch(/ca\.pem/);
  });

  test('an expired certificate fails the expiry and trust checks', async () => {
    const leaf = leafFor({ notBefore: new Date(Date.now() - 400 * DAY), notAfter: new Date(Date.now() - 2 * DAY) });
    const { byId } = await check(await serve({ leaf, chain: [intermediate] }));
    expect(byId['NDES-NET-011']!.status).toBe('fail');
    expect(byId['NDES-NET-011']!.message).toMatch(/EXPIRED/);
    expect(byId['NDES-NET-008']!.status).toBe('fail');
    expect(byId['NDES-NET-008']!.message).toMatch(/\(CERT_HAS_EXPIRED\): the server certificate "O=Contoso Test, CN=ndes\.contoso\.test" \(see NDES-NET-011\)\.$/);
  });

  test('an expired intermediate CA fails the trust check, named there, while the server certificate itself passes its expiry', async () => {
    const expiredCa = issue({ cn: 'Contoso Old TLS CA', ca: true, issuer: root, notBefore: new Date(Date.now() - 800 * DAY), notAfter: new Date(Date.now() - 3 * DAY) });
    const { byId } = await check(await serve({ leaf: issue({ cn: NAME, issuer: expiredCa, san: [NAME] }), chain: [expiredCa] }));
    expect(byId['NDES-NET-011']!.status).toBe('pass');
    expect(byId['NDES-NET-008']).toMatchObject({ status: 'fail', message: expect.stringMatching(/\(CERT_HAS_EXPIRED\): the CA certificate "O=Contoso Test, CN=Contoso Old TLS CA" \(expired \d{4}-\d\d-\d\d\)\.$/) });
    expect(byId['NDES-NET-008']!.message).not.toMatch(/NDES-NET-011/);
  });

  test('a certificate expiring in 10 days warns', async () => {
    const { byId } = await check(await serve({ leaf: leafFor({ notAfter: new Date(Date.now() + 10.5 * DAY) }), chain: [intermediate] }));
    expect(byId['NDES-NET-011']!.status).toBe('warn');
    expect(byId['NDES-NET-011']!.evidence?.details?.['daysLeft']).toBe(10);
  });

  test('a wrong name fails only the hostname check', async () => {
    const { byId } = await check(await serve({ leaf: leafFor({ cn: 'other.contoso.test', san: ['other.contoso.test'] }), chain: [intermediate] }));
    expect(byId['NDES-NET-009']!.status).toBe('fail');
    expect(byId['NDES-NET-009']!.message).toMatch(/does not name ndes\.contoso\.test/);
    expect(byId['NDES-NET-008']!.status).toBe('pass');
  });

  test('a certificate naming the host only in its CN (no SAN at all) warns NDES-NET-009, though Node itself accepts the name', async () => {
    const { byId, targets } = await check(await serve({ leaf: leafFor({ san: [] }), chain: [intermediate] }));
    // Node falls back to the CN, so its own check finds nothing wrong: the verdict must come from the SAN.
    expect(targets[0]!.tls!.handshake).toMatchObject({ authorized: true });
    expect(targets[0]!.tls!.handshake!.hostnameError).toBeUndefined();
    const r = byId['NDES-NET-009']!;
    expect(r).toMatchObject({ status: 'warn', severity: 'high' });
    expect(r.message).toMatch(/names ndes\.contoso\.test only in its CN and has no DNS SAN; Apple devices/);
    expect(r.evidence?.actual).toBe('CN ndes.contoso.test; (no subjectAltName)');
    expect(byId['NDES-NET-008']!.status).toBe('pass');
  });

  test('the host in the SAN passes NDES-NET-009 whatever the CN says', async () => {
    const r = (await check(await serve({ leaf: leafFor({ cn: 'NDES01', san: ['other.contoso.test', NAME] }), chain: [intermediate] }))).byId['NDES-NET-009']!;
    expect(r).toMatchObject({ status: 'pass', message: 'The TLS certificate names ndes.contoso.test in its SAN.' });
    expect(r.evidence?.actual).toBe('DNS:other.contoso.test, DNS:ndes.contoso.test');
  });

  test('a DNS SAN that misses the host fails NDES-NET-009 even when the CN names it (clients ignore the CN then)', async () => {
    const r = (await check(await serve({ leaf: leafFor({ san: ['other.contoso.test'] }), chain: [intermediate] }))).byId['NDES-NET-009']!;
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/does not name ndes\.contoso\.test \(Hostname\/IP does not match/);
  });

  test('an IP address target is judged on the IP SAN by Node: in it passes, only in the CN fails', async () => {
    const byIp = async (leaf: ReturnType<typeof issue>) => {
      const url = (await serve({ leaf, chain: [intermediate] })).replace(NAME, '127.0.0.1');
      return (await check(url)).byId['NDES-NET-009']!;
    };
    expect((await byIp(leafFor({ cn: '127.0.0.1', san: ['127.0.0.1'] }))).status).toBe('pass');
    const cnOnly = await byIp(leafFor({ cn: '127.0.0.1', san: [] }));
    expect(cnOnly.status).toBe('fail');
    expect(cnOnly.message).toMatch(/does not name 127\.0\.0\.1 \(.*IP: 127\.0\.0\.1 is not in the cert's list/);
  });

  test('a self-signed certificate is named as such', async () => {
    const { byId } = await check(await serve({ leaf: issue({ cn: NAME, san: [NAME] }) }));
    expect(byId['NDES-NET-008']!.status).toBe('fail');
    expect(byId['NDES-NET-008']!.message).toMatch(/self-signed/);
  });

  test('a missing intermediate is told apart from an untrusted root: the root is trusted (--ca-file), the server sends only its leaf', async () => {
    const { byId } = await check(await serve({ leaf: leafFor() }));
    expect(byId['NDES-NET-008']!.status).toBe('fail');
    expect(byId['NDES-NET-008']!.message).toMatch(/without the intermediate/);
    expect(byId['NDES-NET-008']!.message).toMatch(/Contoso TLS CA/);
  });

  test('a SHA-1 signed certificate in a trusted chain is refused for its signature, not for its root', async () => {
    // The server side must lower its own OpenSSL security level even to load such a certificate.
    const { byId } = await check(await serve({ leaf: leafFor({ hash: 'sha1' }), chain: [intermediate], ciphers: 'DEFAULT@SECLEVEL=0' }));
    const r = byId['NDES-NET-008']!;
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/sha1/);
    expect(r.message).not.toMatch(/ends in/);
  });

  test('no Server Authentication EKU fails NDES-NET-010', async () => {
    const { byId } = await check(await serve({ leaf: leafFor({ eku: ['1.3.6.1.5.5.7.3.2'] }), chain: [intermediate] }));
    expect(byId['NDES-NET-010']!.status).toBe('fail');
  });

  test('a certificate without an EKU extension, or with anyExtendedKeyUsage alone, warns NDES-NET-010 (Apple needs serverAuth named)', async () => {
    for (const [eku, shown] of [[[], /no Extended Key Usage extension/], [['anyExtendedKeyUsage'], /2\.5\.29\.37\.0/]] as const) {
      const { byId } = await check(await serve({ leaf: leafFor({ eku: [...eku] }), chain: [intermediate] }));
      const r = byId['NDES-NET-010']!;
      expect(r.status).toBe('warn');
      expect(r.severity).toBe('medium');
      expect(r.message).toMatch(shown);
      expect(r.message).toMatch(/iOS\/iPadOS and macOS/);
    }
    const named = await check(await serve({ leaf: leafFor({ eku: ['anyExtendedKeyUsage', 'serverAuth'] }), chain: [intermediate] }));
    expect(named.byId['NDES-NET-010']!.status).toBe('pass');
  });

  test("Apple's EKU rule covers certificates issued from 1 July 2019 on: one without an EKU issued the second before passes NDES-NET-010", async () => {
    const noEku = (notBefore: string) => leafFor({ eku: [], notBefore: new Date(notBefore), notAfter: new Date(Date.now() + 365 * DAY) });
    const before = await check(await serve({ leaf: noEku('2019-06-30T23:59:59Z'), chain: [intermediate] }));
    expect(before.byId['NDES-NET-010']).toMatchObject({ status: 'pass', evidence: { actual: 'no Extended Key Usage extension' } });
    const from = await check(await serve({ leaf: noEku('2019-07-01T00:00:00Z'), chain: [intermediate] }));
    expect(from.byId['NDES-NET-010']!.status).toBe('warn');
  });

  test('a TLS-1.0-only server: TLS 1.2 refused is a failure, with the handshake reason', async () => {
    const url = await serve({ leaf: leafFor(), chain: [intermediate], minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' });
    const { byId, targets } = await check(url);
    expect(targets[0]!.tls!.versions.TLSv1.accepted).toBe(true);
    expect(targets[0]!.tls!.versions['TLSv1.2'].accepted).toBe(false);
    expect(byId['NDES-NET-007']!.status).toBe('fail');
    expect(byId['NDES-NET-007']!.message).toMatch(/refuses TLS 1\.2/);
  });

  test('a server that also accepts TLS 1.0 and 1.1 warns', async () => {
    const url = await serve({ leaf: leafFor(), chain: [intermediate], minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' });
    const { byId } = await check(url);
    expect(byId['NDES-NET-007']!.status).toBe('warn');
    expect(byId['NDES-NET-007']!.severity).toBe('medium');
    expect(byId['NDES-NET-007']!.message).toMatch(/TLSv1 and TLSv1\.1/);
  });

  test('no TLS handshake because nothing was reached (closed port, name not resolved, silence) is an error of NDES-NET-007, not a refusal', async () => {
    const closed = await listen(ndesResponder({ caCerts: [pki.pkcs7] }));
    await closed.close();
    const silent = await listenOn(net.createServer((s) => s.on('error', () => undefined)), 'https');
    servers.push(silent);
    const cases = [
      [`https://${NAME}:${closed.port}`, 'ECONNREFUSED', / Nothing listens on that port/],
      ['https://unresolved.contoso.test', 'ENOTFOUND', / The name does not resolve/],
      [`https://${NAME}:${silent.port}`, 'E_TIMEOUT', /which says nothing about the TLS versions the server accepts\.$/],
    ] as const;
    for (const [url, code, hint] of cases) {
      const r = (await check(url, { tlsTimeoutMs: 500 })).byId['NDES-NET-007']!;
      expect([code, r.status, r.error?.code]).toEqual([code, 'error', 'E_NETWORK']);
      expect(r.message).toMatch(new RegExp(`accepts TLSv1\\.2: its handshake failed with ${code} `));
      expect(r.message).toMatch(hint);
      expect(r.evidence?.actual).toMatch(new RegExp(`^TLSv1 failed \\(${code}\\)`));
    }
  });

  test('a server that takes the connection and resets or answers no TLS at the ClientHello refuses every version: NDES-NET-007 fails', async () => {
    const reset = await listenOn(net.createServer((s) => s.on('error', () => undefined).once('data', () => s.resetAndDestroy())), 'https');
    const plain = await listen(ndesResponder({ caCerts: [pki.pkcs7] }));
    servers.push(reset, plain);
    for (const [port, code] of [[reset.port, 'ECONNRESET'], [plain.port, 'ERR_SSL_WRONG_VERSION_NUMBER']] as const) {
      const r = (await check(`https://${NAME}:${port}`)).byId['NDES-NET-007']!;
      expect([code, r.status]).toEqual([code, 'fail']);
      expect(r.message).toMatch(new RegExp(`^No TLS handshake succeeded with ndes\\.contoso\\.test:${port} \\(${code}: .*\\): devices cannot connect at all\\.$`));
      expect(r.evidence?.actual).toBe(['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'].map((v) => `${v} refused (${code})`).join(', '));
      // Plain HTTP on the port is no protocol setting: the fix says to use the https binding, not to enable TLS 1.2.
      const fix = r.remediation?.text ?? '';
      if (code === 'ERR_SSL_WRONG_VERSION_NUMBER') expect(fix).toMatch(/answers every handshake with something that is not TLS, plain HTTP most often/);
      else expect(fix).toMatch(/^Enable TLS 1\.2 in SCHANNEL/);
    }
  });
});
