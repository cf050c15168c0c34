import { defineCheck } from '../../engine/check.js';
import { fail, notApplicable, pass, powershell } from '../../engine/outcome.js';
import { LINKS } from '../server/links.js';
import { poolPrincipal } from './pool-principal.js';
import { holderFor, holderText, RIGHTS_HOWTO, rightLine } from './user-rights.js';

/**
 * The logon rights an account can hold, each with the Deny right that overrides it. WAS logs the
 * pool identity on with the logonType of its processModel (LogonBatch unless set), so only that
 * right is needed. Microsoft asks no logon right of the NDES service account beyond IIS_IUSRS
 * membership, and IIS setup gives IIS_IUSRS "Log on as a batch job".
 */
export const LOGON_RIGHTS = {
  LogonBatch: { right: 'SeBatchLogonRight', deny: 'SeDenyBatchLogonRight', label: 'Log on as a batch job' },
  LogonService: { right: 'SeServiceLogonRight', deny: 'SeDenyServiceLogonRight', label: 'Log on as a service' },
  interactive: { right: 'SeInteractiveLogonRight', deny: 'SeDenyInteractiveLogonRight', label: 'Allow log on locally' },
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
    // The rights WAS does not use for this pool are shown, not judged.
    const others = Object.values(LOGON_RIGHTS).filter((r) => r !== needed);
    const evidence = {
      expected: `${p.label} (${p.sid}) or a group it belongs to in ${needed.right} (the pool's logonType is ${p.pool.logonType}), and not in ${needed.deny}`,
      actual: [shown(needed.right, heldBy), ...(deniedBy ? [`${needed.deny} via ${holderText(deniedBy, p)}`] : [])].join('; '),
      source: `${userRights.source}, ${adAccounts.source}, applicationPools/${p.pool.name}/processModel (${iisConfig.source})`,
      details: { groups: [...p.member], notJudged: others.map((r) => shown(r.right, holderFor(userRights, r.right, p.member, p.names))) },
    };
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
