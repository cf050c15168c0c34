import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/account/scep-app-pool-identity.js';
import { factFrom, runCheck } from '../host-facts.js';
import { iisWith } from './account-facts.js';

describe('NDES-ACCT-001 scep-app-pool-identity', () => {
  it('passes for a specific user, read from a real applicationHost.config', async () => {
    const iisConfig = factFrom('iisConfig', { 'iis.applicationhost': 'iis-config/applicationHost.healthy.config' });
    expect(await runCheck(check, { iisConfig })).toMatchObject({ status: 'pass', message: 'The SCEP pool runs as CONTOSO\\svc-ndes.' });
  });

  it('fails for LocalSystem and warns for ApplicationPoolIdentity', async () => {
    expect((await runCheck(check, { iisConfig: iisWith({ identityType: 'LocalSystem' }) })).status).toBe('fail');
    expect(await runCheck(check, { iisConfig: iisWith({ identityType: 'ApplicationPoolIdentity' }) })).toMatchObject({ status: 'warn', severity: 'low' });
  });

  it('fails when no pool serves /CertSrv/mscep', async () => {
    expect(await runCheck(check, { iisConfig: iisWith({ identityType: 'SpecificUser', userName: 'CONTOSO\\svc-ndes' }, 'Missing') })).toMatchObject({
      status: 'fail',
      evidence: { actual: 'pools: DefaultAppPool, SCEP' },
    });
  });
});
