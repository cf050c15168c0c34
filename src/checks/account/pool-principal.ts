/**
 * Who the SCEP application pool is, as Windows sees it: the account's SID, the groups it is a
 * member of (what logon rights are judged on), and the SIDs its worker process token carries at
 * run time (what file ACLs are judged on; IIS adds IIS_IUSRS and the pool's own SID there).
 */
import { createHash } from 'node:crypto';
import type { Outcome } from '../../engine/types.js';
import type { LocalGroupFact } from '../../facts/account.js';
import type { IisAppPool, IisConfigFact } from '../../facts/iis-types.js';
import type { AdAccountsFact } from '../../facts/rights.js';
import type { AdAccount } from '../../parse/ad-accounts.js';
import { findScepAppPool } from './scep-account.js';
import { ownValue } from '../../parse/own-value.js';

export const SID = {
  everyone: 'S-1-1-0',
  authenticatedUsers: 'S-1-5-11',
  batch: 'S-1-5-3',
  service: 'S-1-5-6',
  localSystem: 'S-1-5-18',
  localService: 'S-1-5-19',
  networkService: 'S-1-5-20',
  administrators: 'S-1-5-32-544',
  users: 'S-1-5-32-545',
  iisIusrs: 'S-1-5-32-568',
} as const;

const WELL_KNOWN_NAMES: Record<string, string> = {
  [SID.everyone]: 'Everyone',
  [SID.authenticatedUsers]: 'Authenticated Users',
  [SID.batch]: 'BATCH',
  [SID.service]: 'SERVICE',
  [SID.localSystem]: 'SYSTEM',
  [SID.localService]: 'LOCAL SERVICE',
  [SID.networkService]: 'NETWORK SERVICE',
  [SID.administrators]: 'Administrators',
  [SID.users]: 'Users',
  [SID.iisIusrs]: 'IIS_IUSRS',
};

/** A SID for messages: the principal's own name, or the English name of a well-known SID, with the SID itself. */
export function sidLabel(sid: string, principal?: { sid: string; label: string }): string {
  if (principal && sid === principal.sid) return `${principal.label} (${sid})`;
  const name = ownValue(WELL_KNOWN_NAMES, sid);
  return name ? `${name} (${sid})` : sid;
}

export interface PoolPrincipal {
  pool: IisAppPool;
  /** As messages and commands name it: `CONTOSO\svc-ndes`, `IIS APPPOOL\SCEP`, `NT AUTHORITY\NETWORK SERVICE`. */
  label: string;
  sid: string;
  /** The AD object behind a specific user; undefined for built-in identities. */
  account?: AdAccount;
  /** Its SID and every group it belongs to, local ones included. */
  member: Set<string>;
  /** `member` plus what IIS adds to the worker process token. */
  runtime: Set<string>;
  /** Names secedit may print instead of a SID for this account. */
  names: string[];
}

/** The SID Windows gives the virtual account `IIS APPPOOL\<pool>`: SHA-1 of the lower-cased name in UTF-16LE, as five RIDs. */
export function appPoolSid(pool: string): string {
  const hash = createHash('sha1').update(Buffer.from(pool.toLowerCase(), 'utf16le')).digest();
  return `S-1-5-82-${[0, 4, 8, 12, 16].map((i) => hash.readUInt32LE(i)).join('-')}`;
}

/** HRESULT of E_ACCESSDENIED as .NET reports it (a signed 32-bit number). */
const ACCESS_DENIED = -2147024891;

/** An account lookup that failed becomes the check's error, with the code the user can act on. */
export function lookupError(account: AdAccount, what: string): Outcome {
  const denied = account.error?.hresult === ACCESS_DENIED || (account.error?.hresult ?? 0) >>> 0 === 0x80070005;
  return {
    status: 'error',
    errorCode: denied ? 'E_ACCESS_DENIED' : 'E_FACT_UNAVAILABLE',
    message: `${what} ${account.name} could not be looked up in Active Directory: ${account.error?.message ?? 'no detail recorded'}`,
  };
}

export interface Groups {
  users: LocalGroupFact;
  administrators: LocalGroupFact;
  iisIusrs?: LocalGroupFact;
}

/** Adds each local group that has one of the principal's SIDs as a direct member (one level, as Windows does for domain members of local groups). */
function addLocalGroups(sids: Set<string>, groups: Groups): void {
  for (const group of [groups.users, groups.administrators, groups.iisIusrs]) {
    if (group && group.members.some((m) => sids.has(m.sid.toUpperCase()))) sids.add(group.sid);
  }
}

/** An account's SID, its domain groups, Everyone, Authenticated Users and the local groups it is a direct member of. */
export function memberSids(sids: readonly string[], groups: Groups): Set<string> {
  const member = new Set([...sids, SID.everyone, SID.authenticatedUsers].map((s) => s.toUpperCase()));
  addLocalGroups(member, groups);
  return member;
}

/**
 * The pool's principal, or the outcome to report when it cannot be known: no SCEP pool (skip),
 * a specific user whose AD lookup is missing or failed (error).
 */
export function poolPrincipal(iis: IisConfigFact, ad: AdAccountsFact, groups: Groups): { principal: PoolPrincipal } | { outcome: Outcome } {
  const pool = findScepAppPool(iis);
  if (!pool) return { outcome: { status: 'skip', skipReason: 'prerequisite', message: 'There is no SCEP application pool (see NDES-ACCT-001).' } };
  let principal: Omit<PoolPrincipal, 'member' | 'runtime'> & { extra: string[]; runtimeExtra: string[] };
  switch (pool.identityType) {
    case 'SpecificUser': {
      const account = ad.accounts.find((a) => a.role === 'scep-pool');
      if (!account) {
        return { outcome: { status: 'error', errorCode: 'E_FACT_UNAVAILABLE', message: `${ad.source} has no entry for the SCEP pool account ${pool.userName ?? ''}; collect again with this version.` } };
      }
      if (account.error || !account.sid) return { outcome: lookupError(account, 'The SCEP pool account') };
      const short = account.samAccountName ?? account.name.split('\\').pop()!;
      principal = { pool, label: pool.userName ?? account.name, sid: account.sid, account, names: [account.name, short], extra: account.tokenGroups, runtimeExtra: [SID.batch] };
      break;
    }
    case 'ApplicationPoolIdentity':
      principal = { pool, label: `IIS APPPOOL\\${pool.name}`, sid: appPoolSid(pool.name), names: [`IIS APPPOOL\\${pool.name}`], extra: [], runtimeExtra: [SID.service] };
      break;
    case 'NetworkService':
      principal = { pool, label: 'NT AUTHORITY\\NETWORK SERVICE', sid: SID.networkService, names: ['NETWORK SERVICE'], extra: [], runtimeExtra: [SID.service] };
      break;
    case 'LocalService':
      principal = { pool, label: 'NT AUTHORITY\\LOCAL SERVICE', sid: SID.localService, names: ['LOCAL SERVICE'], extra: [], runtimeExtra: [SID.service] };
      break;
    case 'LocalSystem':
      principal = { pool, label: 'NT AUTHORITY\\SYSTEM', sid: SID.localSystem, names: ['SYSTEM'], extra: [SID.administrators], runtimeExtra: [] };
      break;
  }
  const member = memberSids([principal.sid, ...principal.extra], groups);
  // IIS puts IIS_IUSRS into every worker process token, member or not.
  const runtime = new Set([...member, ...principal.runtimeExtra, SID.iisIusrs]);
  const { extra: _extra, runtimeExtra: _runtimeExtra, ...rest } = principal;
  return { principal: { ...rest, member, runtime } };
}
