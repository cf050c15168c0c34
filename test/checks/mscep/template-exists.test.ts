import { describe, expect, it } from 'vitest';
import templateExists from '../../../src/checks/mscep/template-exists.js';
import { facts, HEALTHY, run } from './mscep-fixture-facts.js';

describe('NDES-MSCEP-003 template exists by name', () => {
  it('passes when the name matches a template cn', () => {
    const out = run(templateExists, facts(HEALTHY));
    expect(out.status).toBe('pass');
    expect(out.message).toMatch(/"IntuneSCEP": template name of "Intune SCEP"/);
  });

  it('fails on a display name, showing both names, and on an unknown name', () => {
    const out = run(templateExists, facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-display-name.reg' }));
    expect(out.status).toBe('fail');
    expect(out.message).toMatch(/GeneralPurposeTemplate holds the display name "Intune SCEP" instead of the template name "IntuneSCEP"/);
    expect(out.message).toMatch(/SignatureTemplate = "NoSuchTemplate", but Active Directory has no template/);
    expect(out.evidence?.codes).toEqual(['0x80094800']);
    if (out.status === 'fail') {
      expect(out.remediation.commands).toContain('reg add HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP /v GeneralPurposeTemplate /t REG_SZ /d "IntuneSCEP" /f');
    }
  });

  it('matches against a localized dump too', () => {
    const out = run(templateExists, facts({ ...HEALTHY, 'certutil.dstemplate': 'certutil/dstemplate-it-cp850.txt' }, 850));
    expect(out.status).toBe('pass');
    expect(out.message).toMatch(/"Identità dispositivi SCEP"/);
  });

  it('is not applicable when only the default is configured', () => {
    const out = run(templateExists, facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-default.reg' }));
    expect(out).toMatchObject({ status: 'skip', skipReason: 'not-applicable' });
  });
});
