import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/tls/connector-encryption-certificate.js';
import type { ConnectorEncryptionCertFact } from '../../../src/facts/tls.js';
import { ctx, run, store, thumbprintOf } from './tls-facts.js';

const healthy = store('my-healthy.json');
const broken = store('my-broken.json');
const varied = store('my-varied.json');
const reg = (thumbprint?: string): ConnectorEncryptionCertFact => ({
  installed: true,
  thumbprint,
  registryPath: 'HKLM\\SOFTWARE\\Microsoft\\MicrosoftIntune\\PFXCertificateConnector\\EncryptionCertThumbprint',
  source: 'registry/microsoft-intune.reg',
});

describe('NDES-TLS-012 tls-connector-encryption-certificate', () => {
  it('passes when the thumbprint names a valid certificate with its key', async () => {
    const thumb = thumbprintOf(healthy, 'CN=5b0a1d2c');
    const o = await run(check, { connectorEncryptionCert: reg(thumb), certStoreMy: healthy });
    expect(o.status).toBe('pass');
    expect(o.message).toContain('issued by CN=Microsoft Intune ImportPFX Connector CA, valid to 2036-03-01');
  });

  it('fails when the certificate expired', async () => {
    const thumb = thumbprintOf(broken, 'CN=c7d2e9f0');
    const o = await run(check, { connectorEncryptionCert: reg(thumb), certStoreMy: broken });
    expect(o.status).toBe('fail');
    expect(o.message).toBe(`The connector's certificate ${thumb} expired on 2026-09-01; the connector cannot authenticate to Intune.`);
    // Event 10102 and code 0x00000405 belong to the legacy NDES connector; the current one has no
    // published renewal event or code, so the finding cites none and points at its own logs.
    expect(o.evidence?.codes).toBeUndefined();
    if (o.status !== 'fail') return;
    expect(o.remediation.text).not.toMatch(/10102|0x0*405/);
    expect(o.remediation.commands?.map((c) => c.text).join('\n')).toContain('Microsoft-Intune-CertificateConnectors/Admin');
  });

  it('warns in the last 30 days', async () => {
    const thumb = thumbprintOf(broken, 'CN=c7d2e9f0');
    const o = await run(check, { connectorEncryptionCert: reg(thumb), certStoreMy: broken }, { ...ctx, now: new Date('2026-08-15T00:00:00Z') });
    expect(o.status).toBe('warn');
  });

  it('fails when the certificate is missing or keyless, or the thumbprint is not set', async () => {
    expect((await run(check, { connectorEncryptionCert: reg('9D4C3B2A1F0E9D8C7B6A59483726150F4E3D2C1B'), certStoreMy: healthy })).message).toContain(
      'is not in LocalMachine\\My',
    );
    const keyless = thumbprintOf(varied, 'CN=ndes03.contoso.com');
    expect((await run(check, { connectorEncryptionCert: reg(keyless.toLowerCase()), certStoreMy: varied })).message).toContain('has no private key');
    const unset = await run(check, { connectorEncryptionCert: reg(undefined), certStoreMy: healthy });
    expect(unset).toMatchObject({ status: 'fail', evidence: { actual: 'EncryptionCertThumbprint absent or empty' } });
  });

  it('does not apply without the new connector', async () => {
    const o = await run(check, { connectorEncryptionCert: { installed: false, source: 'registry/microsoft-intune.reg' }, certStoreMy: healthy });
    expect(o).toMatchObject({ status: 'skip', skipReason: 'not-applicable' });
  });
});
