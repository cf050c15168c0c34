import { describe, expect, it } from 'vitest';
import check, { LIST_RA_CERTIFICATES, raCertificateFor, raThumbprintsInUse } from '../../../src/checks/tls/ra-certificates.js';
import type { StoreCert } from '../../../src/parse/cert-store.js';
import { raRole } from '../../../src/parse/x509.js';
import type { CertStoreFact } from '../../../src/facts/tls.js';
import { ctx, run, store } from './tls-facts.js';
import { cmd } from '../../../src/engine/outcome.js';

const healthy = store('my-healthy.json');
const broken = store('my-broken.json');
const varied = store('my-varied.json');
const at = (iso: string) => ({ ...ctx, now: new Date(iso) });
const without = (s: CertStoreFact, template: string): CertStoreFact => ({
  ...s,
  certs: s.certs.filter((c) => !(c.status === 'ok' && c.cert.template?.name === template)),
});
const keyless = (s: CertStoreFact): CertStoreFact => ({ ...s, certs: s.certs.map((c) => ({ ...c, hasPrivateKey: false })) });

describe('raRole', () => {
  it('classifies by V1 template name, and by EKU + key usage for V2 copies, never by anything else', () => {
    const roles = (s: CertStoreFact) => s.certs.flatMap((c) => (c.status === 'ok' ? [`${c.cert.commonNames[0]}:${raRole(c.cert) ?? '-'}`] : []));
    expect(roles(healthy)).toEqual([
      'ndes01.contoso.com:-',
      'NDES01-MSCEP-RA:signing',
      'NDES01-MSCEP-RA:encryption',
      '5b0a1d2c-7e4f-4a61-9c3b-2f8e6d1a0b47:-',
      'NDES01$:-',
    ]);
    expect(roles(varied).slice(0, 2)).toEqual(['NDES03-RA:signing', 'NDES03-RA:encryption']);
  });
});

describe('NDES-TLS-010 tls-ra-certificates', () => {
  it('passes with both RA certificates valid for years', async () => {
    const o = await run(check, { certStoreMy: healthy });
    expect(o.status).toBe('pass');
    expect(o.message).toContain('Exchange Enrollment Agent (Offline request) (EnrollmentAgentOffline)');
    expect(o.message).toContain('CEP Encryption (CEPEncryption)');
    expect(o.message).toContain('valid to 2036-01-05 (3331 days left)');
  });

  it('passes with RA certificates from duplicated V2 templates', async () => {
    const o = await run(check, { certStoreMy: varied });
    expect(o.status).toBe('pass');
  });

  it('fails when the signing RA certificate expired (broken example: 2026-10-01)', async () => {
    const o = await run(check, { certStoreMy: broken });
    expect(o.status).toBe('fail');
    expect(o.message).toMatch(/EnrollmentAgentOffline\) [0-9A-F]{40} expired on 2026-10-01/);
    if (o.status !== 'fail') return;
    expect(o.remediation.text).toContain('Manage Private Keys');
    expect(o.remediation.commands).toContainEqual(cmd('iisreset'));
    expect(o.evidence?.codes).toContain('Event 10');
    // Lists the RA certificates as NDES finds them, V1 and renewed V2 alike, naming both template extensions.
    expect(o.remediation.commands).toContain(LIST_RA_CERTIFICATES);
    expect(LIST_RA_CERTIFICATES.shell).toBe('powershell');
    expect(LIST_RA_CERTIFICATES.text).toMatch(/EnhancedKeyUsageList\.ObjectId -contains '1\.3\.6\.1\.4\.1\.311\.20\.2\.1'/);
    expect(LIST_RA_CERTIFICATES.text).toContain("'1.3.6.1.4.1.311.20.2', '1.3.6.1.4.1.311.21.7'");
    // The expired one and the valid one, each with its own count; the verdict does not read them.
    expect(o.evidence?.details?.['certificates']).toEqual([
      expect.objectContaining({ role: 'ra-signing', notAfter: '2026-10-01T09:00:00.000Z', daysLeft: -52 }),
      expect.objectContaining({ role: 'ra-encryption', daysLeft: expect.any(Number) }),
    ]);
  });

  it('warns under 60 days: on 2026-09-01 the signing RA certificate of the broken example has 30 days left', async () => {
    // Before the signing certificate expired, only the 60-day warning applies.
    const o = await run(check, { certStoreMy: broken }, at('2026-09-01T00:00:00Z'));
    expect(o.status).toBe('warn');
    expect(o.message).toContain('(30 days left)');
  });

  it('fails when one RA certificate is missing', async () => {
    const o = await run(check, { certStoreMy: without(healthy, 'CEPEncryption') });
    expect(o.status).toBe('fail');
    expect(o.message).toContain('no CEP Encryption (CEPEncryption) certificate in LocalMachine\\My');
  });

  it('fails when the RA certificates have no private key on this server', async () => {
    const o = await run(check, { certStoreMy: keyless(healthy) });
    expect(o.status).toBe('fail');
    expect(o.message).toContain('is valid but has no private key');
  });

  it('prefers a renewed certificate over an expired one left in the store', async () => {
    const mixed: CertStoreFact = { ...healthy, certs: [...broken.certs, ...healthy.certs] };
    const o = await run(check, { certStoreMy: mixed });
    expect(o.status).toBe('pass');
  });
});

describe('raCertificateFor: the certificate that stands for an RA role', () => {
  // Signing certificates: my-healthy's valid 2026-01-05 to 2036-01-05, my-broken's valid 2024-10-01 to 2026-10-01.
  const NEW = '884076BFAC5000108A0BB86C4FB64BED0AD82992';
  const OLD = 'D8B1E1A4FDAEC3D2B709AC4657DFB4C12E40F2C3';
  const certs = [...store('my-healthy.json').certs, ...store('my-broken.json').certs];
  const signing = (keys: Record<string, boolean>, now: string, extra: StoreCert[] = []) =>
    raCertificateFor('signing', [...extra, ...certs.map((c) => (c.thumbprint in keys ? { ...c, hasPrivateKey: keys[c.thumbprint]! } : c))], new Date(now))?.thumbprint;

  it('takes the newest valid certificate with its key, over an older one a renewal left', () => {
    expect(signing({}, '2026-03-01T00:00:00Z')).toBe(NEW);
  });

  it('takes a valid certificate with its key over a newer valid one without', () => {
    expect(signing({ [NEW]: false }, '2026-03-01T00:00:00Z')).toBe(OLD);
  });

  it('takes a valid certificate with its key over a newer one with its key that is not valid yet', () => {
    expect(signing({}, '2025-06-01T00:00:00Z')).toBe(OLD);
  });

  it('without one valid with its key: the valid one (its key to fix), else the newest (to renew)', () => {
    expect(signing({ [OLD]: false }, '2025-06-01T00:00:00Z')).toBe(OLD);
    expect(signing({}, '2037-01-01T00:00:00Z')).toBe(NEW);
  });

  it('passes over a certificate that could not be read, and names only the roles a store holds', () => {
    const unreadable: StoreCert = { thumbprint: 'AB'.repeat(20), status: 'unreadable', reason: 'cut short' };
    expect(signing({}, '2026-03-01T00:00:00Z', [unreadable])).toBe(NEW);
    const onlySigning = certs.filter((c) => c.thumbprint === NEW);
    expect([...raThumbprintsInUse(onlySigning, new Date('2026-03-01T00:00:00Z'))]).toEqual([NEW]);
  });
});
