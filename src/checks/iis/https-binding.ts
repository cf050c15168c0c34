import { defineCheck } from '../../engine/check.js';
import { cmd, fail, pass, powershell, psQuoted } from '../../engine/outcome.js';
import { findScepSite } from './scep-site.js';

const DOC = 'https://learn.microsoft.com/intune/intune-service/protect/certificates-scep-configure';
const SSL_FLAGS: Record<number, string> = {
  0: 'certificate bound to IP:port in HTTP.sys',
  1: 'SNI: certificate bound to hostname:port in HTTP.sys',
  2: 'central certificate store',
  3: 'SNI with central certificate store',
};

export default defineCheck({
  id: 'NDES-IIS-003',
  slug: 'https-binding-443',
  area: 'iis',
  title: 'The NDES site has an https binding on port 443',
  severity: 'high',
  requires: ['iisConfig'],
  run: ({ iisConfig }) => {
    const site = findScepSite(iisConfig);
    const siteName = site?.name ?? 'Default Web Site';
    const remediation = {
      text:
        `Add an https binding on port 443 to "${siteName}" and attach the NDES server authentication certificate ` +
        '(its SAN must hold the name devices use). Replace <thumbprint> with that certificate\'s thumbprint.',
      commands: [
        powershell(`New-WebBinding -Name ${psQuoted(siteName)} -Protocol https -Port 443 -IPAddress "*"`),
        powershell(`(Get-WebBinding -Name ${psQuoted(siteName)} -Protocol https -Port 443).AddSslCertificate("<thumbprint>", "My")`),
        cmd('netsh http show sslcert ipport=0.0.0.0:443'),
      ],
      docs: DOC,
    };
    if (!site) {
      return fail('No IIS site has a /CertSrv/mscep application, so there is no NDES site to bind.', remediation, {
        expected: 'a site with /CertSrv/mscep and an https binding on 443',
        actual: `sites: ${iisConfig.sites.map((s) => s.name).join(', ') || 'none'}`,
        source: iisConfig.source,
      });
    }
    const bindings = site.bindings.map((b) => `${b.protocol}/${b.bindingInformation}`);
    const https = site.bindings.filter((b) => b.protocol === 'https');
    const on443 = https.find((b) => b.port === 443);
    const source = `${iisConfig.source} <site name="${site.name}"> <bindings>`;
    if (!on443) {
      const unusable = https.filter((b) => b.port === 0).map((b) => `"${b.bindingInformation}"`);
      const ports = https.filter((b) => b.port !== 0).map((b) => b.port);
      const other =
        (ports.length ? ` It has https on port ${ports.join(', ')}, but devices use https://<name>/certsrv/mscep/mscep.dll on 443.` : '') +
        (unusable.length ? ` Its https binding ${unusable.join(', ')} is not address:port:host (such as *:443:), so IIS cannot listen on it.` : '');
      return fail(`Site "${site.name}" has no https binding on port 443.${other}`, remediation, {
        expected: 'https binding *:443: (or IP:443:host)',
        actual: bindings.join(', ') || 'no bindings',
        source,
      });
    }
    const cert = on443.certificateHash
      ? `certificate ${on443.certificateHash}`
      : 'certificate not named in applicationHost.config (IIS keeps it in HTTP.sys; see the TLS checks or netsh http show sslcert)';
    return pass(`Site "${site.name}" listens for https on ${on443.bindingInformation} (${SSL_FLAGS[on443.sslFlags] ?? `sslFlags ${on443.sslFlags}`}); ${cert}.`, {
      expected: 'https binding on port 443',
      actual: bindings.join(', '),
      source,
      details: { binding: on443.bindingInformation, sslFlags: on443.sslFlags, ...(on443.certificateHash ? { certificateHash: on443.certificateHash } : {}) },
    });
  },
});
