import type { IisAppPool, IisConfigFact } from '../../facts/iis-types.js';
import type { GroupMember } from '../../facts/account.js';
import type { ServerSystemFact } from '../../facts/server.js';

/** The pool that serves `/CertSrv/mscep`; NDES setup names it SCEP, but the application is what counts. */
export function findScepAppPool(iis: IisConfigFact): IisAppPool | undefined {
  const app = iis.sites.flatMap((s) => s.applications).find((a) => a.path.toLowerCase() === '/certsrv/mscep');
  const name = (app?.applicationPool ?? 'SCEP').toLowerCase();
  return iis.appPools.find((p) => p.name.toLowerCase() === name);
}

/**
 * Whether a group member is this account. Get-LocalGroupMember prints `DOMAIN\user`, and a local account as
 * `NETBIOSNAME\user`; the pool may hold `DOMAIN\user`, `.\user` or `HOSTNAME\user` (a local account) or
 * `user@dns.domain` (a UPN). A host name longer than 15 characters is cut in its NetBIOS name, so local accounts are
 * compared under the NetBIOS name.
 */
export function isSameAccount(member: GroupMember, account: string, server: Pick<ServerSystemFact, 'computerName' | 'netbiosName'>): boolean {
  const m = member.name.toLowerCase();
  const a = account.toLowerCase().trim();
  const local = (user: string) => m === `${server.netbiosName.toLowerCase()}\\${user}`;
  if (a.startsWith('.\\')) return local(a.slice(2));
  const slash = a.indexOf('\\');
  if (slash >= 0) {
    const domain = a.slice(0, slash);
    if (domain === server.computerName.toLowerCase() || domain === server.netbiosName.toLowerCase()) return local(a.slice(slash + 1));
    return m === a;
  }
  const upn = /^([^@]+)@([^.]+)/.exec(a);
  if (upn) return m === `${upn[2]}\\${upn[1]}`;
  return m.endsWith(`\\${a}`);
}
