import { defineCheck } from '../../engine/check.js';
import { fail, notApplicable, pass, powershell } from '../../engine/outcome.js';
import { LINKS } from '../server/links.js';
import { SID } from './pool-principal.js';
import { findScepAppPool, isSameAccount } from './scep-account.js';

export default defineCheck({
  id: 'NDES-ACCT-002',
  slug: 'iis-iusrs-member',
  area: 'account',
  title: 'The NDES service account is a member of IIS_IUSRS',
  severity: 'high',
  requires: ['iisConfig', 'iisIusrsGroup', 'serverSystem', 'scepIdentity'],
  run({ iisConfig, iisIusrsGroup: group, serverSystem, scepIdentity: id }) {
    const pool = findScepAppPool(iisConfig);
    if (!pool || pool.identityType !== 'SpecificUser' || !pool.userName) {
      return notApplicable('The SCEP pool does not run as a specific user account (see NDES-ACCT-001); IIS adds built-in pool identities to IIS_IUSRS itself.');
    }
    const account = pool.userName;
    // The identity artifact resolves the same pool user; its SID and tokenGroups are that account's.
    const sid = id.identityType === 'SpecificUser' ? id.sid?.toUpperCase() : undefined;
    const groups = sid && id.tokenGroups ? new Set([...id.tokenGroups, SID.everyone, SID.authenticatedUsers].map((s) => s.toUpperCase())) : undefined;
    const evidence = {
      expected: `${account}${sid ? ` (${sid})` : ''} ${groups ? 'or one of its groups ' : ''}among the members of S-1-5-32-568 (IIS_IUSRS)`,
      actual: group.members.map((m) => (m.sid ? `${m.name} (${m.sid})` : m.name)).join(', ') || 'no members',
      source: `${group.source}, ${id.source}`,
    };
    const sidOf = (m: { sid?: string }) => m.sid?.toUpperCase();
    if (group.members.some((m) => isSameAccount(m, account, serverSystem.computerName) || (sid !== undefined && sidOf(m) === sid))) {
      return pass(`${account} is a member of IIS_IUSRS.`, evidence);
    }
    const via = groups && group.members.find((m) => groups.has(sidOf(m) ?? ''));
    if (via) return pass(`${account} is a member of IIS_IUSRS through ${via.name} (${via.sid}).`, evidence);
    const unseen = groups
      ? ''
      : ` Its groups could not be read (${id.error ?? 'no tokenGroups in the identity artifact'}), so membership through a domain group is not visible to this check.`;
    return fail(
      `${account} is not a member of IIS_IUSRS (S-1-5-32-568)${groups ? ', directly or through its groups' : ''}; without it the account may lack the logon rights IIS needs to start the SCEP pool.${unseen}`,
      {
        text: 'Add the SCEP pool account to the local IIS_IUSRS group (by SID, so the command works on any Windows language), then recycle the pool.',
        commands: [powershell(`Add-LocalGroupMember -SID S-1-5-32-568 -Member "${account}"`), powershell(`Restart-WebAppPool "${pool.name}"`)],
        docs: LINKS.scepInfrastructure,
      },
      evidence,
    );
  },
});
