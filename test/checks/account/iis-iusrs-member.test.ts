import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/account/iis-iusrs-member.js';
import { factFrom, runCheck } from '../host-facts.js';
import { iisWith } from './account-facts.js';
import { powershell } from '../../../src/engine/outcome.js';

const serverSystem = factFrom('serverSystem', { 'server.system': 'powershell/system-2022-member.json' });
const group = (f: string) => factFrom('iisIusrsGroup', { 'account.iis-iusrs': `powershell/${f}` });
const identity = (f: string) => factFrom('scepIdentity', { 'account.scep-identity': `powershell/${f}` });
const svc = iisWith({ identityType: 'SpecificUser', userName: 'CONTOSO\\svc-ndes' });
const run = (members: string, id = 'scep-identity-user.json', iisConfig = svc) =>
  runCheck(check, { iisConfig, iisIusrsGroup: group(members), serverSystem, scepIdentity: identity(id) });

describe('NDES-ACCT-002 iis-iusrs-member', () => {
  it('passes when the pool account is a direct member', async () => {
    expect(await run('iis-iusrs-with-svc.json')).toMatchObject({ status: 'pass', message: 'CONTOSO\\svc-ndes is a member of IIS_IUSRS.' });
  });

  it('matches a UPN pool identity against DOMAIN\\user members', async () => {
    expect((await run('iis-iusrs-with-svc.json', 'scep-identity-no-groups.json', iisWith({ identityType: 'SpecificUser', userName: 'svc-ndes@contoso.com' }))).status).toBe('pass');
  });

  it('matches a direct member by SID when its name is written differently', async () => {
    const renamed = group('iis-iusrs-with-svc.json');
    renamed.members = renamed.members.map((m) => (m.name === 'CONTOSO\\svc-ndes' ? { ...m, name: 'CONTOSO\\NDES-Dienst' } : m));
    expect((await runCheck(check, { iisConfig: svc, iisIusrsGroup: renamed, serverSystem, scepIdentity: identity('scep-identity-user.json') })).status).toBe('pass');
  });

  it('passes membership through a domain group in the account\'s tokenGroups, whatever the group is called', async () => {
    expect(await run('iis-iusrs-with-group.json')).toMatchObject({
      status: 'pass',
      message: 'CONTOSO\\svc-ndes is a member of IIS_IUSRS through CONTOSO\\NDES-Dienstkonten (S-1-5-21-3623811015-3361044348-30300820-1120).',
    });
  });

  it('fails the same group membership when the account is not in that group', async () => {
    const other = identity('scep-identity-user.json');
    other.tokenGroups = ['S-1-5-21-3623811015-3361044348-30300820-513'];
    const o = await runCheck(check, { iisConfig: svc, iisIusrsGroup: group('iis-iusrs-with-group.json'), serverSystem, scepIdentity: other });
    expect(o).toMatchObject({ status: 'fail', message: expect.stringContaining('is not a member of IIS_IUSRS (S-1-5-32-568), directly or through its groups;') });
  });

  it('fails with the SID-based Add-LocalGroupMember command', async () => {
    const o = await run('iis-iusrs-without-svc.json');
    expect(o.status).toBe('fail');
    if (o.status === 'fail') expect(o.remediation.commands?.[0]).toEqual(powershell('Add-LocalGroupMember -SID S-1-5-32-568 -Member "CONTOSO\\svc-ndes"'));
  });

  it('warns, not fails, when the account\'s groups could not be read and IIS_IUSRS holds a group it may be in', async () => {
    const o = await run('iis-iusrs-with-group.json', 'scep-identity-no-groups.json');
    expect(o).toMatchObject({
      status: 'warn',
      message:
        'CONTOSO\\svc-ndes is not a direct member of IIS_IUSRS (S-1-5-32-568), and its groups could not be read (Exception calling "RefreshCache" with "1" argument(s): "The server is not operational."), ' +
        'so whether it belongs through CONTOSO\\NDES-Dienstkonten is unknown. Microsoft asks that the NDES service account be a member of IIS_IUSRS; without it the account may lack the logon rights IIS needs to start the SCEP pool.',
    });
    if (o.status === 'warn') expect(o.remediation.commands?.[0]).toEqual(powershell('Add-LocalGroupMember -SID S-1-5-32-568 -Member "CONTOSO\\svc-ndes"'));
  });

  it('still fails without the account\'s groups when no member of IIS_IUSRS could be a group holding it (IUSR only)', async () => {
    expect(await run('iis-iusrs-without-svc.json', 'scep-identity-no-groups.json')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('Its groups could not be read (Exception calling "RefreshCache" with "1" argument(s): "The server is not operational."), but no member of IIS_IUSRS is a group it could belong to.'),
    });
  });

  it('counts Everyone and Authenticated Users, which every token holds, even when the account\'s groups could not be read', async () => {
    const everyone = group('iis-iusrs-without-svc.json');
    everyone.members = [...everyone.members, { name: 'Jeder', sid: 'S-1-1-0' }];
    expect(await runCheck(check, { iisConfig: svc, iisIusrsGroup: everyone, serverSystem, scepIdentity: identity('scep-identity-no-groups.json') })).toMatchObject({
      status: 'pass',
      message: 'CONTOSO\\svc-ndes is a member of IIS_IUSRS through Jeder (S-1-1-0).',
    });
  });

  it('does not apply to built-in pool identities', async () => {
    expect((await run('iis-iusrs-without-svc.json', 'scep-identity-apppool.json', iisWith({ identityType: 'ApplicationPoolIdentity' }))).status).toBe('skip');
  });
});
