import { describe, expect, it } from 'vitest';
import mscepAdminExposure from '../../../src/checks/iis/mscep-admin-exposure.js';
import { facts, run, HEALTHY, STOCK } from './iis-fixture-facts.js';

describe('NDES-IIS-006 mscep_admin', () => {
  it('passes a reachable page as NDES setup leaves it, with the hardening commands as a note', () => {
    const r = run(mscepAdminExposure, facts(STOCK));
    expect(r.status).toBe('pass');
    expect(r.message).toMatch(/reachable, as NDES setup leaves it/);
    expect(r.evidence?.actual).toBe('reachable');
    expect(r.evidence?.details?.hardening).toEqual([
      expect.stringContaining(`/+"hiddenSegments.[segment='mscep_admin']" /commit:apphost`),
      expect.stringContaining('delete app "Default Web Site/CertSrv/mscep_admin"'),
    ]);
  });

  it('passes when hidden or removed, saying which', () => {
    expect(run(mscepAdminExposure, facts(HEALTHY)).message).toMatch(/hides it/);
    expect(run(mscepAdminExposure, facts({ 'iis.applicationhost': 'applicationHost.de.config' })).message).toBe(
      'Standardwebsite has no /CertSrv/mscep_admin application.',
    );
  });
});
