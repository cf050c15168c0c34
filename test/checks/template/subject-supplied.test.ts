import { describe, expect, it } from 'vitest';
import subjectSupplied from '../../../src/checks/template/subject-supplied.js';
import { facts, HEALTHY, run } from '../mscep/mscep-fixture-facts.js';

describe('NDES-TPL-002 subject supplied in the request', () => {
  it('passes when CT_FLAG_ENROLLEE_SUPPLIES_SUBJECT is set', () => {
    expect(run(subjectSupplied, facts(HEALTHY))).toMatchObject({ status: 'pass', evidence: { actual: expect.stringMatching(/: 0x1$/) } });
  });

  it('fails on a negative name flag without bit 1 (built from AD)', () => {
    const out = run(subjectSupplied, facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-legacy.reg' }));
    expect(out.status).toBe('fail');
    expect(out.evidence?.actual).toMatch(/0xa6000000$/);
    if (out.status === 'fail') expect(out.remediation.text).toMatch(/"Supply in the request"/);
  });

  it('reads the CertEnroll view the same way', () => {
    const out = run(subjectSupplied, facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-legacy.reg', 'certutil.dstemplate': 'certutil/template-en.txt' }));
    expect(out.status).toBe('fail');
  });
});
