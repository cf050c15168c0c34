import { describe, expect, it } from 'vitest';
import connectorCert from '../../../src/checks/tls/connector-encryption-certificate.js';
import raCertificates from '../../../src/checks/tls/ra-certificates.js';
import { raRole } from '../../../src/parse/x509.js';
import rootIntermediates from '../../../src/checks/tls/root-intermediates.js';
import type { CertStoreFact } from '../../../src/facts/tls.js';
import { run, store } from './tls-facts.js';

// my-varied.json holds an entry whose base64 is the first 300 bytes of an 908-byte certificate
// (thumbprint 77E2688F...) and one without RawData: certificates that cannot be read may be the ones
// a check looks for, so those checks report an error instead of a verdict.
const varied = store('my-varied.json');
const CUT = '926132C076A81DAEC5DE4D4B078D8C4352F050EE';
const unreadableOnly = (s: CertStoreFact) => s.certs.filter((c) => c.status === 'unreadable');

describe('certificates that could not be read give errors, not verdicts', () => {
  it('NDES-TLS-012: the connector certificate is the cut one', async () => {
    const o = await run(connectorCert, {
      connectorEncryptionCert: { installed: true, thumbprint: CUT, registryPath: 'HKLM\\...\\EncryptionCertThumbprint', source: 'registry/microsoft-intune.reg' },
      certStoreMy: varied,
    });
    expect(o).toMatchObject({ status: 'error', errorCode: 'E_FACT_MALFORMED' });
    expect(o.message).toContain(`${CUT} could not be read from certs/localmachine-my.json: RawData is cut short`);
  });

  it('NDES-TLS-010: no RA certificate among the readable ones, but two unreadable', async () => {
    const withoutRa = varied.certs.filter((c) => c.status === 'unreadable' || !raRole(c.cert));
    expect(withoutRa.length).toBeLessThan(varied.certs.length);
    const o = await run(raCertificates, { certStoreMy: { ...varied, certs: withoutRa } });
    expect(o).toMatchObject({ status: 'error', errorCode: 'E_FACT_MALFORMED' });
    expect(o.message).toMatch(/2 certificate\(s\) in certs\/localmachine-my\.json could not be read and may be the RA certificates/);
  });

  it('NDES-TLS-011: only roots among the readable ones, but an unreadable one could be an intermediate; a found intermediate still warns', async () => {
    const roots = store('root-healthy.json', 'Root');
    const selfSigned = roots.certs.filter((c) => c.status === 'ok' && c.cert.selfIssued);
    const o = await run(rootIntermediates, { certStoreRoot: { ...roots, certs: [...selfSigned, ...unreadableOnly(varied)] } });
    expect(o).toMatchObject({ status: 'error', errorCode: 'E_FACT_MALFORMED' });
    expect(o.message).toMatch(/2 certificate\(s\) in certs\/localmachine-root\.json could not be read and may be intermediates/);
    const broken = store('root-broken.json', 'Root');
    expect((await run(rootIntermediates, { certStoreRoot: { ...broken, certs: [...broken.certs, ...unreadableOnly(varied)] } })).status).toBe('warn');
  });
});
