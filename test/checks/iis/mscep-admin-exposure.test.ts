import { describe, expect, it } from 'vitest';
import mscepAdminExposure from '../../../src/checks/iis/mscep-admin-exposure.js';
import { facts, factsOfAppHost, run, HEALTHY, STOCK } from './iis-fixture-facts.js';
import { realText } from '../../helpers/real.js';

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

  it('a hiddenSegments rule hides the page only where IIS Request Filtering is installed (real Server 2022 and 2019 files)', () => {
    // What the hardening command writes into each real applicationHost.config: a <location> for the site.
    const rule = '<location path="Default Web Site"><system.webServer><security><requestFiltering><hiddenSegments><add segment="mscep_admin" /></hiddenSegments></requestFiltering></security></system.webServer></location>';
    const hiding = (file: string) => realText(file).replace('</configuration>', `${rule}</configuration>`);
    const withModule = hiding('iis/ndes-manual-ws2022-applicationHost.config');
    const withoutModule = hiding('iis/ndes-manual-ws2019-applicationHost.config');
    expect([withModule, withoutModule].every((t) => t.includes('<add segment="mscep_admin" />'))).toBe(true);
    expect(run(mscepAdminExposure, factsOfAppHost(withModule))).toMatchObject({ message: expect.stringMatching(/request filtering hides it/), evidence: { actual: 'hidden' } });
    const exposed = run(mscepAdminExposure, factsOfAppHost(withoutModule));
    expect(exposed).toMatchObject({ status: 'pass', evidence: { actual: 'reachable' } });
    expect(exposed.evidence?.details?.notes).toEqual([expect.stringMatching(/would hide it, but IIS Request Filtering is not installed/)]);
  });

  it('passes when hidden or removed, saying which', () => {
    expect(run(mscepAdminExposure, facts(HEALTHY)).message).toMatch(/hides it/);
    expect(run(mscepAdminExposure, facts({ 'iis.applicationhost': 'applicationHost.de.config' })).message).toBe(
      'Standardwebsite has no /CertSrv/mscep_admin application.',
    );
  });
});
