import { describe, expect, it } from 'vitest';
import { fromFileTime, NEVER, parseAdAccounts } from '../../src/parse/ad-accounts.js';
import { decodeText } from '../../src/parse/text.js';
import { readFixture } from '../checks/host-facts.js';

const text = (name: string) => decodeText(readFixture(`ad-accounts/${name}`));

describe('parseAdAccounts', () => {
  it('reads the LDAP values of a user and the computer account, 64-bit ones exactly', () => {
    const [svc, computer] = parseAdAccounts(text('healthy.json'));
    expect(svc).toMatchObject({
      role: 'scep-pool',
      name: 'CONTOSO\\svc-ndes',
      sid: 'S-1-5-21-3623811015-3361044348-30300820-1113',
      found: true,
      objectClasses: ['top', 'person', 'organizationalperson', 'user'],
      userAccountControl: 66048,
      uacComputed: 0,
      accountExpires: NEVER,
      tokenGroups: ['S-1-5-21-3623811015-3361044348-30300820-513', 'S-1-5-21-3623811015-3361044348-30300820-1130'],
    });
    expect(fromFileTime(svc!.pwdLastSet!).toISOString()).toBe('2026-02-03T10:11:12.000Z');
    expect(computer).toMatchObject({ role: 'computer', name: 'NDES01$', userAccountControl: 4096 });
  });

  it('reads a lone object, as PowerShell 5.1 writes a one-element array', () => {
    expect(parseAdAccounts(text('single-object.json'))).toHaveLength(1);
  });

  it('keeps a lookup error with its HRESULT, whatever the language of the message', () => {
    expect(parseAdAccounts(text('access-denied.json'))[0]).toMatchObject({ found: false, error: { message: 'Zugriff verweigert', hresult: -2147024891 } });
  });

  it('refuses a 64-bit attribute that is not a number', () => {
    expect(() => parseAdAccounts(text('bad-int.json'))).toThrow(/PwdLastSet "13393 Mio" is not a number/);
    // Quoted as JSON, so a value of another type reads as what it is, not as [object Object].
    const [svc] = JSON.parse(text('healthy.json')) as Record<string, unknown>[];
    for (const [value, shown] of [[{}, '{}'], [[1, 2], '[1,2]'], [true, 'true'], [0.5, '0.5']] as const) {
      expect(() => parseAdAccounts(JSON.stringify([{ ...svc, PwdLastSet: value }])), shown).toThrow(`PwdLastSet ${shown} is not a number`);
    }
  });

  it('refuses an account without Found, or with Found null, instead of reading it as not found; true and false still read', () => {
    const [svc] = JSON.parse(text('healthy.json')) as Record<string, unknown>[];
    const { Found: _, ...without } = svc!;
    const parse = (entry: object) => () => parseAdAccounts(JSON.stringify([entry]));
    expect(parse(without)).toThrow(/^account CONTOSO\\svc-ndes has no Found; the collector always writes true or false$/);
    expect(parse({ ...without, Found: null })).toThrow(/^account CONTOSO\\svc-ndes has Found null; the collector always writes true or false$/);
    expect(parse({ ...without, Found: false })()[0]!.found).toBe(false);
    expect(parse({ ...without, Found: true })()[0]!.found).toBe(true);
  });

  it('refuses an unknown role or a malformed SID', () => {
    expect(() => parseAdAccounts('[{"Role":"pool","Name":"x"}]')).toThrow(/unknown role/);
    expect(() => parseAdAccounts('[{"Role":"computer","Name":"x$","Sid":"CONTOSO\\\\x$"}]')).toThrow(/is not a SID/);
  });
});
