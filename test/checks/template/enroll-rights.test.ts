import { describe, expect, it } from 'vitest';
import enrollRights from '../../../src/checks/template/enroll-rights.js';
import { facts, HEALTHY, run } from '../mscep/mscep-fixture-facts.js';

describe('NDES-TPL-008 enroll rights', () => {
  it('passes when the SCEP pool user has Read and Enroll', () => {
    const out = run(enrollRights, facts(HEALTHY));
    expect(out).toMatchObject({ status: 'pass', message: 'CONTOSO\\svc-ndes has Read and Enroll on IntuneSCEP.' });
  });

  it('fails on an explicit Deny Enroll', () => {
    const out = run(enrollRights, facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-legacy.reg' }));
    expect(out.status).toBe('fail');
    expect(out.message).toMatch(/LegacySCEP has Deny Enroll for CONTOSO\\svc-ndes/);
  });

  it('warns when the account is not listed directly (a gMSA pool here)', () => {
    const out = run(enrollRights, facts({ ...HEALTHY, 'iis.applicationhost': 'iis-config/applicationHost.de.config' }));
    expect(out.status).toBe('warn');
    expect(out.message).toMatch(/^CONTOSO\\gmsa-ndes\$ does not hold Read and Enroll directly on IntuneSCEP/);
  });

  it('reports what it sees and skips without IIS data', () => {
    const out = run(enrollRights, facts({ ...HEALTHY, 'iis.applicationhost': undefined }));
    expect(out.status).toBe('skip');
    expect(out.message).toMatch(/Allow Enroll CONTOSO\\svc-ndes/);
  });

  it('skips when the permissions are only in a language it cannot read', () => {
    const out = run(enrollRights, facts({ ...HEALTHY, 'certutil.dstemplate': 'certutil/dstemplate-it-cp850.txt' }, 850));
    expect(out.status).toBe('skip');
    expect(out.message).toMatch(/no readable permissions/);
  });
});
