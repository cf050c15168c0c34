import { describe, expect, it } from 'vitest';
import check, { purposeValue } from '../../../src/checks/mscep/template-purpose.js';
import { facts, HEALTHY, run } from './mscep-fixture-facts.js';
import { powershell } from '../../../src/engine/outcome.js';

describe('purposeValue', () => {
  const SIGNATURE = { purpose: 'Signature', value: 'SignatureTemplate' };
  const ENCRYPTION = { purpose: 'Encryption', value: 'EncryptionTemplate' };
  const BOTH = { purpose: 'Signature and encryption', value: 'GeneralPurposeTemplate' };
  const AT_KEYEXCHANGE = 1;
  const AT_SIGNATURE = 2;

  it('maps the Request Handling purpose, as certtmpl derives it from the key usage and key spec, to the MSCEP value Microsoft names', () => {
    // certtmpl's own three: User (a0, exchange key), a Signature template (80, signature key), an Encryption one (20).
    expect(purposeValue(0xa0, AT_KEYEXCHANGE)).toEqual(BOTH);
    expect(purposeValue(0x80, AT_SIGNATURE)).toEqual(SIGNATURE);
    expect(purposeValue(0x20, AT_KEYEXCHANGE)).toEqual(ENCRYPTION);
  });

  it('reads Signature only with a signature key: an exchange key makes signing bits Signature and encryption', () => {
    expect(purposeValue(0x80, AT_KEYEXCHANGE)).toEqual(BOTH);
    expect(purposeValue(0xc0, AT_SIGNATURE)).toEqual(SIGNATURE);
    expect(purposeValue(0x40, AT_SIGNATURE)).toEqual(SIGNATURE);
    // certutil's CertEnroll view prints no key spec: signing bits alone are Signature.
    expect(purposeValue(0x80, undefined)).toEqual(SIGNATURE);
  });

  it('counts each encrypting bit against Signature, and each signing bit against Encryption', () => {
    for (const encrypting of [0x20, 0x10, 0x08]) {
      expect(purposeValue(0x80 | encrypting, AT_SIGNATURE)).toEqual(BOTH);
      expect(purposeValue(encrypting, AT_KEYEXCHANGE)).toEqual(ENCRYPTION);
    }
    // Non-repudiation signs too (0x60 is not Encryption).
    expect(purposeValue(0x60, AT_KEYEXCHANGE)).toEqual(BOTH);
    // Certificate and CRL signing are neither purpose's alone.
    for (const caSigning of [0x04, 0x02]) {
      expect(purposeValue(0x80 | caSigning, AT_SIGNATURE)).toEqual(BOTH);
      expect(purposeValue(0x20 | caSigning, AT_KEYEXCHANGE)).toEqual(BOTH);
    }
  });

  it('cannot tell a purpose without a signing or encrypting bit', () => {
    expect(purposeValue(0x00, AT_KEYEXCHANGE)).toBeUndefined();
    expect(purposeValue(0x06, AT_SIGNATURE)).toBeUndefined();
    expect(purposeValue(0x01, AT_KEYEXCHANGE)).toBeUndefined();
  });
});

describe('NDES-MSCEP-005 mscep-template-purpose', () => {
  it('passes a "Signature and encryption" template named by GeneralPurposeTemplate (and the other two)', () => {
    const o = run(check, { scepTemplates: facts(HEALTHY).scepTemplates });
    expect(o).toMatchObject({ status: 'pass', message: 'IntuneSCEP (Signature and encryption) is named by GeneralPurposeTemplate.' });
  });

  it('fails a template whose purpose value does not name it, with the Set-ItemProperty fix', () => {
    const o = run(check, { scepTemplates: facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-two-templates.reg' }).scepTemplates });
    expect(o.status).toBe('fail');
    expect(o.message).toContain('LegacySCEP has the purpose Signature and encryption, but only EncryptionTemplate name it, not GeneralPurposeTemplate.');
    if (o.status === 'fail') expect(o.remediation.commands?.[0]).toEqual(powershell('Set-ItemProperty "HKLM:\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP" -Name GeneralPurposeTemplate -Value "LegacySCEP"'));
  });

  it('errors when the key usage of a template cannot be read', () => {
    const f = facts(HEALTHY).scepTemplates;
    const broken = { ...f, refs: f.refs.map((r) => ({ ...r, template: { ...r.template!, keyUsage: { status: 'absent' as const } } })) };
    expect(run(check, { scepTemplates: broken })).toMatchObject({ status: 'error', errorCode: 'E_FACT_MALFORMED' });
  });
});
