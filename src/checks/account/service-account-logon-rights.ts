import { defineCheck } from '../../engine/check.js';
import { fail, notApplicable, pass, powershell, warn } from '../../engine/outcome.js';
import { LINKS } from '../server/links.js';
import { poolPrincipal, SID, sidLabel } from './pool-principal.js';
import { holderFor, holderText, RIGHTS_HOWTO, rightLine } from './user-rights.js';

const BACKUP_OPERATORS = 'S-1-5-32-551';
const PERFORMANCE_LOG_USERS = 'S-1-5-32-559';
const ALL_SERVICES = 'S-1-5-80-0';

/**
 * The logon rights Microsoft's SCEP setup guidance asks the NDES service account to keep ("the
 * default rights, Logon Locally, Logon as a Service and Logon as a batch job"; hardening policies
 * may remove them), each with the Deny right that overrides it and its default holders on a member
 * server (Microsoft's User Rights Assignment reference; IIS setup adds IIS_IUSRS to batch logon).
 * WAS logs the pool identity on with the logonType of its processModel (LogonBatch unless set), so
 * only that right decides whether the pool starts.
 */
export const LOGON_RIGHTS = {
  LogonBatch: {
    right: 'SeBatchLogonRight',
    deny: 'SeDenyBatchLogonRight',
    label: 'Log on as a batch job',
    defaults: [SID.administrators, BACKUP_OPERATORS, PERFORMANCE_LOG_USERS, SID.iisIusrs],
  },
  LogonService: { right: 'SeServiceLogonRight', deny: 'SeDenyServiceLogonRight', label: 'Log on as a service', defaults: [ALL_SERVICES] },
  interactive: { right: 'SeInteractiveLogonRight', deny: 'SeDenyInteractiveLogonRight', label: 'Allow log on locally', defaults: [SID.administrators, BACKUP_OPERATORS, SID.users] },
} as const;

export default defineCheck({
  id: 'NDES-ACCT-007',
  slug: 'service-account-logon-rights',
  area: 'account',
  title: 'The NDES service account holds the logon rights it needs',
  severity: 'high',
  requires: ['iisConfig', 'userRights', 'adAccounts', 'usersGroup', 'administratorsGroup', 'iisIusrsGroup'],
  run({ iisConfig, userRights, adAccounts, usersGroup, administratorsGroup, iisIusrsGroup }) {
    const found = poolPrincipal(iisConfig, adAccounts, { users: usersGroup, administrators: administratorsGroup, iisIusrs: iisIusrsGroup });
    if ('outcome' in found) return found.outcome;
    const p = found.principal;
    if (p.pool.identityType !== 'SpecificUser') return notApplicable(`The SCEP pool runs as ${p.label}, whose logon IIS arranges itself.`);
    const needed = LOGON_RIGHTS[p.pool.logonType];
    const deniedBy = holderFor(userRights, needed.deny, p.member, p.names);
    const heldBy = holderFor(userRights, needed.right, p.member, p.names);
    const shown = (right: string, held: ReturnType<typeof holderFor>) => (held ? `${right} via ${holderText(held, p)}` : rightLine(userRights, right));
    const others = Object.values(LOGON_RIGHTS).filter((r) => r !== needed);
    const evidence = {
      expected: `${p.label} (${p.sid}) or a group it belongs to in ${needed.right} (the pool's logonType is ${p.pool.logonType}), and not in ${needed.deny}`,
      actual: [shown(needed.right, heldBy), ...(deniedBy ? [`${needed.deny} via ${holderText(deniedBy, p)}`] : [])].join('; '),
      source: `${userRights.source}, ${adAccounts.source}, applicationPools/${p.pool.name}/processModel (${iisConfig.source})`,
      details: { groups: [...p.member], otherLogonRights: others.map((r) => shown(r.right, holderFor(userRights, r.right, p.member, p.names))) },
    };
    // The rights WAS does not use for this pool are reported only where hardening evidently took them: a Deny that
    // names the account, or a right it would hold through a default holder it is in. Windows gives an ordinary
    // account no "Log on as a service", so its mere absence says nothing.
    const hardened = others.flatMap((r) => {
      const denied = holderFor(userRights, r.deny, p.member, p.names);
      if (denied) return [{ r, text: `${r.label} is denied through ${holderText(denied, p)} (${r.deny})` }];
      const byDefault = r.defaults.find((sid) => p.member.has(sid));
      if (byDefault && !holderFor(userRights, r.right, p.member, p.names)) {
        return [{ r, text: `it lacks ${r.label} (${r.right}), which Windows gives by default to ${sidLabel(byDefault)}, a group it is in` }];
      }
      return [];
    });
    if (!deniedBy && heldBy && hardened.length > 0) {
      const rights = hardened.map((h) => h.r);
      return warn(
        `${p.label} holds ${needed.label}, the logon WAS uses to start the ${p.pool.name} pool, but ${hardened.map((h) => h.text).join('; ')}. ` +
          "Microsoft's SCEP setup guidance asks that the NDES service account keep its default rights Allow log on locally, Log on as a service and Log on as a batch job, and warns that hardening policies remove them. " +
          `WAS does not use ${rights.map((r) => r.label).join(' or ')} for this pool, so it still starts.`,
        {
          text: `Give ${p.label} back ${rights.map((r) => r.label).join(' and ')} (restore the default holders or grant the account) and remove it and its groups from ${rights.map((r) => r.deny).join(' and ')}. ${RIGHTS_HOWTO}`,
          commands: [
            powershell('secedit /export /areas USER_RIGHTS /cfg "$env:TEMP\\rights.inf"'),
            powershell(`Select-String -Path "$env:TEMP\\rights.inf" -Pattern '${rights.flatMap((r) => [r.right, r.deny]).join('|')}'`),
            powershell('gpresult /h "$env:TEMP\\gpresult.html"'),
          ],
          docs: LINKS.scepInfrastructure,
        },
        evidence,
        'low',
      );
    }
    if (!deniedBy && heldBy) return pass(`${p.label} holds ${needed.label} (${needed.right}), the logon WAS uses to start the ${p.pool.name} pool (logonType ${p.pool.logonType}).`, evidence);
    const problem = deniedBy ? `${needed.label} is denied through ${holderText(deniedBy, p)} (${needed.deny})` : `lacks ${needed.label} (${needed.right})`;
    return fail(
      `${p.label}: ${problem}. WAS logs the ${p.pool.name} pool on with logonType ${p.pool.logonType}, so IIS cannot start it as this account, and devices get HTTP 503.`,
      {
        text:
          `Grant ${p.label} ${needed.label}${p.pool.logonType === 'LogonBatch' ? ' (IIS setup gives it to IIS_IUSRS, of which the account must be a member: NDES-ACCT-002)' : ''} and remove it and its groups from ${needed.deny}. ${RIGHTS_HOWTO}`,
        commands: [powershell('secedit /export /areas USER_RIGHTS /cfg "$env:TEMP\\rights.inf"'), powershell(`Select-String -Path "$env:TEMP\\rights.inf" -Pattern '${needed.right}|${needed.deny}'`), powershell('gpresult /h "$env:TEMP\\gpresult.html"')],
        docs: LINKS.scepInfrastructure,
      },
      { ...evidence, codes: ['503'] },
    );
  },
});
