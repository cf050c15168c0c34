import { describe, expect, it } from 'vitest';
import templateValues from '../../../src/checks/mscep/template-values.js';
import { facts, run } from './mscep-fixture-facts.js';
import { cmd } from '../../../src/engine/outcome.js';

const check = (file: string | null) => run(templateValues, facts({ 'registry.mscep': file }));

describe('NDES-MSCEP-001 template values', () => {
  it('passes when all three values name the SCEP template', () => {
    const out = check('registry/mscep-intune.reg');
    expect(out.status).toBe('pass');
    expect(out.evidence?.actual).toBe('SignatureTemplate = "IntuneSCEP" REG_SZ; EncryptionTemplate = "IntuneSCEP" REG_SZ; GeneralPurposeTemplate = "IntuneSCEP" REG_SZ');
  });

  it('fails on the NDES default in all three, with the reg add commands', () => {
    const out = check('registry/mscep-default.reg');
    expect(out.status).toBe('fail');
    expect(out.message).toMatch(/all still the NDES default IPSECIntermediateOffline/);
    if (out.status !== 'fail') return;
    // Quoted: unquoted, cmd reads <TemplateName> as input redirection, and a name with a space splits.
    expect(out.remediation.commands).toContainEqual(cmd('reg add HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP /v EncryptionTemplate /t REG_SZ /d "<TemplateName>" /f'));
    expect(out.remediation.text).toMatch(/iisreset does not/);
  });

  it('passes with only the value for the template\'s purpose set, as Microsoft\'s guide does, naming the profile key usages that would miss it', () => {
    const out = check('registry/mscep-mixed.reg');
    expect(out.status).toBe('pass');
    expect(out.message).toMatch(/^EncryptionTemplate = IntuneSCEP; SignatureTemplate, GeneralPurposeTemplate keep IPSECIntermediateOffline, as Microsoft's guide leaves/);
    expect(out.message).toMatch(/one with Digital signature \(SignatureTemplate\) or Key encipherment and Digital signature \(GeneralPurposeTemplate\) gets the default template/);
    expect(out.evidence?.details).toEqual({ unconfiguredPurposes: ['SignatureTemplate', 'GeneralPurposeTemplate'] });
  });

  it('fails on a value of the wrong type and offers to delete it', () => {
    const out = check('registry/mscep-dword.reg');
    expect(out.status).toBe('fail');
    expect(out.message).toMatch(/^EncryptionTemplate is not a string value/);
    if (out.status === 'fail') expect(out.remediation.commands?.[0]).toEqual(cmd('reg delete HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP /v EncryptionTemplate /f'));
  });

  it('fails when the MSCEP key does not exist', () => {
    const out = check(null);
    expect(out.status).toBe('fail');
    expect(out.evidence?.actual).toBe('key absent');
  });
});
