import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/account/iis-iusrs-member.js';
import { factFrom, runCheck } from '../host-facts.js';
import { iisWith } from './account-facts.js';

const serverSystem = factFrom('serverSystem', { 'server.system': 'powershell/system-2022-member.json' });
const group = (f: string) => factFrom('iisIusrsGroup', { 'account.iis-iusrs': `powershell/${f}` });
const svc = iisWith({ identityType: 'SpecificUser', userName: 'CONTOSO\\svc-ndes' });

describe('NDES-ACCT-002 iis-iusrs-member', () => {
  it('passes when the pool account is a direct member', async () => {
    expect((await runCheck(check, { iisConfig: svc, iisIusrsGroup: group('iis-iusrs-with-svc.json'), serverSystem })).status).toBe('pass');
  });

  it('matches a UPN pool identity against DOMAIN\\user members', async () => {
    const upn = iisWith({ identityType: 'SpecificUser', userName: 'svc-ndes@contoso.com' });
    expect((await runCheck(check, { iisConfig: upn, iisIusrsGroup: group('iis-iusrs-with-svc.json'), serverSystem })).status).toBe('pass');
  });

  it('fails with the SID-based Add-LocalGroupMember command', async () => {
    const o = await runCheck(check, { iisConfig: svc, iisIusrsGroup: group('iis-iusrs-without-svc.json'), serverSystem });
    expect(o.status).toBe('fail');
    if (o.status === 'fail') expect(o.remediation.commands?.[0]).toBe('Add-LocalGroupMember -SID S-1-5-32-568 -Member "CONTOSO\\svc-ndes"');
  });

  it('does not apply to built-in pool identities', async () => {
    const o = await runCheck(check, { iisConfig: iisWith({ identityType: 'ApplicationPoolIdentity' }), iisIusrsGroup: group('iis-iusrs-without-svc.json'), serverSystem });
    expect(o.status).toBe('skip');
  });
});
