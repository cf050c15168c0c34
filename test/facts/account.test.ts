import { describe, expect, it } from 'vitest';
import { parseGroupMembers } from '../../src/facts/account.js';
import { factFrom } from '../checks/host-facts.js';

describe('local group facts', () => {
  it('reads members and SIDs, keeping translated names as written', () => {
    const g = factFrom('administratorsGroup', { 'account.administrators': 'powershell/administrators-de-with-svc.json' });
    expect(g.sid).toBe('S-1-5-32-544');
    expect(g.members.map((m) => m.name)).toContain('CONTOSO\\Domänen-Admins');
  });

  it('accepts a SID serialized as a SecurityIdentifier object', () => {
    const g = factFrom('iisIusrsGroup', { 'account.iis-iusrs': 'powershell/members-sid-object.json' });
    expect(g.members).toEqual([{ name: 'CONTOSO\\svc-ndes', sid: 'S-1-5-21-3623811015-3361044348-30300820-1113' }]);
  });

  it('refuses a member without a SID, which the collector always writes, instead of matching it by name only', () => {
    const one = (member: object) => () => parseGroupMembers(JSON.stringify([member]));
    expect(one({ Name: 'CONTOSO\\svc-ndes', PrincipalSource: 2 })).toThrow(/^group member CONTOSO\\svc-ndes has no SID$/);
    expect(one({ Name: 'CONTOSO\\svc-ndes', SID: null, PrincipalSource: 2 })).toThrow(/^group member CONTOSO\\svc-ndes has no SID$/);
    expect(one({ Name: 'CONTOSO\\svc-ndes', SID: 'CONTOSO\\svc-ndes' })).toThrow(/has SID "CONTOSO\\svc-ndes", which is not a SID/);
    // An orphaned member: its name is its SID.
    expect(one({ Name: 'S-1-5-21-1-2-3-1500', SID: 'S-1-5-21-1-2-3-1500', PrincipalSource: 0 })()).toEqual([{ name: 'S-1-5-21-1-2-3-1500', sid: 'S-1-5-21-1-2-3-1500' }]);
  });
});

describe('scepAccountSpn', () => {
  it('is empty, not an error, when the collector found no pool user', () => {
    const f = factFrom('scepAccountSpn', { 'account.spn': 'setspn/setspn-empty.txt' });
    expect(f).toEqual({ source: 'setspn/setspn-empty.txt' });
  });

  it('parses the German listing in CP850', () => {
    expect(factFrom('scepAccountSpn', { 'account.spn': 'setspn/setspn-de-cp850.txt' }).listing?.spns).toEqual(['http/NDES01.contoso.com']);
  });

  it('turns "could not find account" into a readable fact error', () => {
    expect(() => factFrom('scepAccountSpn', { 'account.spn': 'setspn/setspn-not-found.txt' })).toThrow(/setspn-not-found.txt: setspn did not list an account/);
  });
});

describe('scepIdentity', () => {
  it('reads the account, its SID and every group SID in its token', () => {
    const f = factFrom('scepIdentity', { 'account.scep-identity': 'powershell/scep-identity-user.json' });
    expect(f).toMatchObject({ identityType: 'SpecificUser', account: 'CONTOSO\\svc-ndes', sid: 'S-1-5-21-3623811015-3361044348-30300820-1113' });
    expect(f.tokenGroups).toEqual(['S-1-5-21-3623811015-3361044348-30300820-513', 'S-1-5-21-3623811015-3361044348-30300820-1120']);
  });

  it('keeps "groups unknown" apart from "no groups", with the collector\'s reason', () => {
    const f = factFrom('scepIdentity', { 'account.scep-identity': 'powershell/scep-identity-no-groups.json' });
    expect(f.tokenGroups).toBeUndefined();
    expect(f.error).toMatch(/The server is not operational/);
  });

  it('refuses output that is not the identity object', () => {
    expect(() => factFrom('scepIdentity', { 'account.scep-identity': 'powershell/services-running.json' })).toThrow();
  });
});
