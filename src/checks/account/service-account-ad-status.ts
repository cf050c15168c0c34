import { defineCheck } from '../../engine/check.js';
import { fail, notApplicable, pass, powershell, uniqueCommands, warn } from '../../engine/outcome.js';
import type { Command, Outcome } from '../../engine/types.js';
import { fromFileTime, NEVER, UAC, type AdAccount } from '../../parse/ad-accounts.js';
import { isoDay } from '../../parse/civil-date.js';
import { DOCS } from '../tls/binding.js';
import { lookupError } from './pool-principal.js';
import { findScepAppPool } from './scep-account.js';

/** Warn this long before a password or the account itself expires. */
export const EXPIRY_WARN_DAYS = 14;
const DAY_MS = 86_400_000;

export type AccountKind = 'gMSA' | 'sMSA' | 'computer' | 'user';

/** gMSAs and computers are both of class computer, so the managed-account classes are looked at first. */
export function accountKind(account: AdAccount): AccountKind {
  const classes = account.objectClasses;
  if (classes.includes('msds-groupmanagedserviceaccount')) return 'gMSA';
  if (classes.includes('msds-managedserviceaccount')) return 'sMSA';
  if (classes.includes('computer')) return 'computer';
  return 'user';
}

interface Finding {
  level: 'fail' | 'warn';
  text: string;
  fix: string;
  commands: Command[];
}

/** The name the ActiveDirectory cmdlets take: the sAMAccountName, else the last part of the configured name. */
const samOf = (account: AdAccount) => account.samAccountName ?? account.name.split('\\').pop()!;

const isSet = (ft: bigint | undefined): ft is bigint => ft !== undefined && ft !== 0n && ft !== NEVER;

/**
 * The attributes Active Directory did not return for an account it found, with what only they tell. The collector
 * writes an attribute only when the directory returned it (an ACL can hide one from the collecting account), so
 * their absence can be real, but a verdict must not claim the states they hold.
 */
export function unreadAttributes(account: AdAccount): { attribute: string; tells: string }[] {
  return [
    ...(account.userAccountControl === undefined ? [{ attribute: 'userAccountControl', tells: 'whether it is disabled and whether its password can expire' }] : []),
    ...(account.uacComputed === undefined ? [{ attribute: 'msDS-User-Account-Control-Computed', tells: 'whether it is locked out or its password has expired' }] : []),
  ];
}

/** Every reason the account cannot log on now, or will not soon. */
export function adFindings(account: AdAccount, now: Date, afterReset: readonly Command[]): Finding[] {
  const kind = accountKind(account);
  const sam = samOf(account);
  const uac = account.userAccountControl ?? 0;
  const computed = account.uacComputed ?? 0;
  const managed = kind !== 'user';
  const resetPassword = [powershell(`Set-ADAccountPassword -Identity "${sam}" -Reset`), ...afterReset];
  const findings: Finding[] = [];
  if (uac & UAC.ACCOUNTDISABLE) {
    findings.push({ level: 'fail', text: 'is disabled', fix: 'Enable the account.', commands: [powershell(`Enable-ADAccount -Identity "${sam}"`)] });
  }
  if (computed & UAC.LOCKOUT) {
    findings.push({
      level: 'fail',
      text: 'is locked out',
      fix: 'Unlock the account, then find what keeps sending a wrong password (often a pool or service still holding an old one) or it locks again.',
      commands: [powershell(`Unlock-ADAccount -Identity "${sam}"`), powershell(`Get-ADUser "${sam}" -Properties LockedOut,BadLogonCount,LastBadPasswordAttempt`)],
    });
  }
  if (!managed && account.pwdLastSet === 0n && account.userAccountControl !== undefined && !(uac & UAC.DONT_EXPIRE_PASSWORD)) {
    findings.push({ level: 'fail', text: 'must change its password at next logon, which a service cannot do', fix: 'Set a new password, clear "User must change password at next logon", and give every pool or service using the account the new password.', commands: [...resetPassword.slice(0, 1), powershell(`Set-ADUser -Identity "${sam}" -ChangePasswordAtLogon $false`), ...resetPassword.slice(1)] });
  } else if (computed & UAC.PASSWORD_EXPIRED) {
    findings.push({ level: 'fail', text: 'has an expired password', fix: 'Set a new password and give every pool or service using the account the new password; a group managed service account (gMSA) avoids this for good.', commands: resetPassword });
  } else if (!managed && !(uac & UAC.DONT_EXPIRE_PASSWORD) && isSet(account.passwordExpiry)) {
    const expiry = fromFileTime(account.passwordExpiry);
    const days = Math.floor((expiry.getTime() - now.getTime()) / DAY_MS);
    if (expiry <= now) findings.push({ level: 'fail', text: `has a password that expired on ${isoDay(expiry)}`, fix: 'Set a new password and give every pool or service using the account the new password.', commands: resetPassword });
    else if (days < EXPIRY_WARN_DAYS) findings.push({ level: 'warn', text: `has a password that expires on ${isoDay(expiry)}, in ${days} days`, fix: 'Change the password before it expires and give every pool or service using the account the new one, or move to a gMSA.', commands: resetPassword });
  }
  if (isSet(account.accountExpires)) {
    const expiry = fromFileTime(account.accountExpires);
    const days = Math.floor((expiry.getTime() - now.getTime()) / DAY_MS);
    const commands = [powershell(`Clear-ADAccountExpiration -Identity "${sam}"`)];
    if (expiry <= now) findings.push({ level: 'fail', text: `expired on ${isoDay(expiry)} (account expiration date)`, fix: 'Remove or extend the account expiration date.', commands });
    else if (days < EXPIRY_WARN_DAYS) findings.push({ level: 'warn', text: `expires on ${isoDay(expiry)}, in ${days} days (account expiration date)`, fix: 'Remove or extend the account expiration date.', commands });
  }
  return findings;
}

function describe(account: AdAccount, kind: AccountKind): string {
  if (kind !== 'user') return `${kind}, password managed by Windows`;
  if ((account.userAccountControl ?? 0) & UAC.DONT_EXPIRE_PASSWORD) return 'user, password never expires';
  if (isSet(account.passwordExpiry)) return `user, password expires ${isoDay(fromFileTime(account.passwordExpiry))}`;
  return 'user';
}

/** Commands that give an IIS pool the account's new password. */
export function poolPasswordCommands(pool: string): Command[] {
  return [
    powershell(`Import-Module WebAdministration; Set-ItemProperty "IIS:\\AppPools\\${pool}" -Name processModel.password -Value "<new password>"`),
    powershell(`Restart-WebAppPool "${pool}"`),
  ];
}

export function judgeAdAccount(account: AdAccount, what: string, now: Date, source: string, afterReset: readonly Command[]): Outcome {
  if (account.error) return lookupError(account, what);
  const evidence = { expected: 'enabled, not locked out, password and account not expired', source: `${source} (${account.distinguishedName ?? account.name})` };
  if (!account.found) {
    return fail(
      `${what} ${account.name} (${account.sid ?? 'no SID'}) was not found in Active Directory: it was deleted or belongs to a domain this server cannot read.`,
      { text: 'Point the SCEP pool at an existing account (see NDES-ACCT-001), or restore the account.', docs: DOCS.deviceToNdes },
      { ...evidence, actual: 'not found' },
    );
  }
  const kind = accountKind(account);
  const findings = adFindings(account, now, afterReset);
  const unread = unreadAttributes(account);
  const attributes = unread.map((u) => u.attribute).join(' and ');
  const actual = [findings.length ? findings.map((f) => f.text).join('; ') : describe(account, kind), ...(unread.length ? [`not returned by Active Directory: ${attributes}`] : [])].join('; ');
  if (findings.length === 0 && unread.length === 0) return pass(`${what} ${account.name} (${describe(account, kind)}) is enabled, not locked out and not expired.`, { ...evidence, actual });
  if (findings.length === 0) {
    const noun = kind === 'user' ? 'User' : kind === 'computer' ? 'Computer' : 'ServiceAccount';
    return warn(
      `${what} ${account.name} (${describe(account, kind)}): Active Directory returned no ${attributes} for it, so ${unread.map((u) => u.tells).join(', and ')} was not read; what was read shows no problem.`,
      {
        text: `Look at the account as a domain administrator: the account the bundle was collected with could not read ${attributes} (often a restricted ACL on the account or its OU). Unlock, enable or reset it if it shows a problem.`,
        commands: [powershell(`Get-AD${noun} -Identity "${samOf(account)}" -Properties Enabled,LockedOut,PasswordExpired,PasswordNeverExpires`)],
        docs: DOCS.deviceToNdes,
      },
      { ...evidence, actual },
    );
  }
  const message = `${what} ${account.name} ${findings.map((f) => f.text).join(', and ')}. NDES then answers devices with HTTP 500 or 503 until it is fixed.`;
  const remediation = {
    text: `${findings.map((f) => f.fix).join(' ')} The commands use the ActiveDirectory module (RSAT); Active Directory Users and Computers does the same.`,
    commands: uniqueCommands(findings.flatMap((f) => f.commands)),
    docs: DOCS.deviceToNdes,
  };
  const ev = { ...evidence, actual, codes: ['500', '503'] };
  return findings.some((f) => f.level === 'fail') ? fail(message, remediation, ev) : warn(message, remediation, ev);
}

export default defineCheck({
  id: 'NDES-ACCT-005',
  slug: 'service-account-ad-status',
  area: 'account',
  title: 'The account the SCEP pool runs as is usable in Active Directory',
  severity: 'critical',
  requires: ['iisConfig', 'adAccounts'],
  run({ iisConfig, adAccounts }, { now }) {
    const pool = findScepAppPool(iisConfig);
    if (!pool) return notApplicable('There is no SCEP application pool (see NDES-ACCT-001).');
    if (pool.identityType === 'LocalService') return notApplicable('The SCEP pool runs as LocalService, which reaches the network anonymously: there is no Active Directory account to check.');
    const role = pool.identityType === 'SpecificUser' ? 'scep-pool' : 'computer';
    const account = adAccounts.accounts.find((a) => a.role === role);
    if (!account) {
      return { status: 'error', errorCode: 'E_FACT_UNAVAILABLE', message: `${adAccounts.source} has no entry for the ${role === 'computer' ? 'computer account' : `SCEP pool account ${pool.userName ?? ''}`}; collect again with this version.` };
    }
    const what = role === 'computer' ? `The computer account (used by the ${pool.identityType} SCEP pool)` : 'The SCEP pool account';
    return judgeAdAccount(account, what, now, adAccounts.source, role === 'computer' ? [] : poolPasswordCommands(pool.name));
  },
});
