import { describe, expect, it } from 'vitest';
import nonRepudiation from '../../../src/checks/template/non-repudiation.js';
import { facts, HEALTHY, run } from '../mscep/mscep-fixture-facts.js';

describe('NDES-TPL-004 non-repudiation', () => {
  it('passes on a0 (digital signature, key encipherment)', () => {
    expect(run(nonRepudiation, facts(HEALTHY))).toMatchObject({ status: 'pass', evidence: { actual: expect.stringMatching(/0xa0$/) } });
  });

  it('warns on e0, also when read from the CertEnroll extension dump', () => {
    for (const dump of ['certutil/dstemplate-en.txt', 'certutil/template-en.txt']) {
      const out = run(nonRepudiation, facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-legacy.reg', 'certutil.dstemplate': dump }));
      expect(out.status, dump).toBe('warn');
      expect(out.message).toMatch(/iOS\/iPadOS and macOS/);
    }
  });
});
