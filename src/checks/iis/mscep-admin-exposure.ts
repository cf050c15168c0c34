import { defineCheck } from '../../engine/check.js';
import { pass, warn } from '../../engine/outcome.js';

const DOC = 'https://learn.microsoft.com/intune/intune-service/protect/certificates-scep-configure';
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
    return warn(
      `${fact.application} is reachable. With Intune, devices only use /CertSrv/mscep; the admin page hands out ` +
        'enrollment challenge passwords to any account with enroll rights on the template, so it is attack surface without a use.',
      {
        text:
          'Run one of the two commands, not both. The first hides the admin page with request filtering (IIS then answers 404); ' +
          'undo it with /-"hiddenSegments.[segment=\'mscep_admin\']" if you ever need the page. The second deletes the ' +
          'mscep_admin application from IIS for good: only NDES setup creates it again.',
        commands: [
          `${APPCMD} set config "${fact.site}" -section:system.webServer/security/requestFiltering /+"hiddenSegments.[segment='mscep_admin']" /commit:apphost`,
          `${APPCMD} delete app "${fact.application}"`,
        ],
        docs: DOC,
      },
      { expected: 'absent or hidden', actual: 'reachable', source, details: fact.notes.length ? { notes: fact.notes } : undefined },
    );
  },
});
