import { describe, expect, it } from 'vitest';
import { findScepAppPool, isSameAccount } from '../../../src/checks/account/scep-account.js';
import { iisWith } from './account-facts.js';

const member = (name: string) => ({ name }) as Parameters<typeof isSameAccount>[0];
const NDES01 = { computerName: 'NDES01', netbiosName: 'NDES01' };

describe('isSameAccount: a group member against the account the pool names', () => {
  it('DOMAIN\\user matches exactly, in any case, with spaces around the pool value', () => {
    expect(isSameAccount(member('CONTOSO\\svc-ndes'), ' contoso\\SVC-NDES ', NDES01)).toBe(true);
    expect(isSameAccount(member('CONTOSO\\svc-ndes2'), 'CONTOSO\\svc-ndes', NDES01)).toBe(false);
    expect(isSameAccount(member('FABRIKAM\\svc-ndes'), 'CONTOSO\\svc-ndes', NDES01)).toBe(false);
  });

  it('.\\user is the local account of this computer', () => {
    expect(isSameAccount(member('NDES01\\ndes'), '.\\ndes', { computerName: 'ndes01', netbiosName: 'NDES01' })).toBe(true);
    expect(isSameAccount(member('CONTOSO\\ndes'), '.\\ndes', NDES01)).toBe(false);
  });

  it('a local account is named by the NetBIOS name, which cuts a host name at 15 characters', () => {
    const long = { computerName: 'ndes-enrollment01', netbiosName: 'NDES-ENROLLMENT' };
    expect(isSameAccount(member('NDES-ENROLLMENT\\ndes'), '.\\ndes', long)).toBe(true);
    expect(isSameAccount(member('NDES-ENROLLMENT\\ndes'), 'ndes-enrollment01\\ndes', long)).toBe(true);
    expect(isSameAccount(member('NDES-ENROLLMENT\\ndes'), 'NDES-ENROLLMENT\\ndes', long)).toBe(true);
    expect(isSameAccount(member('NDES-ENROLLMENT\\ndes'), 'ndes-enrollment02\\ndes', long)).toBe(false);
    expect(isSameAccount(member('NDES-ENROLLMENT\\other'), '.\\ndes', long)).toBe(false);
    expect(isSameAccount(member('CONTOSO\\ndes'), 'ndes-enrollment01\\ndes', long)).toBe(false);
  });

  it('user@dns.domain is the NetBIOS-style DOMAIN\\user of its first label', () => {
    expect(isSameAccount(member('CONTOSO\\svc-ndes'), 'svc-ndes@contoso.com', NDES01)).toBe(true);
    expect(isSameAccount(member('CONTOSO\\svc-ndes'), 'svc-ndes@contoso', NDES01)).toBe(true);
    expect(isSameAccount(member('CONTOSO\\svc-ndes'), 'svc-ndes@fabrikam.com', NDES01)).toBe(false);
    expect(isSameAccount(member('CONTOSO\\other'), 'svc-ndes@contoso.com', NDES01)).toBe(false);
  });

  it('a bare name matches the member of that name in any domain, never a longer name', () => {
    expect(isSameAccount(member('CONTOSO\\svc-ndes'), 'svc-ndes', NDES01)).toBe(true);
    expect(isSameAccount(member('CONTOSO\\old-svc-ndes'), 'svc-ndes', NDES01)).toBe(false);
    expect(isSameAccount(member('svc-ndes\\x'), 'svc-ndes', NDES01)).toBe(false);
  });
});

describe('findScepAppPool', () => {
  it('is the pool the /CertSrv/mscep application names, in any case', () => {
    const iis = iisWith({ identityType: 'NetworkService' }, 'scep');
    expect(findScepAppPool(iis)?.name).toBe('SCEP');
    expect(findScepAppPool({ ...iis, sites: [] })?.name).toBe('SCEP');
    expect(findScepAppPool(iisWith({ identityType: 'NetworkService' }, 'DefaultAppPool'))?.name).toBe('DefaultAppPool');
    expect(findScepAppPool(iisWith({ identityType: 'NetworkService' }, 'Gone'))).toBeUndefined();
  });
});
