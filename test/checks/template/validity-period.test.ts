import { describe, expect, it } from 'vitest';
import validityPeriod from '../../../src/checks/template/validity-period.js';
import { facts, HEALTHY, run } from '../mscep/mscep-fixture-facts.js';

describe('NDES-TPL-006 validity period', () => {
  it('passes one year, in English and Italian', () => {
    expect(run(validityPeriod, facts(HEALTHY)).message).toBe('IntuneSCEP issues certificates valid for 1 year.');
    expect(run(validityPeriod, facts({ ...HEALTHY, 'certutil.dstemplate': 'certutil/dstemplate-it-cp850.txt' }, 850)).status).toBe('pass');
  });

  it('warns under 5 days', () => {
    const out = run(validityPeriod, facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-legacy.reg' }));
    expect(out.status).toBe('warn');
    expect(out.message).toMatch(/valid for 2 days/);
  });

  it('is an error for a unit it does not know', () => {
    const f = facts({ ...HEALTHY, 'certutil.dstemplate': 'certutil/dstemplate-unknown-values.txt' });
    const scepTemplates = f.scepTemplates;
    scepTemplates.refs[0]!.template = f.certTemplates.templates[0];
    const out = run(validityPeriod, { scepTemplates });
    expect(out.status).toBe('error');
    expect(out.message).toMatch(/"Fortnights"/);
  });
});
