import { defineCheck } from '../../engine/check.js';
import { cmd, cmdQuoted, fail, pass } from '../../engine/outcome.js';
import { APPCMD, lockedSectionFailure } from './common.js';

const DOC = 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/troubleshoot-scep-certificate-device-to-ndes';

export default defineCheck({
  id: 'NDES-IIS-005',
  slug: 'scep-windows-authentication',
  area: 'iis',
  title: 'Devices reach /CertSrv/mscep anonymously',
  severity: 'critical',
  requires: ['iisScepPath'],
  run: ({ iisScepPath: fact }) => {
    const scepApp = fact.target.replace(/\/mscep\.dll$/i, '');
    const enableAnonymous = cmd(`${APPCMD} set config ${cmdQuoted(scepApp, '<site>/CertSrv/mscep')} -section:system.webServer/security/authentication/anonymousAuthentication /enabled:true /commit:apphost`);
    const { windowsAuthentication: win, anonymousAuthentication: anon } = fact;
    const evidence = {
      expected: 'anonymousAuthentication enabled (Windows authentication may stay on, as NDES setup leaves it)',
      actual: `anonymous ${anon.enabled ? 'enabled' : 'disabled'}, windows ${win.enabled ? 'enabled' : 'disabled'}`,
      source: [anon.setBy ?? 'anonymousAuthentication: not set (IIS default: disabled)', win.setBy ?? 'windowsAuthentication: not set (IIS default: disabled)'].join('; '),
      details: { path: fact.target, ...(fact.notes.length ? { notes: fact.notes } : {}) },
    };
    const refused = [...(anon.refused ?? []), ...(win.refused ?? [])];
    if (refused.length) {
      return lockedSectionFailure(
        refused,
        'Remove the <authentication> element from that web.config: applicationHost.config locks the authentication sections for it. ' +
          'Set authentication for the SCEP path in applicationHost.config instead (anonymous on, as NDES setup leaves it), then run iisreset.',
        enableAnonymous,
        evidence,
      );
    }
    if (!anon.enabled) {
      const how = win.enabled ? 'only Windows authentication is enabled' : 'no authentication method is enabled';
      return fail(
        `On ${scepApp} ${how}: devices send no Windows credentials, so every SCEP request ends in 401.`,
        {
          text:
            'Devices authenticate with the SCEP challenge inside the request, not with Windows credentials: the SCEP path must allow ' +
            'anonymous access, as NDES setup configures it. Authentication sections are locked for web.config files, so change it ' +
            'in applicationHost.config, then run iisreset. Windows authentication can stay enabled next to it.',
          commands: [enableAnonymous, cmd('iisreset')],
          docs: DOC,
        },
        { ...evidence, codes: ['401.2'] },
      );
    }
    // NDES setup enables both on /CertSrv/mscep; IIS serves a request that carries no credentials
    // anonymously, so Windows authentication next to anonymous is the documented state, not a fault.
    const windows = win.enabled ? ' Windows authentication is enabled too, as NDES setup leaves it; devices send no credentials and are served anonymously.' : '';
    return pass(`${scepApp} allows anonymous access.${windows}`, evidence);
  },
});
