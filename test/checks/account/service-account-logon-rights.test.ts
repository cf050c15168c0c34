import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/account/service-account-logon-rights.js';
import { runCheck } from '../host-facts.js';
import { iisWith } from './account-facts.js';
import { ad, admins, iusrs, iusrsWithout, rights, users } from './rights-facts.js';
import { factFrom } from '../host-facts.js';

const svc = iisWith({ identityType: 'SpecificUser', userName: 'CONTOSO\\svc-ndes' });
const run = (f: string, over: Record<string, unknown> = {}) =>
  runCheck(check, { iisConfig: svc, userRights: rights(f), adAccounts: ad('healthy.json'), usersGroup: users, administratorsGroup: admins, iisIusrsGroup: iusrs, ...over });

describe('NDES-ACCT-007 service-account-logon-rights', () => {
  it('passes: service logon by SID, batch through IIS_IUSRS, log on locally through Users', async () => {
    const o = await run('ndes-member.inf');
    expect(o.status).toBe('pass');
    expect(o.evidence?.actual).toContain('SeBatchLogonRight via IIS_IUSRS (S-1-5-32-568)');
    expect(o.evidence?.actual).toContain('SeInteractiveLogonRight via Users (S-1-5-32-545)');
    expect(o.evidence?.actual).toContain('SeServiceLogonRight via CONTOSO\\svc-ndes (S-1-5-21-3623811015-3361044348-30300820-1113)');
  });

  it('warns when "Log on as a service" is missing', async () => {
    const o = await run('ndes-no-service-logon.inf');
    expect(o).toMatchObject({ status: 'warn', message: expect.stringContaining('lacks Log on as a service (SeServiceLogonRight)') });
  });

  it('fails without batch logon: not in IIS_IUSRS, and IIS_IUSRS is what holds it', async () => {
    const o = await run('ndes-member.inf', { iisIusrsGroup: iusrsWithout });
    expect(o).toMatchObject({ status: 'fail', message: expect.stringContaining('Log on as a batch job (SeBatchLogonRight)') });
  });

  it('fails when a Deny right names a group the account is in (tokenGroups)', async () => {
    const o = await run('ndes-deny-batch.inf');
    expect(o).toMatchObject({ status: 'fail', message: expect.stringContaining('Log on as a batch job is denied through S-1-5-21-3623811015-3361044348-30300820-1130') });
  });

  it('matches a right secedit wrote by name (German export)', async () => {
    const o = await run('de-names.inf');
    expect(o.status).toBe('pass');
    expect(o.evidence?.actual).toContain('SeServiceLogonRight via svc-ndes');
  });

  it('needs the Users membership to count "Users" rights', async () => {
    const onlyInteractive = factFrom('usersGroup', { 'account.users': 'powershell/users-interactive-only.json' });
    const o = await run('ndes-member.inf', { usersGroup: onlyInteractive });
    expect(o).toMatchObject({ status: 'warn', message: expect.stringContaining('Allow log on locally') });
  });

  it('does not apply to a built-in pool identity', async () => {
    expect((await run('ndes-member.inf', { iisConfig: iisWith({ identityType: 'ApplicationPoolIdentity' }) })).status).toBe('skip');
  });

  it('reports a failed AD lookup of the account as an error', async () => {
    expect(await run('ndes-member.inf', { adAccounts: ad('access-denied.json') })).toMatchObject({ status: 'error', errorCode: 'E_ACCESS_DENIED' });
  });
});
