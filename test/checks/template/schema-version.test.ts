import { describe, expect, it } from 'vitest';
import schemaVersion from '../../../src/checks/template/schema-version.js';
import { facts, HEALTHY, run } from '../mscep/mscep-fixture-facts.js';

describe('NDES-TPL-001 schema version', () => {
  it('passes a version 2 template', () => {
    const out = run(schemaVersion, facts(HEALTHY));
    expect(out).toMatchObject({ status: 'pass', message: 'IntuneSCEP is a version 2 template.' });
    expect(out.evidence?.actual).toBe('IntuneSCEP (SignatureTemplate, EncryptionTemplate, GeneralPurposeTemplate): 2');
  });

  it('fails a version 1 template and names it in certtmpl.msc by its display name', () => {
    // A mis-typed CEPEncryption in all three is a version 1 template, which the default check does not catch.
    const f = facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-intune.reg' });
    const scepTemplates = f.scepTemplates;
    scepTemplates.refs[0]!.template = f.certTemplates.templates.find((t) => t.name === 'CEPEncryption');
    const out = run(schemaVersion, { scepTemplates });
    expect(out.status).toBe('fail');
    expect(out.message).toMatch(/CEPEncryption is a version 1 template/);
    if (out.status === 'fail') expect(out.remediation.text).toMatch(/open "CEP Encryption" \(name CEPEncryption\), right-click > Duplicate Template/);
  });

  it('is an error naming the attribute when the dump was cut short', () => {
    const out = run(schemaVersion, facts({ ...HEALTHY, 'certutil.dstemplate': 'certutil/dstemplate-truncated.txt' }));
    expect(out.status).toBe('error');
    expect(out.message).toMatch(/certutil\/dstemplate.txt has no msPKI-Template-Schema-Version .*certutil -v -dstemplate/);
  });

  it('is an error for a value that is not a number', () => {
    const f = facts({ ...HEALTHY, 'certutil.dstemplate': 'certutil/dstemplate-unknown-values.txt' });
    const scepTemplates = f.scepTemplates;
    scepTemplates.refs[0]!.template = f.certTemplates.templates[0];
    const out = run(schemaVersion, { scepTemplates });
    expect(out.status).toBe('error');
    expect(out.message).toMatch(/msPKI-Template-Schema-Version could not be read \("two" is not a quoted number\)/);
  });
});
