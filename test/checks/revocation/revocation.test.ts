import { describe, expect, it } from 'vitest';
import raCheck from '../../../src/checks/revocation/ra-certificates-revocation.js';
import tlsCheck from '../../../src/checks/revocation/tls-certificate-revocation.js';
import caCheck from '../../../src/checks/revocation/ca-certificate-revocation.js';
import { judgeVerification } from '../../../src/checks/revocation/verify-judge.js';
import { parseCertutilVerify } from '../../../src/parse/certutil-verify.js';
import { decodeText } from '../../../src/parse/text.js';
import { factFrom, readFixture, runCheck } from '../host-facts.js';
import { binding, iis, netsh } from '../tls/tls-facts.js';

const myHealthy = factFrom('certStoreMy', { 'certs.localmachine-my': 'certs/my-healthy.json' });
const myBroken = factFrom('certStoreMy', { 'certs.localmachine-my': 'certs/my-broken.json' });
const verify = (f: string) => factFrom('certVerifications', { 'certutil.verify': `certutil-verify/${f}` });
const runs = (f: string, cp = 437) => parseCertutilVerify(decodeText(readFixture(`certutil-verify/${f}`), cp));
const TLS = '90FE8BD591B3EE4C06F132887A05696267C972E9';

describe('judgeVerification', () => {
  it('passes a clean chain and fails an offline CRL, in real Chinese output', () => {
    expect(judgeVerification(runs('zh-ok-cp936.txt', 936)[0]!).level).toBe('pass');
    const offline = judgeVerification(runs('zh-offline-cp936.txt', 936)[0]!);
    expect(offline.level).toBe('fail');
    expect(offline.problems).toEqual([
      'revocation could not be checked: a CRL or OCSP responder is unreachable or its CRL has expired',
      'unreachable: http://e6.c.lencr.org/43.crl (CDP, 0x80072f78 ERROR_WINHTTP_INVALID_SERVER_RESPONSE)',
    ]);
  });

  it('fails the real partial chain on both counts, though certutil reported success', () => {
    const j = judgeVerification(runs('qa-partial-offline.txt')[0]!);
    expect(j.level).toBe('fail');
    expect(j.problems).toEqual(['revocation could not be checked: a CRL or OCSP responder is unreachable or its CRL has expired', 'the chain does not end in a trusted root']);
  });

  it('names a revoked certificate, an untrusted root and an expired certificate', () => {
    expect(judgeVerification(runs('revoked.txt')[0]!).problems).toEqual(['revoked']);
    expect(judgeVerification(runs('untrusted-root.txt')[0]!).problems).toEqual(['the chain does not end in a trusted root']);
    expect(judgeVerification(runs('contoso-broken.txt')[0]!).problems).toEqual(['a certificate in the chain is expired or not yet valid']);
  });

  it('warns on a trust flag it has no class for, and errors when no chain was built or the output was cut', () => {
    expect(judgeVerification(runs('other-flag.txt')[0]!)).toMatchObject({ level: 'warn', problems: ['certutil reported CERT_TRUST_HAS_NOT_SUPPORTED_CRITICAL_EXT'] });
    expect(judgeVerification(runs('no-chain.txt')[0]!)).toMatchObject({ level: 'error', problems: [expect.stringContaining('ERROR_FILE_NOT_FOUND')] });
    expect(judgeVerification(runs('truncated.txt')[0]!)).toMatchObject({ level: 'error', problems: [expect.stringContaining('cut short')] });
  });
});

describe('NDES-REV-001 ra-certificates-revocation', () => {
  it('passes both healthy RA certificates', async () => {
    expect((await runCheck(raCheck, { certVerifications: verify('contoso-healthy.txt'), certStoreMy: myHealthy })).status).toBe('pass');
  });

  it('fails an expired RA certificate and one whose CRL is unreachable, listing the URL', async () => {
    const o = await runCheck(raCheck, { certVerifications: verify('contoso-broken.txt'), certStoreMy: myBroken });
    expect(o.status).toBe('fail');
    expect(o.message).toContain('D8B1E1A4FDAEC3D2B709AC4657DFB4C12E40F2C3: a certificate in the chain is expired');
    expect(o.message).toContain('unreachable: http://pki.contoso.com/pki/Contoso%20Issuing%20CA%2001.crl (CDP, 0x80072ee7 ERROR_WINHTTP_NAME_NOT_RESOLVED)');
    expect(o.evidence?.details).toMatchObject({ tokens: { 'F5D1306898A339C5533EEAECC9F1A0BC335E8F7A': expect.arrayContaining(['CERT_TRUST_IS_OFFLINE_REVOCATION', 'CRYPT_E_REVOCATION_OFFLINE']) } });
  });

  it('reports a run that built no chain as an error, not a verdict', async () => {
    const o = await runCheck(raCheck, { certVerifications: { runs: runs('truncated.txt'), source: 'certutil/verify-urlfetch.txt' }, certStoreMy: myHealthy });
    expect(o).toMatchObject({ status: 'error', errorCode: 'E_FACT_MALFORMED' });
  });

  it('judges only the RA certificates NDES uses: an expired or offline pair a renewal left behind is not failed', async () => {
    // Both servers' runs, and both stores: the healthy pair (valid to 2036) is the newest of each role.
    const both = { ...myHealthy, certs: [...myHealthy.certs, ...myBroken.certs] };
    const runsOfBoth = { runs: [...runs('contoso-healthy.txt'), ...runs('contoso-broken.txt')], source: 'certutil/verify-urlfetch.txt' };
    const o = await runCheck(raCheck, { certVerifications: runsOfBoth, certStoreMy: both });
    expect(o.status).toBe('pass');
    expect(o.message).not.toContain('D8B1E1A4');
    // With only the broken store, the same runs are those of the certificates in use, and fail.
    expect((await runCheck(raCheck, { certVerifications: runsOfBoth, certStoreMy: myBroken })).status).toBe('fail');
  });

  it('errors when a verified certificate is one of the store that could not be read: NDES may use it', async () => {
    const damaged = { ...myHealthy, certs: myHealthy.certs.map((c) => ({ thumbprint: c.thumbprint, status: 'unreadable' as const, reason: 'HasPrivateKey is missing' })) };
    const o = await runCheck(raCheck, { certVerifications: verify('contoso-healthy.txt'), certStoreMy: damaged });
    expect(o).toMatchObject({ status: 'error', errorCode: 'E_FACT_MALFORMED' });
    expect(o.message).toMatch(/^Whether NDES uses the verified Certificate Request Agent certificates \w+, \w+ as RA certificates is unknown: certs\/my-healthy\.json holds certificates that could not be read/);
    // An unreadable certificate that was not verified leaves the verdict alone.
    const other = { ...myHealthy, certs: [...myHealthy.certs, { thumbprint: 'AB'.repeat(20), status: 'unreadable' as const, reason: 'cut short' }] };
    expect((await runCheck(raCheck, { certVerifications: verify('contoso-healthy.txt'), certStoreMy: other })).status).toBe('pass');
  });

  it('does not apply without RA certificates', async () => {
    expect((await runCheck(raCheck, { certVerifications: verify('qa-partial-offline.txt'), certStoreMy: { ...myHealthy, certs: [] } })).status).toBe('skip');
  });

  it('errors when an RA certificate NDES uses was not verified, unless what was verified already fails', async () => {
    const healthy = runs('contoso-healthy.txt').filter((r) => r.role === 'ra');
    expect(healthy).toHaveLength(2);
    const oneOfTwo = { runs: healthy.slice(1), source: 'certutil/verify-urlfetch.txt' };
    const o = await runCheck(raCheck, { certVerifications: oneOfTwo, certStoreMy: myHealthy });
    expect(o).toMatchObject({
      status: 'error',
      errorCode: 'E_FACT_UNAVAILABLE',
      message: `certutil/verify-urlfetch.txt has no verification of the RA certificate NDES uses: ${healthy[0]!.thumbprint}; the output is incomplete. Collect the bundle again.`,
    });
    expect((await runCheck(raCheck, { certVerifications: { ...oneOfTwo, runs: [] }, certStoreMy: myHealthy })).status).toBe('error');
    const broken = runs('contoso-broken.txt');
    const oneBroken = { runs: broken.filter((r) => r.thumbprint === 'D8B1E1A4FDAEC3D2B709AC4657DFB4C12E40F2C3'), source: 'certutil/verify-urlfetch.txt' };
    expect((await runCheck(raCheck, { certVerifications: oneBroken, certStoreMy: myBroken })).status).toBe('fail');
  });
});

describe('NDES-REV-002 tls-certificate-revocation', () => {
  const site = iis([binding('*:443:')]);
  it('judges the certificate HTTP.sys binds for the NDES site', async () => {
    const o = await runCheck(tlsCheck, { certVerifications: verify('contoso-healthy.txt'), iisConfig: site, sslBindings: netsh([['0.0.0.0:443', TLS]]) });
    expect(o).toMatchObject({ status: 'pass', message: expect.stringContaining(TLS) });
    const bad = await runCheck(tlsCheck, { certVerifications: verify('untrusted-root.txt'), iisConfig: site, sslBindings: netsh([['0.0.0.0:443', TLS]]) });
    expect(bad.status).toBe('fail');
  });

  it('errors when the bound certificate was not verified', async () => {
    const o = await runCheck(tlsCheck, { certVerifications: verify('contoso-healthy.txt'), iisConfig: site, sslBindings: netsh([['0.0.0.0:443', 'A'.repeat(40)]]) });
    expect(o).toMatchObject({ status: 'error', errorCode: 'E_FACT_UNAVAILABLE' });
  });

  it('does not apply without an HTTP.sys binding', async () => {
    expect((await runCheck(tlsCheck, { certVerifications: verify('contoso-healthy.txt'), iisConfig: iis([]), sslBindings: netsh([]) })).status).toBe('skip');
  });
});

describe('NDES-REV-003 ca-certificate-revocation', () => {
  it('passes the healthy CA certificate and errors when the collector could not fetch it', async () => {
    expect((await runCheck(caCheck, { certVerifications: verify('contoso-healthy.txt') })).status).toBe('pass');
    expect(await runCheck(caCheck, { certVerifications: verify('contoso-broken.txt') })).toMatchObject({ status: 'error', errorCode: 'E_FACT_UNAVAILABLE' });
    expect(await runCheck(caCheck, { certVerifications: verify('no-chain.txt') })).toMatchObject({ status: 'error', message: expect.stringContaining('ERROR_FILE_NOT_FOUND') });
  });
});
