import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/account/service-account-logon-rights.js';
import type { RightHolder } from '../../../src/parse/secedit-inf.js';
import { runCheck } from '../host-facts.js';
import { iisWith } from './account-facts.js';
import { ad, admins, iusrs, iusrsWithout, rights, users } from './rights-facts.js';
import { factFrom } from '../host-facts.js';

const svc = iisWith({ identityType: 'SpecificUser', userName: 'CONTOSO\\svc-ndes', logonType: 'LogonBatch' });
const svcAsService = iisWith({ identityType: 'SpecificUser', userName: 'CONTOSO\\svc-ndes', logonType: 'LogonService' });
const SVC_SID = 'S-1-5-21-3623811015-3361044348-30300820-1113';
const run = (f: string, over: Record<string, unknown> = {}) =>
  runCheck(check, { iisConfig: svc, userRights: rights(f), adAccounts: ad('healthy.json'), usersGroup: users, administratorsGroup: admins, iisIusrsGroup: iusrs, ...over });
/** A fixture's rights with one right's holders replaced. */
const withRight = (f: string, right: string, holders: RightHolder[]) => {
  const base = rights(f);
  return { ...base, rights: new Map([...base.rights, [right, holders]]) };
};

describe('NDES-ACCT-007 service-account-logon-rights', () => {
  it('passes as Microsoft documents the account: batch logon through IIS_IUSRS, no "Log on as a service" of its own', async () => {
    const o = await run('ndes-no-service-logon.inf');
    expect(o.status).toBe('pass');
    expect(o.evidence?.actual).toBe('SeBatchLogonRight via IIS_IUSRS (S-1-5-32-568)');
    expect(o.evidence?.details?.otherLogonRights).toContain('SeServiceLogonRight = S-1-5-80-0');
  });

  it('warns (low), as Microsoft asks the account to keep its default logon rights, when hardening denies one WAS does not use', async () => {
    const o = await run('ndes-member.inf', { userRights: withRight('ndes-member.inf', 'SeDenyInteractiveLogonRight', [{ kind: 'sid', sid: SVC_SID }]) });
    expect(o).toMatchObject({
      status: 'warn',
      severity: 'low',
      message:
        'CONTOSO\\svc-ndes holds Log on as a batch job, the logon WAS uses to start the SCEP pool, but Allow log on locally is denied through CONTOSO\\svc-ndes (' + SVC_SID + ') (SeDenyInteractiveLogonRight). ' +
        "Microsoft's SCEP setup guidance asks that the NDES service account keep its default rights Allow log on locally, Log on as a service and Log on as a batch job, and warns that hardening policies remove them. " +
        'WAS does not use Allow log on locally for this pool, so it still starts.',
    });
    expect(o.evidence?.details?.otherLogonRights).toContain('SeInteractiveLogonRight via Users (S-1-5-32-545)');
  });

  it('warns (low) when a right is taken from a default holder the account is in: Users no longer allowed to log on locally', async () => {
    const hardened = withRight('ndes-member.inf', 'SeInteractiveLogonRight', [{ kind: 'sid', sid: 'S-1-5-32-544' }]);
    expect(await run('ndes-member.inf', { userRights: hardened })).toMatchObject({
      status: 'warn',
      severity: 'low',
      message: expect.stringContaining('but it lacks Allow log on locally (SeInteractiveLogonRight), which Windows gives by default to Users (S-1-5-32-545), a group it is in.'),
    });
  });

  it('does not warn for a right Windows never gave the account: no Users membership, no log on locally', async () => {
    const hardened = withRight('ndes-member.inf', 'SeInteractiveLogonRight', [{ kind: 'sid', sid: 'S-1-5-32-544' }]);
    const onlyInteractive = factFrom('usersGroup', { 'account.users': 'powershell/users-interactive-only.json' });
    expect((await run('ndes-member.inf', { userRights: hardened, usersGroup: onlyInteractive })).status).toBe('pass');
  });

  it('fails without batch logon: not in IIS_IUSRS, and IIS_IUSRS is what holds it', async () => {
    const o = await run('ndes-member.inf', { iisIusrsGroup: iusrsWithout });
    expect(o).toMatchObject({ status: 'fail', message: expect.stringContaining('lacks Log on as a batch job (SeBatchLogonRight)'), evidence: { codes: ['503'] } });
  });

  it('fails when a Deny right names a group the account is in (tokenGroups)', async () => {
    const o = await run('ndes-deny-batch.inf');
    expect(o).toMatchObject({ status: 'fail', message: expect.stringContaining('Log on as a batch job is denied through S-1-5-21-3623811015-3361044348-30300820-1130') });
  });

  it('with logonType LogonService, judges "Log on as a service" instead: held passes, missing fails', async () => {
    const held = await run('ndes-member.inf', { iisConfig: svcAsService });
    expect(held.status).toBe('pass');
    expect(held.evidence?.actual).toBe(`SeServiceLogonRight via CONTOSO\\svc-ndes (${SVC_SID})`);
    const missing = await run('ndes-no-service-logon.inf', { iisConfig: svcAsService });
    expect(missing).toMatchObject({ status: 'fail', message: expect.stringContaining('lacks Log on as a service (SeServiceLogonRight)') });
  });

  it('matches a right secedit wrote by name (German export)', async () => {
    const o = await run('de-names.inf', { iisConfig: svcAsService });
    expect(o.status).toBe('pass');
    expect(o.evidence?.actual).toContain('SeServiceLogonRight via svc-ndes');
  });

  it('counts a right held through Users only with the Users membership', async () => {
    const viaUsers = withRight('ndes-member.inf', 'SeBatchLogonRight', [{ kind: 'sid', sid: 'S-1-5-32-545' }]);
    expect((await run('ndes-member.inf', { userRights: viaUsers, iisIusrsGroup: iusrsWithout })).status).toBe('pass');
    const onlyInteractive = factFrom('usersGroup', { 'account.users': 'powershell/users-interactive-only.json' });
    const o = await run('ndes-member.inf', { userRights: viaUsers, iisIusrsGroup: iusrsWithout, usersGroup: onlyInteractive });
    expect(o).toMatchObject({ status: 'fail', message: expect.stringContaining('Log on as a batch job') });
  });

  it('does not apply to a built-in pool identity', async () => {
    expect((await run('ndes-member.inf', { iisConfig: iisWith({ identityType: 'ApplicationPoolIdentity' }) })).status).toBe('skip');
  });

  it('reports a failed AD lookup of the account as an error', async () => {
    expect(await run('ndes-member.inf', { adAccounts: ad('access-denied.json') })).toMatchObject({ status: 'error', errorCode: 'E_ACCESS_DENIED' });
  });
});
