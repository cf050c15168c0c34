import { defineCheck } from '../../engine/check.js';
import { cmd, fail, pass, warn } from '../../engine/outcome.js';
import type { Outcome, Remediation } from '../../engine/types.js';
import { DOCS, exchanges, onTarget, TLS_CODES } from './common.js';

/** The answers that show the page is closed to an anonymous client. */
const CLOSED = new Set([401, 403, 404]);

const LOCK_DOWN: Remediation = {
  text:
    'Do not publish /certsrv/mscep_admin outside the server: remove it from the reverse proxy or application proxy publication, and keep Windows Authentication on (Anonymous off) for the mscep_admin application. ' +
    'With the Intune policy module, devices never need this page; NDES with a static or admin-page challenge lets anyone who reaches it enroll.',
  commands: [
    cmd('%windir%\\system32\\inetsrv\\appcmd.exe set config "Default Web Site/CertSrv/mscep_admin" -section:system.webServer/security/authentication/anonymousAuthentication /enabled:false /commit:apphost'),
    cmd('%windir%\\system32\\inetsrv\\appcmd.exe set config "Default Web Site/CertSrv/mscep_admin" -section:system.webServer/security/authentication/windowsAuthentication /enabled:true /commit:apphost'),
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
      const unverified = e.request.certificateVerified === false ? ', TLS certificate not verified, as an attacker would not' : '';
      const source = `GET ${e.request.url} (body not stored${unverified})`;
      if (!e.response) {
        // A client that trusts no certificate, or a network that drops it, proves nothing about who else can read the page.
        return {
          status: 'error',
          errorCode: TLS_CODES.test(e.error?.code ?? '') ? 'E_TLS_HANDSHAKE' : 'E_NETWORK',
          message: `Could not tell whether mscep_admin at ${t.host} is exposed: the request got no answer (${e.error?.code ?? 'no response'}${e.error?.message ? `: ${e.error.message}` : ''}). Only a 401, 403 or 404 answer shows it is closed; run the check again from where devices connect.`,
          evidence: { expected: 'HTTP 401, 403 or 404 for an anonymous client', actual: e.error?.code ?? 'no response', source },
        };
      }
      const { status, bodyBytes, adminPage } = e.response;
      const evidence = { expected: 'HTTP 401, 403 or 404 for an anonymous client', actual: `HTTP ${status}, ${bodyBytes} bytes, page: ${adminPage ?? 'n/a'}`, source };
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
      if (CLOSED.has(status)) return pass(`mscep_admin at ${t.host} answers ${status} to an anonymous client.`, evidence);
      return {
        status: 'error',
        errorCode: 'E_NETWORK',
        message: `Could not tell whether mscep_admin at ${t.host} is exposed: it answered HTTP ${status}${status === 200 ? ' with an empty body' : ''}, not 401, 403 or 404${status >= 300 && status < 400 ? ' (a redirect, not followed)' : ''}. Open the URL from outside without credentials to see what it serves.`,
        evidence,
      };
    }),
});
