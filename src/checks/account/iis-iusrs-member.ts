import { defineCheck } from '../../engine/check.js';
import { fail, notApplicable, pass } from '../../engine/outcome.js';
import { LINKS } from '../server/links.js';
import { findScepAppPool, isSameAccount } from './scep-account.js';

export default defineCheck({
  id: 'NDES-ACCT-002',
  slug: 'iis-iusrs-member',
  area: 'account',
  title: 'The NDES service account is a member of IIS_IUSRS',
  severity: 'high',
  requires: ['iisConfig', 'iisIusrsGroup', 'serverSystem'],
  run({ iisConfig, iisIusrsGroup: group, serverSystem }) {
    const pool = findScepAppPool(iisConfig);
    if (!pool || pool.identityType !== 'SpecificUser' || !pool.userName) {
      return notApplicable('The SCEP pool does not run as a specific user account (see NDES-ACCT-001); IIS adds built-in pool identities to IIS_IUSRS itself.');
    }
    const account = pool.userName;
    const evidence = {
      expected: `${account} among the direct members of S-1-5-32-568 (IIS_IUSRS)`,
      actual: group.members.map((m) => m.name).join(', ') || 'no members',
      source: group.source,
    };
    if (group.members.some((m) => isSameAccount(m, account, serverSystem.computerName))) {
      return pass(`${account} is a member of IIS_IUSRS.`, evidence);
    }
    return fail(
      `${account} is not a direct member of IIS_IUSRS (S-1-5-32-568); without it the account may lack the logon rights IIS needs to start the SCEP pool. Membership through a domain group is not visible to this check.`,
      {
        text: 'Add the SCEP pool account to the local IIS_IUSRS group (by SID, so the command works on any Windows language), then recycle the pool.',
        commands: [`Add-LocalGroupMember -SID S-1-5-32-568 -Member "${account}"`, `Restart-WebAppPool "${pool.name}"`],
        docs: LINKS.scepInfrastructure,
      },
      evidence,
    );
  },
});
