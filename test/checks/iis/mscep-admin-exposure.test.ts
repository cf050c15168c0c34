import { describe, expect, it } from 'vitest';
import mscepAdminExposure from '../../../src/checks/iis/mscep-admin-exposure.js';
import { facts, run, HEALTHY, STOCK } from './iis-fixture-facts.js';

describe('NDES-IIS-006 mscep_admin', () => {
  it('passes a reachable page as NDES setup leaves it, with how to hide it; passes when hidden or removed', () => {
    const stock = run(mscepAdminExposure, facts(STOCK));
    expect(stock.status).toBe('pass');
    expect(stock.message).toMatch(/is reachable, as NDES setup leaves it .* To hide it: .*hiddenSegments/);
    expect(stock.evidence?.actual).toBe('reachable');
    expect(run(mscepAdminExposure, facts(HEALTHY)).message).toMatch(/hides it/);
    expect(run(mscepAdminExposure, facts({ 'iis.applicationhost': 'applicationHost.de.config' })).message).toBe(
      'Standardwebsite has no /CertSrv/mscep_admin application.',
    );
  });
});
