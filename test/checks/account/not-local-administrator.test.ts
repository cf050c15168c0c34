import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/account/not-local-administrator.js';
import { factFrom, runCheck } from '../host-facts.js';
import { iisWith } from './account-facts.js';
import { powershell } from '../../../src/engine/outcome.js';

const serverSystem = factFrom('serverSystem', { 'server.system': 'powershell/system-2022-member.json' });
const group = (f: string) => factFrom('administratorsGroup', { 'account.administrators': `powershell/${f}` });
const svc = iisWith({ identityType: 'SpecificUser', userName: 'CONTOSO\\svc-ndes' });

describe('NDES-ACCT-003 not-local-administrator', () => {
  it('passes when the account is not a member', async () => {
    expect((await runCheck(check, { iisConfig: svc, administratorsGroup: group('administrators-clean.json'), serverSystem })).status).toBe('pass');
  });

  it('warns (NDES works, it is a hardening finding) on a German server where the group is "Administratoren", matching case-insensitively', async () => {
    const o = await runCheck(check, { iisConfig: svc, administratorsGroup: group('administrators-de-with-svc.json'), serverSystem });
    expect(o.status).toBe('warn');
    if (o.status === 'warn') expect(o.remediation.commands?.[0]).toEqual(powershell('Remove-LocalGroupMember -SID S-1-5-32-544 -Member "CONTOSO\\svc-ndes"'));
  });

  it('matches a local .\\account against COMPUTER\\account only', async () => {
    const local = iisWith({ identityType: 'SpecificUser', userName: '.\\Administrator' });
    expect((await runCheck(check, { iisConfig: local, administratorsGroup: group('administrators-clean.json'), serverSystem })).status).toBe('warn');
  });

  it('finds a local account on a host name longer than NetBIOS allows, which Get-LocalGroupMember names by the cut name', async () => {
    const longName = { ...serverSystem, computerName: 'ndes-enrollment01', netbiosName: 'NDES-ENROLLMENT' };
    const admins = { ...group('administrators-clean.json'), members: [{ name: 'NDES-ENROLLMENT\\svc-local', sid: 'S-1-5-21-1004336348-1177238915-682003330-1001' }] };
    for (const userName of ['.\\svc-local', 'ndes-enrollment01\\svc-local']) {
      const o = await runCheck(check, { iisConfig: iisWith({ identityType: 'SpecificUser', userName }), administratorsGroup: admins, serverSystem: longName });
      expect(o.status, userName).toBe('warn');
    }
    const other = await runCheck(check, { iisConfig: iisWith({ identityType: 'SpecificUser', userName: '.\\svc-other' }), administratorsGroup: admins, serverSystem: longName });
    expect(other.status).toBe('pass');
  });
});
