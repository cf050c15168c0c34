import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/profile/template-validity.js';
import { facts, HEALTHY } from '../mscep/mscep-fixture-facts.js';
import { parseCertutilTemplates } from '../../../src/parse/certutil-dstemplate.js';
import { flags, run } from './profile-facts.js';

// IntuneSCEP issues for "1 year" (365 days); LegacySCEP for "2 days".
const intune = facts(HEALTHY);
const legacy = facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-legacy.reg' });

describe('NDES-PRF-015 profile-template-validity', () => {
  it("passes up to the template's period and warns one day over", () => {
    expect(run(check, { profile: flags({ validity: '365d' }), ...intune }).status).toBe('pass');
    const over = run(check, { profile: flags({ validity: '366d' }), ...intune });
    expect(over).toMatchObject({ status: 'warn', evidence: { expected: "at most the template's 1 year (365 days)", actual: '366 days (366 days)' } });
    expect(run(check, { profile: flags({ validity: '1y' }), ...legacy }).message).toMatch(/longer than the 2 days of LegacySCEP/);
  });

  // certtmpl.msc offers years, months, weeks and days; a year is twelve months to the CA, not 360 days.
  it('compares months with years as calendar periods, both sides of the limit', () => {
    const withPeriod = (period: string) => {
      const { mscepRegistry, scepTemplates } = facts(HEALTHY);
      scepTemplates.refs[0]!.template = parseCertutilTemplates(`[IntuneSCEP]\n cn = "IntuneSCEP"\n pKIExpirationPeriod = "${period}"\n`)[0]!;
      return { mscepRegistry, scepTemplates };
    };
    const verdict = (validity: string, period: string) => run(check, { profile: flags({ validity }), ...withPeriod(period) }).status;
    expect([verdict('1y', '12 Months'), verdict('13m', '12 Months')]).toEqual(['pass', 'warn']);
    expect([verdict('24m', '2 Years'), verdict('2y', '24 Months'), verdict('25m', '2 Years')]).toEqual(['pass', 'pass', 'warn']);
    // Weeks and days stay in days: 52 weeks is 364 days, a day short of a year.
    expect([verdict('364d', '52 Weeks'), verdict('1y', '52 Weeks')]).toEqual(['pass', 'warn']);
  });

  it('on Apple platforms reports the template period devices get', () => {
    expect(run(check, { profile: flags({ platform: 'ios', validity: '2y' }), ...intune })).toMatchObject({ status: 'pass', message: "iOS/iPadOS devices get the template's validity period: IntuneSCEP issues certificates valid for 1 year." });
  });

  it('says the template applies when the profile sets no period', () => {
    expect(run(check, { profile: flags({ validity: undefined }), ...intune })).toMatchObject({ status: 'skip', message: expect.stringMatching(/template's 1 year applies/) });
  });

  it('is an error when the template period cannot be read', () => {
    const { mscepRegistry, scepTemplates, certTemplates } = facts({ ...HEALTHY, 'certutil.dstemplate': 'certutil/dstemplate-unknown-values.txt' });
    scepTemplates.refs[0]!.template = certTemplates.templates.find((t) => t.validity.status === 'invalid')!;
    expect(run(check, { profile: flags(), mscepRegistry, scepTemplates })).toMatchObject({ status: 'error', message: expect.stringMatching(/"Fortnights"/) });
  });
});
