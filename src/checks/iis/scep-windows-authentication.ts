import { defineCheck } from '../../engine/check.js';
import { fail, pass } from '../../engine/outcome.js';

const DOC = 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/troubleshoot-scep-certificate-device-to-ndes';
const APPCMD = '%windir%\\system32\\inetsrv\\appcmd.exe';

export default defineCheck({
  id: 'NDES-IIS-005',
  slug: 'scep-windows-authentication',
  area: 'iis',
  title: 'Devices reach /CertSrv/mscep anonymously (Windows authentication off)',
  severity: 'critical',
  requires: ['iisScepPath'],
  run: ({ iisScepPath: fact }) => {
    const scepApp = fact.target.replace(/\/mscep\.dll$/i, '');
    const { windowsAuthentication: win, anonymousAuthentication: anon } = fact;
    const remediation = {
      text:
        'Devices send no Windows credentials: the SCEP path must allow anonymous access and should not offer Windows ' +
        'authentication. Change it in applicationHost.config (authentication sections are locked for web.config files), then run iisreset.',
      commands: [
        `${APPCMD} set config "${scepApp}" -section:system.webServer/security/authentication/anonymousAuthentication /enabled:true /commit:apphost`,
        `${APPCMD} set config "${scepApp}" -section:system.webServer/security/authentication/windowsAuthentication /enabled:false /commit:apphost`,
        'iisreset',
      ],
      docs: DOC,
    };
    const evidence = {
      expected: 'anonymousAuthentication enabled, windowsAuthentication disabled',
      actual: `anonymous ${anon.enabled ? 'enabled' : 'disabled'}, windows ${win.enabled ? 'enabled' : 'disabled'}`,
      source: [anon.setBy ?? 'anonymousAuthentication: not set (IIS default: disabled)', win.setBy ?? 'windowsAuthentication: not set (IIS default: disabled)'].join('; '),
      details: { path: fact.target, ...(fact.notes.length ? { notes: fact.notes } : {}) },
    };
    if (!anon.enabled) {
      const how = win.enabled ? 'only Windows authentication is enabled' : 'no authentication method is enabled';
      return fail(`On ${scepApp} ${how}: devices cannot authenticate and get 401 for every SCEP request.`, remediation, { ...evidence, codes: ['401.2'] });
    }
    if (win.enabled) {
      // Anonymous still lets most devices in, but Microsoft's guidance is Windows authentication off on the SCEP path:
      // a client that answers the Negotiate challenge, or an ACL change, turns enrollments into 401s.
      return fail(
        `On ${scepApp} Windows authentication is enabled next to anonymous; devices cannot do Windows authentication, ` +
          'so any request IIS routes to it fails with 401. Turn it off.',
        remediation,
        { ...evidence, codes: ['401'] },
        'high',
      );
    }
    return pass(`${scepApp} allows anonymous access and has Windows authentication off.`, evidence);
  },
});
