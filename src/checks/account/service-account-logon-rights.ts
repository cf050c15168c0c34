import { defineCheck } from '../../engine/check.js';
import { fail, notApplicable, pass, powershell, warn } from '../../engine/outcome.js';
import { LINKS } from '../server/links.js';
import { poolPrincipal } from './pool-principal.js';
import { holderFor, holderText, RIGHTS_HOWTO, rightLine } from './user-rights.js';

/** The rights Microsoft's setup guide gives the NDES service account, and the Deny right that overrides each. */
export const LOGON_RIGHTS = [
  { right: 'SeInteractiveLogonRight', deny: 'SeDenyInteractiveLogonRight', label: 'Allow log on locally' },
  { right: 'SeServiceLogonRight', deny: 'SeDenyServiceLogonRight', label: 'Log on as a service' },
  { right: 'SeBatchLogonRight', deny: 'SeDenyBatchLogonRight', label: 'Log on as a batch job' },
] as const;

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
    const lines: string[] = [];
    const missing: string[] = [];
    const denied: string[] = [];
    for (const r of LOGON_RIGHTS) {
      const deniedBy = holderFor(userRights, r.deny, p.member, p.names);
      const heldBy = holderFor(userRights, r.right, p.member, p.names);
      if (deniedBy) denied.push(`${r.label} is denied through ${holderText(deniedBy, p)} (${r.deny})`);
      else if (!heldBy) missing.push(`${r.label} (${r.right})`);
      lines.push(heldBy ? `${r.right} via ${holderText(heldBy, p)}` : rightLine(userRights, r.right));
    }
    const evidence = {
      expected: `${p.label} (${p.sid}) or a group it belongs to in ${LOGON_RIGHTS.map((r) => r.right).join(', ')}, and in no Deny right`,
      actual: lines.join('; '),
      source: `${userRights.source}, ${adAccounts.source}`,
      details: { groups: [...p.member] },
    };
    if (denied.length === 0 && missing.length === 0) return pass(`${p.label} holds ${LOGON_RIGHTS.map((r) => r.label).join(', ')}.`, evidence);
    const remediation = {
      text: `Grant ${p.label} (or IIS_IUSRS, which it should be a member of) the missing rights and remove it and its groups from the Deny rights. ${RIGHTS_HOWTO}`,
      commands: [powershell('secedit /export /areas USER_RIGHTS /cfg "$env:TEMP\\rights.inf"'), powershell(`Select-String -Path "$env:TEMP\\rights.inf" -Pattern 'Logon'`), powershell('gpresult /h "$env:TEMP\\gpresult.html"')],
      docs: LINKS.scepInfrastructure,
    };
    // Without batch logon IIS cannot start the worker process; the other two are what the setup guide asks for.
    const batchGone = denied.some((d) => d.includes('SeDenyBatchLogonRight')) || missing.some((m) => m.includes('SeBatchLogonRight'));
    const message = `${p.label}: ${[...denied, ...(missing.length ? [`lacks ${missing.join(', ')}`] : [])].join('; ')}.`;
    if (denied.length || batchGone) return fail(`${message} IIS cannot start the SCEP pool as this account, and devices get HTTP 503.`, remediation, { ...evidence, codes: ['503'] });
    return warn(`${message} Microsoft's setup guide gives the NDES service account these rights; hardening policies often remove them.`, remediation, evidence, 'medium');
  },
});
