import { describe, expect, it } from 'vitest';
import httpsBinding from '../../../src/checks/iis/https-binding.js';
import mscepAdminExposure from '../../../src/checks/iis/mscep-admin-exposure.js';
import scepAppPool, { describeIdentity } from '../../../src/checks/iis/scep-app-pool.js';
import type { IisAppPool } from '../../../src/facts/iis-types.js';
import { parseBinding } from '../../../src/parse/iis-config.js';
import { facts, HEALTHY, run, STOCK } from './iis-fixture-facts.js';
import { shown } from '../example-outcomes.js';


describe('NDES-IIS-003 and -004 without an NDES site', () => {
  it('both fail, naming the sites there are, or none', () => {
    const healthy = facts(HEALTHY);
    const f = { ...healthy, iisConfig: { ...healthy.iisConfig, sites: [] } };
    expect(shown(run(httpsBinding, f))).toMatchSnapshot();
    expect(shown(run(scepAppPool, f))).toMatchSnapshot();
    const stock = facts(STOCK);
    const noApp = { ...stock, iisConfig: { ...stock.iisConfig, sites: stock.iisConfig.sites.map((s) => ({ ...s, applications: s.applications.filter((a) => !/mscep/i.test(a.path)) })) } };
    expect(shown(run(scepAppPool, noApp))).toMatchSnapshot();
    expect(run(httpsBinding, noApp).evidence?.actual).toMatch(/^sites: Default Web Site$/);
  });
});

describe('NDES-IIS-003 https on another port', () => {
  it('fails, naming the port devices do not use, with the binding list as evidence', () => {
    const f = facts(HEALTHY);
    const moved = {
      ...f,
      iisConfig: { ...f.iisConfig, sites: f.iisConfig.sites.map((s) => ({ ...s, bindings: s.bindings.map((b) => (b.protocol === 'https' ? { ...b, port: 8443, bindingInformation: '*:8443:' } : b)) })) },
    };
    expect(shown(run(httpsBinding, moved))).toMatchSnapshot();
  });

  it('names an https binding IIS cannot listen on as written, not as port 0', () => {
    const f = facts(HEALTHY);
    for (const info of ['garbage', '', '*:70000:', '*:0:']) {
      const broken = {
        ...f,
        iisConfig: { ...f.iisConfig, sites: f.iisConfig.sites.map((s) => ({ ...s, bindings: [...s.bindings.filter((b) => b.protocol !== 'https'), parseBinding({ name: 'binding', attrs: { protocol: 'https', bindingInformation: info }, children: [] })] })) },
      };
      const out = run(httpsBinding, broken);
      expect(out.status, info).toBe('fail');
      expect(out.message).toBe(`Site "Default Web Site" has no https binding on port 443. Its https binding "${info}" is not address:port:host (such as *:443:), so IIS cannot listen on it.`);
    }
  });

  it('passes on the healthy site, in words', () => {
    expect(shown(run(httpsBinding, facts(HEALTHY)))).toMatchSnapshot();
  });
});

describe('NDES-IIS-004 in each state of the pool', () => {
  it('a missing pool, a stopped pool, a pool appcmd did not list, and autoStart off', () => {
    const f = facts(HEALTHY);
    const missing = { ...f, iisConfig: { ...f.iisConfig, appPools: f.iisConfig.appPools.filter((p) => p.name !== 'SCEP') } };
    expect(shown(run(scepAppPool, missing))).toMatchSnapshot();
    expect(shown(run(scepAppPool, facts({ ...HEALTHY, 'iis.apppools': 'apppools.stopped.xml' })))).toMatchSnapshot();
    expect(shown(run(scepAppPool, { ...f, iisAppPoolStates: new Map() as never }))).toMatchSnapshot();
    expect(shown(run(scepAppPool, facts({ 'iis.applicationhost': 'applicationHost.de.config', 'iis.apppools': 'apppools.started.xml' })))).toMatchSnapshot();
  });

  it('describes each identity type', () => {
    const pool = (identityType: string, userName?: string) => ({ name: 'SCEP', identityType, userName }) as IisAppPool;
    expect(describeIdentity(pool('SpecificUser'))).toBe('a specific user, but no userName is set');
    expect(describeIdentity(pool('SpecificUser', 'CONTOSO\\gmsa$'))).toBe('CONTOSO\\gmsa$ (group managed service account)');
    expect(describeIdentity(pool('NetworkService'))).toBe('NetworkService (built-in account)');
    expect(describeIdentity(pool('LocalSystem'))).toBe('LocalSystem (built-in account)');
  });
});

describe('NDES-IIS-006 mscep_admin exposure, in words', () => {
  it.each([HEALTHY, STOCK])('%o', (files) => {
    expect(shown(run(mscepAdminExposure, facts(files)))).toMatchSnapshot();
  });
});
