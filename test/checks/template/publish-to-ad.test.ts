import { describe, expect, it } from 'vitest';
import publishToAd from '../../../src/checks/template/publish-to-ad.js';
import { facts, HEALTHY, run } from '../mscep/mscep-fixture-facts.js';

describe('NDES-TPL-005 publish to AD', () => {
  it('passes with msPKI-Enrollment-Flag 0', () => {
    expect(run(publishToAd, facts(HEALTHY)).status).toBe('pass');
  });

  it('fails with CT_FLAG_PUBLISH_TO_DS (0x29 has 0x8)', () => {
    const out = run(publishToAd, facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-legacy.reg' }));
    expect(out.status).toBe('fail');
    expect(out.evidence?.actual).toMatch(/0x29$/);
  });

  it('is an error when the flag is missing from a cut dump', () => {
    expect(run(publishToAd, facts({ ...HEALTHY, 'certutil.dstemplate': 'certutil/dstemplate-truncated.txt' })).status).toBe('error');
  });
});
