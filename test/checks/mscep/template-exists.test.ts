import { describe, expect, it } from 'vitest';
import templateExists from '../../../src/checks/mscep/template-exists.js';
import { facts, HEALTHY, run } from './mscep-fixture-facts.js';
import { cmd } from '../../../src/engine/outcome.js';

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
      expect(out.remediation.commands).toContainEqual(cmd('reg add HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP /v GeneralPurposeTemplate /t REG_SZ /d "IntuneSCEP" /f'));
    }
  });

  it('a name missing from a dump cut short is an error, not a missing template', () => {
    // dstemplate-truncated.txt stops inside IntuneSCEP, before LegacySCEP, without certutil's closing line.
    const cut = run(templateExists, facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-legacy.reg', 'certutil.dstemplate': 'certutil/dstemplate-truncated.txt' }));
    expect(cut).toMatchObject({ status: 'error', errorCode: 'E_FACT_MALFORMED' });
    expect(cut.message).toMatch(/"LegacySCEP" is not in certutil\/dstemplate\.txt, but that dump ends without certutil's closing "CertUtil:" line/);
    // The same name in the complete dump is found.
    expect(run(templateExists, facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-legacy.reg' })).status).toBe('pass');
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
