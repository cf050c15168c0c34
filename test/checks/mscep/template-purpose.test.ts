import { describe, expect, it } from 'vitest';
import check, { purposeValue } from '../../../src/checks/mscep/template-purpose.js';
import { facts, HEALTHY, run } from './mscep-fixture-facts.js';
import { powershell } from '../../../src/engine/outcome.js';

describe('purposeValue', () => {
  it('maps the Request Handling purpose, read from the key usage, to the MSCEP value Microsoft names', () => {
    expect(purposeValue(0x80)).toEqual({ purpose: 'Signature', value: 'SignatureTemplate' });
    expect(purposeValue(0x20)).toEqual({ purpose: 'Encryption', value: 'EncryptionTemplate' });
    expect(purposeValue(0xa0)).toEqual({ purpose: 'Signature and encryption', value: 'GeneralPurposeTemplate' });
    expect(purposeValue(0xe0)?.value).toBe('GeneralPurposeTemplate');
    expect(purposeValue(0x40)).toBeUndefined();
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
