import { defineCheck } from '../../engine/check.js';
import { cmd, fail, pass, powershell } from '../../engine/outcome.js';
import { IIS_APP_ID } from '../../parse/netsh-sslcert.js';
import { DOCS, ndesHttpsBindings, ndesSite } from './binding.js';

export default defineCheck({
  id: 'NDES-TLS-001',
  slug: 'tls-ssl-binding',
  area: 'tls',
  title: 'Every https binding of the NDES site has a certificate bound in HTTP.sys',
  severity: 'high',
  requires: ['iisConfig', 'sslBindings'],
  run({ iisConfig, sslBindings }) {
    const source = `${iisConfig.source}, ${sslBindings.source}`;
    const site = ndesSite(iisConfig);
    const bindings = ndesHttpsBindings(iisConfig, sslBindings.bindings);
    const remediation = {
      text:
        'Bind the NDES server certificate to the https binding: IIS Manager > Sites > Default Web Site > Bindings > https > ' +
        'SSL certificate, or in PowerShell as below (replace <thumbprint> with the certificate from ' +
        'Get-ChildItem Cert:\\LocalMachine\\My). Use either the AddSslCertificate line or the netsh add line, not both: each ' +
        'creates the same HTTP.sys entry. Devices reach NDES over https; without a bound certificate the TLS handshake fails ' +
        'before any SCEP request is read.',
      commands: [
        powershell('Import-Module WebAdministration'),
        powershell("(Get-WebBinding -Name 'Default Web Site' -Protocol https -Port 443).AddSslCertificate('<thumbprint>', 'My')"),
        // Quoted so PowerShell does not parse the braces of the GUID; cmd passes the quotes to netsh, which strips them.
        cmd(`netsh http add sslcert ipport=0.0.0.0:443 certhash=<thumbprint> "appid=${IIS_APP_ID}" certstorename=MY`),
        cmd('netsh http show sslcert ipport=0.0.0.0:443'),
      ],
      docs: DOCS.scepConfigure,
    };
    if (bindings.length === 0) {
      return fail(
        `${site ? `The site "${site.name}"` : 'No site'} hosting /CertSrv/mscep has no https binding${site?.bindings.some((b) => b.protocol === 'https') ? ' IIS can listen on (NDES-IIS-003 names the one it cannot)' : ''}, so no certificate serves NDES over TLS.`,
        { ...remediation, commands: [powershell('Import-Module WebAdministration'), powershell("New-WebBinding -Name 'Default Web Site' -Protocol https -Port 443 -IPAddress '*'"), ...remediation.commands.slice(1)] },
        { expected: 'an https binding with a certificate', actual: 'no https binding', source },
      );
    }
    // A central-store entry has no hash: HTTP.sys takes the certificate from the IIS Centralized Certificate Store's share.
    const central = bindings.filter((b) => b.ssl?.endpoint.kind === 'ccs');
    const unbound = bindings.filter((b) => b.ssl?.endpoint.kind !== 'ccs' && !b.ssl?.certHash);
    const details = {
      bindings: bindings.map((b) => ({ iis: b.label, httpSys: b.ssl?.key ?? null, certHash: b.ssl?.certHash ?? null, appId: b.ssl?.appId ?? null })),
    };
    if (unbound.length > 0) {
      const list = unbound.map((b) => `https ${b.label}${b.ipv6 ? ` (only ${b.ipv6.key}, which serves IPv6 clients alone)` : ''}`).join(', ');
      return fail(
        `No certificate is bound in HTTP.sys for ${list} of "${bindings[0]!.site}"; TLS connections to it fail.`,
        remediation,
        { expected: 'a netsh http sslcert entry with a certificate hash for each https binding', actual: `none for ${list}`, source, details },
      );
    }
    if (central.length > 0) {
      const list = central.map((b) => `https ${b.label}`).join(', ');
      return { status: 'error', errorCode: 'E_FACT_UNAVAILABLE', message: `${list} of "${bindings[0]!.site}" is served from the IIS Centralized Certificate Store, which ndes-doctor does not read: no verdict on it.` };
    }
    const list = bindings.map((b) => `${b.label} -> ${b.ssl!.key} (${b.ssl!.certHash})${b.ipv6 ? `, IPv6 clients ${b.ipv6.key} (${b.ipv6.certHash ?? 'no certificate'})` : ''}`).join('; ');
    return pass(`Each https binding of "${bindings[0]!.site}" has a certificate bound: ${list}.`, {
      actual: list,
      source,
      details,
    });
  },
});
