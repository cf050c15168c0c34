import { describe, expect, it } from 'vitest';
import { appPoolSid, poolPrincipal } from '../../../src/checks/account/pool-principal.js';
import { iisWith } from './account-facts.js';
import { ad, admins, adminsWithSvc, users } from './rights-facts.js';

describe('appPoolSid', () => {
  it('gives the SID Windows documents for IIS APPPOOL\\DefaultAppPool, whatever the case of the name', () => {
    expect(appPoolSid('DefaultAppPool')).toBe('S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415');
    expect(appPoolSid('DEFAULTAPPPOOL')).toBe(appPoolSid('defaultapppool'));
  });
});

describe('poolPrincipal', () => {
  it('puts the account, its domain groups, Users and the injected IIS_IUSRS into the token', () => {
    const r = poolPrincipal(iisWith({ identityType: 'SpecificUser', userName: 'CONTOSO\\svc-ndes' }), ad('healthy.json'), { users, administrators: admins });
    if (!('principal' in r)) throw new Error('expected a principal');
    const p = r.principal;
    expect(p.member.has('S-1-5-21-3623811015-3361044348-30300820-513')).toBe(true);
    expect(p.member.has('S-1-5-32-545')).toBe(true);
    expect(p.member.has('S-1-5-32-544')).toBe(false);
    expect(p.member.has('S-1-5-32-568')).toBe(false);
    expect(p.runtime.has('S-1-5-32-568')).toBe(true);
  });

  it('adds Administrators when the account is a member', () => {
    const r = poolPrincipal(iisWith({ identityType: 'SpecificUser', userName: 'CONTOSO\\svc-ndes' }), ad('healthy.json'), { users, administrators: adminsWithSvc });
    expect('principal' in r && r.principal.member.has('S-1-5-32-544')).toBe(true);
  });

  it('uses the IIS APPPOOL virtual account for ApplicationPoolIdentity', () => {
    const r = poolPrincipal(iisWith({ identityType: 'ApplicationPoolIdentity' }), ad('healthy.json'), { users, administrators: admins });
    expect('principal' in r && r.principal).toMatchObject({ label: 'IIS APPPOOL\\SCEP', sid: 'S-1-5-82-298598261-2050821656-3206418497-3728514927-3871840613' });
  });
});
