import { defineCheck } from '../../engine/check.js';
import { fail, pass, powershell } from '../../engine/outcome.js';
import { DOCS } from '../tls/binding.js';
import { SID } from './pool-principal.js';
import { holderFor, RIGHTS_HOWTO, rightLine } from './user-rights.js';

const RIGHT = 'SeImpersonatePrivilege';

export default defineCheck({
  id: 'NDES-ACCT-006',
  slug: 'iis-iusrs-impersonate',
  area: 'account',
  title: 'IIS_IUSRS holds "Impersonate a client after authentication"',
  severity: 'high',
  requires: ['userRights'],
  run({ userRights }) {
    const evidence = { expected: `${RIGHT} includes *${SID.iisIusrs} (IIS_IUSRS)`, actual: rightLine(userRights, RIGHT), source: userRights.source, codes: ['500', 'sc-win32-status 1346'] };
    if (holderFor(userRights, RIGHT, new Set([SID.iisIusrs]))) return pass(`IIS_IUSRS (${SID.iisIusrs}) holds ${RIGHT}.`, evidence);
    return fail(
      `IIS_IUSRS (${SID.iisIusrs}) does not hold ${RIGHT} ("Impersonate a client after authentication"): NDES answers devices with HTTP 500, logged in the IIS log with sc-win32-status 1346.`,
      {
        text: `Give the local group IIS_IUSRS the right "Impersonate a client after authentication". ${RIGHTS_HOWTO} The commands show the right before and after.`,
        commands: [
          powershell('secedit /export /areas USER_RIGHTS /cfg "$env:TEMP\\rights.inf"'),
          powershell(`Select-String -Path "$env:TEMP\\rights.inf" -Pattern '^${RIGHT}'`),
          powershell('gpresult /h "$env:TEMP\\gpresult.html"'),
        ],
        docs: DOCS.deviceToNdes,
      },
      evidence,
    );
  },
});
