import { defineCheck } from '../../engine/check.js';
import { pass } from '../../engine/outcome.js';

const APPCMD = '%windir%\\system32\\inetsrv\\appcmd.exe';

export default defineCheck({
  id: 'NDES-IIS-006',
  slug: 'iis-mscep-admin-hidden',
  area: 'iis',
  title: 'The NDES admin page /CertSrv/mscep_admin is hidden or removed',
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
    // NDES setup creates the page (Windows authentication only) and Microsoft does not ask to remove it: hiding it is
    // a hardening step from community guides, so it is reported, not judged.
    return pass(
      `${fact.application} is reachable, as NDES setup leaves it (Windows authentication only). Devices never use it; hardening guides hide ` +
        `or remove it because it hands out enrollment challenge passwords to accounts with enroll rights on the template. To hide it: ` +
        `${APPCMD} set config "${fact.site}" -section:system.webServer/security/requestFiltering /+"hiddenSegments.[segment='mscep_admin']" /commit:apphost`,
      { expected: 'absent or hidden (hardening, optional)', actual: 'reachable', source, details: fact.notes.length ? { notes: fact.notes } : undefined },
    );
  },
});
