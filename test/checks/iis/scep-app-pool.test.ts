import { describe, expect, it } from 'vitest';
import scepAppPool from '../../../src/checks/iis/scep-app-pool.js';
import { facts, run, HEALTHY, STOCK } from './iis-fixture-facts.js';

describe('NDES-IIS-004 SCEP application pool', () => {
  it('fails when the pool is stopped and still reports its identity', () => {
    const out = run(scepAppPool, facts({ ...HEALTHY, 'iis.apppools': 'apppools.stopped.xml' }));
    expect(out.status).toBe('fail');
    expect(out.message).toBe('Application pool "SCEP" is Stopped; IIS answers 503 to every SCEP request. It runs as CONTOSO\\svc-ndes (specific user).');
  });
  it('reports ApplicationPoolIdentity', () => {
    expect(run(scepAppPool, facts(STOCK)).message).toBe(
      'Application pool "SCEP" is started and runs as IIS APPPOOL\\SCEP (ApplicationPoolIdentity; the computer account on the network).',
    );
  });
  it('warns for a gMSA pool without autoStart', () => {
    const out = run(scepAppPool, facts({ 'iis.applicationhost': 'applicationHost.de.config', 'iis.apppools': 'apppools.started.xml' }));
    expect(out.status).toBe('warn');
    expect(out.message).toMatch(/CONTOSO\\gmsa-ndes\$ \(group managed service account\)/);
  });
  it('judges the state appcmd lists, whatever case it writes the pool name in', () => {
    const f = facts(HEALTHY);
    const out = run(scepAppPool, { ...f, iisAppPoolStates: new Map([['scep', 'Unknown']]) });
    expect(out.status).toBe('fail');
    expect(out.message).toMatch(/^Application pool "SCEP" is Unknown; IIS answers 503/);
  });
  it('is an error, not a verdict, when appcmd does not list the pool applicationHost.config declares', () => {
    const f = facts(HEALTHY);
    const out = run(scepAppPool, { ...f, iisAppPoolStates: new Map([['DefaultAppPool', 'Started']]) });
    expect(out).toMatchObject({ status: 'error', errorCode: 'E_FACT_UNAVAILABLE' });
    expect(out.message).toMatch(/^Application pool "SCEP" is declared in iis\/applicationHost\.config but not listed by appcmd list apppool, so its state is unknown/);
  });
  it('fails when the pool the application names does not exist', () => {
    const f = facts(HEALTHY);
    const broken = { ...f, iisConfig: { ...f.iisConfig, appPools: f.iisConfig.appPools.filter((p) => p.name !== 'SCEP') } };
    const out = run(scepAppPool, broken);
    expect(out.status).toBe('fail');
    expect(out.message).toMatch(/uses application pool "SCEP", which does not exist/);
  });
});
