import { defineCheck } from '../../engine/check.js';
import { fail, pass, warn } from '../../engine/outcome.js';
import type { Outcome, Remediation } from '../../engine/types.js';
import { DOCS, exchanges, onTarget } from './common.js';

const LOCK_DOWN: Remediation = {
  text:
    'Do not publish /certsrv/mscep_admin outside the server: remove it from the reverse proxy or application proxy publication, and keep Windows Authentication on (Anonymous off) for the mscep_admin application. ' +
    'With the Intune policy module, devices never need this page; NDES with a static or admin-page challenge lets anyone who reaches it enroll.',
  commands: [
    '%windir%\\system32\\inetsrv\\appcmd.exe set config "Default Web Site/CertSrv/mscep_admin" -section:system.webServer/security/authentication/anonymousAuthentication /enabled:false /commit:apphost',
    '%windir%\\system32\\inetsrv\\appcmd.exe set config "Default Web Site/CertSrv/mscep_admin" -section:system.webServer/security/authentication/windowsAuthentication /enabled:true /commit:apphost',
  ],
  docs: DOCS.appProxy,
};

export default defineCheck({
  id: 'NDES-NET-014',
  slug: 'mscep-admin-exposure',
  area: 'endpoint',
  title: 'mscep_admin does not hand out challenge passwords to anonymous clients',
  severity: 'critical',
  requires: ['endpoint'],
  run: ({ endpoint }) =>
    onTarget(endpoint, (t): Outcome => {
      const [e] = exchanges(t, 'mscep-admin');
      if (!e) return { status: 'skip', skipReason: 'not-applicable', message: t.notes.find((n) => n.startsWith('mscep_admin')) ?? `mscep_admin was not probed for ${t.url}.` };
      const source = `GET ${e.request.url} (body not stored)`;
      if (!e.response) {
        return pass(`mscep_admin did not answer (${e.error?.code ?? 'no response'}), so it is not exposed at ${t.host}.`, { expected: 'no anonymous 200', actual: e.error?.code ?? 'no response', source });
      }
      const { status, bodyBytes, adminPage } = e.response;
      const evidence = { expected: '401, 403 or 404 for an anonymous client', actual: `HTTP ${status}, ${bodyBytes} bytes, page: ${adminPage ?? 'n/a'}`, source };
      if (status === 200 && (adminPage === 'challenge-password' || adminPage === 'password-cache-full')) {
        return fail(
          `mscep_admin at ${t.host} gives enrollment challenge passwords to anonymous clients${adminPage === 'password-cache-full' ? ' (its password cache is full, so it has been handing them out)' : ''}: anyone who reaches it can enroll for certificates. ndes-doctor did not store the password.`,
          LOCK_DOWN,
          evidence,
        );
      }
      if (status === 200 && bodyBytes > 0) {
        return warn(`mscep_admin at ${t.host} answers 200 to an anonymous client (${adminPage === 'no-permission' ? 'NDES says the caller may not enroll' : 'page not recognised'}); it should ask for authentication or not be published.`, LOCK_DOWN, evidence);
      }
      return pass(`mscep_admin at ${t.host} answers ${status} to an anonymous client.`, evidence);
    }),
});
