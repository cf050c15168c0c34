import { defineCheck } from '../../engine/check.js';
import { notApplicable, pass, powershell, warn } from '../../engine/outcome.js';
import { LINKS } from '../server/links.js';
import { findScepAppPool, isSameAccount } from './scep-account.js';

export default defineCheck({
  id: 'NDES-ACCT-003',
  slug: 'not-local-administrator',
  area: 'account',
  title: 'The NDES service account is not a local administrator',
  severity: 'medium',
  requires: ['iisConfig', 'administratorsGroup', 'serverSystem'],
  run({ iisConfig, administratorsGroup: group, serverSystem }) {
    const pool = findScepAppPool(iisConfig);
    if (!pool || pool.identityType !== 'SpecificUser' || !pool.userName) {
      return notApplicable('The SCEP pool does not run as a specific user account (see NDES-ACCT-001).');
    }
    const account = pool.userName;
    const evidence = {
      expected: `${account} not among the direct members of S-1-5-32-544 (Administrators)`,
      actual: group.members.map((m) => m.name).join(', ') || 'no members',
      source: group.source,
    };
    if (!group.members.some((m) => isSameAccount(m, account, serverSystem))) {
      return pass(`${account} is not a direct member of the local Administrators group.`, evidence);
    }
    // NDES works this way; Microsoft's own NDES validation script flags it as insecure. A hardening finding, not a fault.
    return warn(
      `${account} is a local administrator. NDES works that way, but anyone who abuses the internet-facing SCEP endpoint then controls the server.`,
      {
        text: 'Remove the account from Administrators and make sure it is in IIS_IUSRS instead (NDES-ACCT-002); both commands use the well-known SIDs.',
        commands: [
          powershell(`Remove-LocalGroupMember -SID S-1-5-32-544 -Member "${account}"`),
          powershell(`Add-LocalGroupMember -SID S-1-5-32-568 -Member "${account}"`),
          powershell(`Restart-WebAppPool "${pool.name}"`),
        ],
        docs: LINKS.scepInfrastructure,
      },
      evidence,
    );
  },
});
