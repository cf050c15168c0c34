import { describe, expect, it } from 'vitest';
import publishedOnCa from '../../../src/checks/template/published-on-ca.js';
import { facts, HEALTHY, run } from '../mscep/mscep-fixture-facts.js';
import { cmd } from '../../../src/engine/outcome.js';

describe('NDES-TPL-007 published on the CA', () => {
  it('passes when the CA lists the template', () => {
    expect(run(publishedOnCa, facts(HEALTHY)).status).toBe('pass');
    expect(run(publishedOnCa, facts({ ...HEALTHY, 'certutil.catemplates': 'certutil/catemplates-de-cp850.txt' }, 850)).status).toBe('pass');
  });

  it('fails with certutil -SetCATemplates against the CA NDES uses', () => {
    const out = run(publishedOnCa, facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-legacy.reg' }));
    expect(out.status).toBe('fail');
    expect(out.message).toMatch(/^The CA CA01.corp.contoso.com\\Contoso Issuing CA 1 is not configured to issue LegacySCEP/);
    if (out.status === 'fail') {
      expect(out.remediation.commands).toEqual([cmd('certutil -config "CA01.corp.contoso.com\\Contoso Issuing CA 1" -SetCATemplates +LegacySCEP')]);
    }
  });

  it('fails the check with the certutil error when the CA could not be asked', () => {
    const f = facts({ ...HEALTHY, 'certutil.catemplates': 'certutil/catemplates-failed.txt' });
    expect(() => f.caTemplates).toThrow(/0x800706ba/);
  });
});
