import { describe, expect, it } from 'vitest';
import clientAuthEku from '../../../src/checks/template/client-auth-eku.js';
import { facts, HEALTHY, run } from '../mscep/mscep-fixture-facts.js';

describe('NDES-TPL-003 Client Authentication', () => {
  it('passes with Client Authentication in the application policies', () => {
    expect(run(clientAuthEku, facts(HEALTHY)).status).toBe('pass');
  });

  it('passes on a localized dump: OIDs, not names, decide', () => {
    expect(run(clientAuthEku, facts({ ...HEALTHY, 'certutil.dstemplate': 'certutil/dstemplate-it-cp850.txt' }, 850)).status).toBe('pass');
  });

  it('fails with only Server Authentication', () => {
    const out = run(clientAuthEku, facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-legacy.reg' }));
    expect(out.status).toBe('fail');
    expect(out.evidence?.actual).toMatch(/: 1\.3\.6\.1\.5\.5\.7\.3\.1$/);
  });

  it('fails for one template of two and names only that one in the fix', () => {
    const out = run(clientAuthEku, facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-two-templates.reg' }));
    expect(out.status).toBe('fail');
    expect(out.message).toMatch(/^IntuneSCEP \(SignatureTemplate, GeneralPurposeTemplate\): IntuneSCEP includes Client Authentication\. LegacySCEP \(EncryptionTemplate\): LegacySCEP does not include/);
    if (out.status === 'fail') {
      expect(out.remediation.text).toMatch(/open "Legacy SCEP" \(name LegacySCEP\),/);
      expect(out.remediation.text).not.toMatch(/Intune SCEP/);
    }
  });
});
