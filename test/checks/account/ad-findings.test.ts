import { describe, expect, it } from 'vitest';
import { accountKind, adFindings, EXPIRY_WARN_DAYS, judgeAdAccount, unreadAttributes } from '../../../src/checks/account/service-account-ad-status.js';
import { NEVER, type AdAccount } from '../../../src/parse/ad-accounts.js';

const NOW = new Date('2026-11-22T00:00:00Z');
const DAY = 86_400_000;
const ft = (ms: number) => (BigInt(ms) + 11_644_473_600_000n) * 10_000n;
const user = (over: Partial<AdAccount> = {}): AdAccount => ({
  role: 'scep-pool',
  name: 'CONTOSO\\svc-ndes',
  sid: 'S-1-5-21-1-2-3-1113',
  found: true,
  objectClasses: ['top', 'person', 'organizationalperson', 'user'],
  samAccountName: 'svc-ndes',
  userAccountControl: 0x200,
  uacComputed: 0,
  pwdLastSet: ft(NOW.getTime() - 30 * DAY),
  tokenGroups: [],
  ...over,
});
const texts = (a: AdAccount) => adFindings(a, NOW, []).map((f) => `${f.level}: ${f.text}`);

describe('accountKind', () => {
  it('looks at the managed-account classes before computer', () => {
    expect(accountKind(user({ objectClasses: ['computer', 'msds-groupmanagedserviceaccount'] }))).toBe('gMSA');
    expect(accountKind(user({ objectClasses: ['computer', 'msds-managedserviceaccount'] }))).toBe('sMSA');
    expect(accountKind(user({ objectClasses: ['user', 'computer'] }))).toBe('computer');
    expect(accountKind(user())).toBe('user');
  });
});

describe('adFindings: each reason an account cannot log on, to the day', () => {
  it('a password expiring in 14 days passes, in 13 warns, at the instant itself fails', () => {
    expect(EXPIRY_WARN_DAYS).toBe(14);
    expect(texts(user({ passwordExpiry: ft(NOW.getTime() + 14 * DAY) }))).toEqual([]);
    expect(texts(user({ passwordExpiry: ft(NOW.getTime() + 14 * DAY - 1) }))).toEqual(['warn: has a password that expires on 2026-12-05, in 13 days']);
    expect(texts(user({ passwordExpiry: ft(NOW.getTime() + 1) }))).toEqual(['warn: has a password that expires on 2026-11-22, in 0 days']);
    expect(texts(user({ passwordExpiry: ft(NOW.getTime()) }))).toEqual(['fail: has a password that expired on 2026-11-22']);
  });

  it('ignores password expiry for never-expiring passwords, managed accounts, and unset or NEVER values', () => {
    const soon = ft(NOW.getTime() + DAY);
    expect(texts(user({ passwordExpiry: soon, userAccountControl: 0x10200 }))).toEqual([]);
    expect(texts(user({ passwordExpiry: soon, objectClasses: ['computer', 'msds-groupmanagedserviceaccount'] }))).toEqual([]);
    expect(texts(user({ passwordExpiry: 0n }))).toEqual([]);
    expect(texts(user({ passwordExpiry: NEVER }))).toEqual([]);
  });

  it('an account expiration date: 14 days pass, 13 warn, the instant fails; 0 and NEVER mean none', () => {
    expect(texts(user({ accountExpires: ft(NOW.getTime() + 14 * DAY) }))).toEqual([]);
    expect(texts(user({ accountExpires: ft(NOW.getTime() + 13 * DAY) }))).toEqual(['warn: expires on 2026-12-05, in 13 days (account expiration date)']);
    expect(texts(user({ accountExpires: ft(NOW.getTime()) }))).toEqual(['fail: expired on 2026-11-22 (account expiration date)']);
    expect(texts(user({ accountExpires: 0n }))).toEqual([]);
    expect(texts(user({ accountExpires: NEVER }))).toEqual([]);
  });

  it('must-change-password only for users whose password can expire; an expired password flag otherwise', () => {
    expect(texts(user({ pwdLastSet: 0n }))).toEqual(['fail: must change its password at next logon, which a service cannot do']);
    expect(texts(user({ pwdLastSet: 0n, userAccountControl: 0x10200 }))).toEqual([]);
    expect(texts(user({ pwdLastSet: 0n, objectClasses: ['computer'] }))).toEqual([]);
    expect(texts(user({ uacComputed: 0x800000 }))).toEqual(['fail: has an expired password']);
    expect(texts(user({ userAccountControl: 0x202, uacComputed: 0x10 }))).toEqual(['fail: is disabled', 'fail: is locked out']);
  });

  it('claims nothing that an attribute Active Directory did not return would tell', () => {
    // Without userAccountControl, whether the password can expire is unknown, so pwdLastSet 0 proves nothing.
    expect(texts(user({ pwdLastSet: 0n, userAccountControl: undefined }))).toEqual([]);
    expect(texts(user({ uacComputed: undefined }))).toEqual([]);
    expect(unreadAttributes(user({ userAccountControl: undefined, uacComputed: undefined })).map((u) => u.attribute)).toEqual(['userAccountControl', 'msDS-User-Account-Control-Computed']);
    expect(unreadAttributes(user())).toEqual([]);
  });

  it('names the account by its sAMAccountName, else by the last part of its name, in the commands', () => {
    const [f] = adFindings(user({ userAccountControl: 0x202, samAccountName: undefined, name: 'CONTOSO\\other' }), NOW, []);
    expect(f!.commands.map((c) => c.text)).toEqual(['Enable-ADAccount -Identity "other"']);
    const [reset] = adFindings(user({ uacComputed: 0x800000 }), NOW, [{ shell: 'cmd', text: 'iisreset' }]);
    expect(reset!.commands.map((c) => c.text)).toEqual(['Set-ADAccountPassword -Identity "svc-ndes" -Reset', 'iisreset']);
  });
});

describe('judgeAdAccount', () => {
  it('fails an account not found, naming its SID or saying it has none', () => {
    expect(judgeAdAccount(user({ found: false }), 'The SCEP pool account', NOW, 'ad/accounts.json', [])).toMatchObject({
      status: 'fail',
      message: 'The SCEP pool account CONTOSO\\svc-ndes (S-1-5-21-1-2-3-1113) was not found in Active Directory: it was deleted or belongs to a domain this server cannot read.',
      evidence: { actual: 'not found' },
    });
    expect(judgeAdAccount(user({ found: false, sid: undefined }), 'X', NOW, 's', []).message).toContain('(no SID)');
  });

  it('passes describing the account, warns on warnings only, fails when any finding fails', () => {
    expect(judgeAdAccount(user({ passwordExpiry: ft(NOW.getTime() + 40 * DAY) }), 'X', NOW, 's', [])).toMatchObject({
      status: 'pass',
      message: 'X CONTOSO\\svc-ndes (user, password expires 2027-01-01) is enabled, not locked out and not expired.',
    });
    expect(judgeAdAccount(user({ userAccountControl: 0x10200 }), 'X', NOW, 's', []).message).toContain('(user, password never expires)');
    expect(judgeAdAccount(user(), 'X', NOW, 's', []).message).toContain('X CONTOSO\\svc-ndes (user) is enabled');
    expect(judgeAdAccount(user({ objectClasses: ['computer', 'msds-groupmanagedserviceaccount'] }), 'X', NOW, 's', []).message).toContain('(gMSA, password managed by Windows)');
    expect(judgeAdAccount(user({ passwordExpiry: ft(NOW.getTime() + DAY) }), 'X', NOW, 's', []).status).toBe('warn');
    const both = judgeAdAccount(user({ passwordExpiry: ft(NOW.getTime() + DAY), accountExpires: ft(NOW.getTime()) }), 'X', NOW, 's', []);
    expect(both).toMatchObject({ status: 'fail', evidence: { codes: ['500', '503'] } });
    expect(both.message).toBe(
      'X CONTOSO\\svc-ndes has a password that expires on 2026-11-23, in 1 days, and expired on 2026-11-22 (account expiration date). NDES then answers devices with HTTP 500 or 503 until it is fixed.',
    );
  });

  it('warns when a state was not returned and nothing read is wrong; a finding that was read still fails', () => {
    const unread = judgeAdAccount(user({ uacComputed: undefined }), 'X', NOW, 's', []);
    expect(unread).toMatchObject({ status: 'warn', evidence: { actual: 'user; not returned by Active Directory: msDS-User-Account-Control-Computed' } });
    expect(unread.message).toBe('X CONTOSO\\svc-ndes (user): Active Directory returned no msDS-User-Account-Control-Computed for it, so whether it is locked out or its password has expired was not read; what was read shows no problem.');
    const gmsa = judgeAdAccount(user({ uacComputed: undefined, objectClasses: ['computer', 'msds-groupmanagedserviceaccount'], samAccountName: 'gmsa-ndes$' }), 'X', NOW, 's', []);
    expect(gmsa.status).toBe('warn');
    if (gmsa.status === 'warn') expect(gmsa.remediation.commands?.[0]?.text).toBe('Get-ADServiceAccount -Identity "gmsa-ndes$" -Properties Enabled,LockedOut,PasswordExpired,PasswordNeverExpires');
    const disabled = judgeAdAccount(user({ uacComputed: undefined, userAccountControl: 0x202 }), 'X', NOW, 's', []);
    expect(disabled).toMatchObject({ status: 'fail', evidence: { actual: 'is disabled; not returned by Active Directory: msDS-User-Account-Control-Computed' } });
  });
});
