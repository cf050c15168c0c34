import { describe, expect, it } from 'vitest';
import validity from '../../../src/checks/tls/certificate-validity.js';
import connectorCert from '../../../src/checks/tls/connector-encryption-certificate.js';
import raCertificates from '../../../src/checks/tls/ra-certificates.js';
import type { CertStoreFact } from '../../../src/facts/tls.js';
import { raRole } from '../../../src/parse/x509.js';
import { binding, ctx, iis, netsh, run, store, thumbprintOf } from './tls-facts.js';

const DAY = 86_400_000;
const healthy = store('my-healthy.json');
const at = (ms: number) => ({ ...ctx, now: new Date(ms) });
const certOf = (s: CertStoreFact, prefix: string) => {
  const c = s.certs.find((x) => x.status === 'ok' && x.cert.subject.startsWith(prefix));
  if (c?.status !== 'ok') throw new Error(prefix);
  return c;
};

describe('NDES-TLS-004: 30 days, and the validity period, to the millisecond', () => {
  const tls = certOf(healthy, 'CN=ndes01.contoso.com');
  const facts = { iisConfig: iis([binding('*:443:')]), sslBindings: netsh([['0.0.0.0:443', tls.thumbprint]]), certStoreMy: healthy };
  const end = tls.cert.notAfter.getTime();
  const start = tls.cert.notBefore.getTime();

  it('passes with 30 days left and warns with 29', async () => {
    expect((await run(validity, facts, at(end - 30 * DAY))).status).toBe('pass');
    const o = await run(validity, facts, at(end - 30 * DAY + 1));
    expect(o).toMatchObject({ status: 'warn', message: expect.stringContaining('expires within 30 days'), evidence: { details: { daysLeft: 29 } } });
  });

  it('is valid from notBefore through notAfter, both included (RFC 5280), and expired a millisecond after', async () => {
    expect((await run(validity, facts, at(start))).status).toBe('pass');
    expect(await run(validity, facts, at(start - 1))).toMatchObject({ status: 'fail', evidence: { actual: expect.stringContaining('(not yet valid)') } });
    expect((await run(validity, facts, at(end))).status).toBe('warn');
    expect(await run(validity, facts, at(end + 1))).toMatchObject({ status: 'fail', evidence: { actual: expect.stringContaining('(expired)') } });
  });

  it('warns with the fewest days of two bound certificates', async () => {
    const other = healthy.certs.find((c) => c.status === 'ok' && c.thumbprint !== tls.thumbprint && c.cert.notAfter.getTime() > end)!;
    if (other.status !== 'ok') throw new Error('fixture');
    const two = { iisConfig: iis([binding('*:443:'), binding('10.0.0.5:443:')]), sslBindings: netsh([['0.0.0.0:443', tls.thumbprint], ['10.0.0.5:443', other.thumbprint]]), certStoreMy: healthy };
    const o = await run(validity, two, at(end - 10 * DAY));
    expect(o.evidence?.details?.['daysLeft']).toBe(10);
    expect(o.evidence?.actual).toContain('(10 days left)');
  });
});

describe('NDES-TLS-012: 30 days, and the validity period, to the millisecond', () => {
  const c = certOf(healthy, 'CN=5b0a1d2c');
  const facts = {
    connectorEncryptionCert: { installed: true, thumbprint: c.thumbprint, registryPath: 'HKLM\\SOFTWARE\\Microsoft\\MicrosoftIntune\\PFXCertificateConnector\\EncryptionCertThumbprint', source: 'registry/microsoft-intune.reg' },
    certStoreMy: healthy,
  };
  const end = c.cert.notAfter.getTime();

  it('passes with 30 days left and warns with 29', async () => {
    expect((await run(connectorCert, facts, at(end - 30 * DAY))).status).toBe('pass');
    expect((await run(connectorCert, facts, at(end - 30 * DAY + 1))).status).toBe('warn');
  });

  it('is valid from notBefore through notAfter, both included (RFC 5280), and expired a millisecond after', async () => {
    expect((await run(connectorCert, facts, at(c.cert.notBefore.getTime()))).status).toBe('pass');
    expect(await run(connectorCert, facts, at(c.cert.notBefore.getTime() - 1))).toMatchObject({ status: 'fail', message: expect.stringContaining('is not valid before') });
    expect((await run(connectorCert, facts, at(end))).status).toBe('warn');
    expect(await run(connectorCert, facts, at(end + 1))).toMatchObject({ status: 'fail', message: expect.stringContaining('expired on') });
  });
});

describe('NDES-TLS-010: 60 days, and the validity period, to the millisecond', () => {
  const ra = healthy.certs.filter((x) => x.status === 'ok' && raRole(x.cert) !== undefined);
  const soonest = Math.min(...ra.map((x) => (x.status === 'ok' ? x.cert.notAfter.getTime() : Infinity)));
  const latestStart = Math.max(...ra.map((x) => (x.status === 'ok' ? x.cert.notBefore.getTime() : 0)));

  it('passes with 60 days left on the soonest RA certificate and warns with 59', async () => {
    expect((await run(raCertificates, { certStoreMy: healthy }, at(soonest - 60 * DAY))).status).toBe('pass');
    expect(await run(raCertificates, { certStoreMy: healthy }, at(soonest - 60 * DAY + 1))).toMatchObject({ status: 'warn', message: expect.stringContaining('(59 days left)') });
  });

  it('is valid from notBefore through notAfter, both included (RFC 5280), and expired a millisecond after', async () => {
    expect((await run(raCertificates, { certStoreMy: healthy }, at(latestStart))).status).not.toBe('fail');
    expect(await run(raCertificates, { certStoreMy: healthy }, at(latestStart - 1))).toMatchObject({ status: 'fail', message: expect.stringContaining('is not valid before') });
    expect((await run(raCertificates, { certStoreMy: healthy }, at(soonest))).status).toBe('warn');
    expect(await run(raCertificates, { certStoreMy: healthy }, at(soonest + 1))).toMatchObject({ status: 'fail', message: expect.stringContaining('expired on') });
  });
});
