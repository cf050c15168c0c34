/**
 * Parser for the collector's Active Directory account query (an `[adsisearcher]`-style
 * DirectorySearcher, no RSAT): one JSON object per account the NDES server runs things as.
 * Attributes are LDAP values, never display text: `userAccountControl` and
 * `msDS-User-Account-Control-Computed` bit masks, and FILETIME intervals written as decimal
 * strings (they exceed JavaScript's safe integers).
 */
import { psArray, psBool, psNumber, psObject, psString, psList } from './powershell-json.js';
import { excerpt, ParseError } from './errors.js';

/** Why the collector asked about the account. */
export type AdAccountRole = 'scep-pool' | 'computer' | `service:${string}`;

export interface AdAccount {
  role: AdAccountRole;
  /** The name as configured (`CONTOSO\svc-ndes`, `NDES01$`). */
  name: string;
  sid?: string;
  found: boolean;
  /** Why the lookup failed, when it did. */
  error?: { message: string; hresult?: number };
  distinguishedName?: string;
  objectClasses: string[];
  samAccountName?: string;
  userAccountControl?: number;
  /** msDS-User-Account-Control-Computed: lockout and password expiry as the DC sees them now. */
  uacComputed?: number;
  pwdLastSet?: bigint;
  accountExpires?: bigint;
  /** msDS-UserPasswordExpiryTimeComputed. */
  passwordExpiry?: bigint;
  /** tokenGroups: every security group the account is in, nested ones included, as SIDs. */
  tokenGroups: string[];
}

export class AdAccountsParseError extends ParseError {
  override name = 'AdAccountsParseError';
}

const SID = /^S-1-\d+(-\d+)+$/i;

export function parseAdAccounts(text: string): AdAccount[] {
  return psList(text).map((item, i) => {
    const o = psObject(item, `account ${i + 1}`);
    const role = psString(o.Role);
    const name = psString(o.Name);
    if (!role || !name) throw new AdAccountsParseError(`account ${i + 1} has no Role or Name`);
    if (!/^(scep-pool|computer|service:\S+)$/.test(role)) throw new AdAccountsParseError(`account ${name}: unknown role "${role}"`);
    const sid = psString(o.Sid);
    if (sid !== undefined && !SID.test(sid)) throw new AdAccountsParseError(`account ${name}: "${sid}" is not a SID`);
    // The collector sets Found to false before the lookup and to true once the object is read: without it the
    // entry is damaged, and reading it as false would fail the account as "not found in Active Directory".
    const found = psBool(o.Found);
    if (found === undefined) throw new AdAccountsParseError(`account ${name} has ${o.Found === undefined ? 'no Found' : `Found ${JSON.stringify(o.Found)}`}; the collector always writes true or false`);
    const message = psString(o.Error);
    return {
      role: role as AdAccountRole,
      name,
      sid: sid?.toUpperCase(),
      found,
      error: message ? { message, hresult: psNumber(o.HResult) } : undefined,
      distinguishedName: psString(o.DistinguishedName),
      objectClasses: psArray(o.ObjectClass).map((c) => psString(c)?.toLowerCase()).filter((c): c is string => !!c),
      samAccountName: psString(o.SamAccountName),
      userAccountControl: psNumber(o.UserAccountControl),
      uacComputed: psNumber(o.UacComputed),
      pwdLastSet: int64(o.PwdLastSet, name, 'PwdLastSet'),
      accountExpires: int64(o.AccountExpires, name, 'AccountExpires'),
      passwordExpiry: int64(o.PasswordExpiryTime, name, 'PasswordExpiryTime'),
      tokenGroups: psArray(o.TokenGroups).map((g) => psString(g)?.toUpperCase()).filter((g): g is string => !!g && SID.test(g)),
    };
  });
}

function int64(value: unknown, account: string, field: string): bigint | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const text = typeof value === 'number' ? String(value) : psString(value);
  if (!text || !/^-?\d+$/.test(text.trim())) throw new AdAccountsParseError(`account ${account}: ${field} ${excerpt(JSON.stringify(value))} is not a number`);
  return BigInt(text.trim());
}

/** `accountExpires` and the password expiry use both 0 and 0x7FFFFFFFFFFFFFFF for "never". */
export const NEVER = 0x7fffffffffffffffn;

/** A Windows FILETIME (100 ns since 1601-01-01 UTC) as a Date. */
export function fromFileTime(ft: bigint): Date {
  return new Date(Number(ft / 10_000n) - 11_644_473_600_000);
}

export const UAC = {
  ACCOUNTDISABLE: 0x2,
  LOCKOUT: 0x10,
  DONT_EXPIRE_PASSWORD: 0x10000,
  PASSWORD_EXPIRED: 0x800000,
} as const;
