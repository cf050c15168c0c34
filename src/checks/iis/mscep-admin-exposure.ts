import { defineCheck } from '../../engine/check.js';
import { cmdQuoted, pass } from '../../engine/outcome.js';
import { APPCMD } from './common.js';

export default defineCheck({
  id: 'NDES-IIS-006',
  slug: 'iis-mscep-admin-hidden',
  area: 'iis',
  title: 'The NDES admin page /CertSrv/mscep_admin: hidden, removed, or as NDES setup leaves it',
  severity: 'low',
  requires: ['iisMscepAdmin'],
  run: ({ iisMscepAdmin: fact }) => {
    const source = fact.files.join(', ');
    if (!fact.application) {
      return pass(`${fact.site} has no /CertSrv/mscep_admin application.`, { expected: 'absent or hidden', actual: 'absent', source });
    }
    if (fact.hiddenBy) {
      return pass(`${fact.application} exists but request filtering hides it (${fact.hiddenBy}).`, {
        expected: 'absent or hidden',
        actual: 'hidden',
        source: fact.hiddenBy,
      });
    }
    // NDES setup creates the page and Microsoft's NDES and Intune steps leave it in place, so a stock
    // server must not be graded down for it: the hardening advice travels as an informational note.
    return pass(
      `${fact.application} is reachable, as NDES setup leaves it. With Intune, devices only use /CertSrv/mscep; the admin page ` +
        'hands out enrollment challenge passwords to any account with enroll rights on the template. Hiding it is optional ' +
        'hardening that Microsoft does not require: see `ndes-doctor explain NDES-IIS-006`.',
      {
        expected: 'absent, hidden, or as NDES setup leaves it',
        actual: 'reachable',
        source,
        details: {
          hardening: [
            `${APPCMD} set config ${cmdQuoted(fact.site, '<site>')} -section:system.webServer/security/requestFiltering /+"hiddenSegments.[segment='mscep_admin']" /commit:apphost`,
            `${APPCMD} delete app ${cmdQuoted(fact.application, '<site>/CertSrv/mscep_admin')}`,
          ],
          ...(fact.notes.length ? { notes: fact.notes } : {}),
        },
      },
    );
  },
});
