import type { IisAppPool, IisConfigFact } from '../../facts/iis-types.js';
import type { GroupMember } from '../../facts/account.js';

/** The pool that serves `/CertSrv/mscep`; NDES setup names it SCEP, but the application is what counts. */
export function findScepAppPool(iis: IisConfigFact): IisAppPool | undefined {
  const app = iis.sites.flatMap((s) => s.applications).find((a) => a.path.toLowerCase() === '/certsrv/mscep');
  const name = (app?.applicationPool ?? 'SCEP').toLowerCase();
  return iis.appPools.find((p) => p.name.toLowerCase() === name);
}

/**
 * Whether a group member is this account. Get-LocalGroupMember prints `DOMAIN\user`; the pool
 * may hold `DOMAIN\user`, `.\user` (a local account) or `user@dns.domain` (a UPN).
 */
export function isSameAccount(member: GroupMember, account: string, computerName: string): boolean {
  const m = member.name.toLowerCase();
  const a = account.toLowerCase().trim();
  if (a.startsWith('.\\')) return m === `${computerName.toLowerCase()}\\${a.slice(2)}`;
  if (a.includes('\\')) return m === a;
  const upn = /^([^@]+)@([^.]+)/.exec(a);
  if (upn) return m === `${upn[2]}\\${upn[1]}`;
  return m.endsWith(`\\${a}`);
}
