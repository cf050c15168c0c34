import { describe, expect, it } from 'vitest';
import mscepAdminExposure from '../../../src/checks/iis/mscep-admin-exposure.js';
import { facts, run, HEALTHY, STOCK } from './iis-fixture-facts.js';

describe('NDES-IIS-006 mscep_admin', () => {
  it('warns when reachable, passes when hidden or removed', () => {
    expect(run(mscepAdminExposure, facts(STOCK)).status).toBe('warn');
    expect(run(mscepAdminExposure, facts(HEALTHY)).message).toMatch(/hides it/);
    expect(run(mscepAdminExposure, facts({ 'iis.applicationhost': 'applicationHost.de.config' })).message).toBe(
      'Standardwebsite has no /CertSrv/mscep_admin application.',
    );
  });
});
