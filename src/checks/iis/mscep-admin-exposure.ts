import { defineCheck } from '../../engine/check.js';
import { pass, warn } from '../../engine/outcome.js';

const DOC = 'https://learn.microsoft.com/iis/configuration/system.webServer/security/requestFiltering/hiddenSegments/';
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
          'Hide the admin page with request filtering (IIS then answers 404), or remove the application. ' +
          'Undo with /-"hiddenSegments.[segment=\'mscep_admin\']" if you ever need it.',
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
