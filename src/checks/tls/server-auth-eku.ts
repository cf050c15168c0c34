import { defineCheck } from '../../engine/check.js';
import { fail, notApplicable, pass, powershell } from '../../engine/outcome.js';
import { allowsServerAuth, OID } from '../../parse/x509.js';
import { boundCerts, describeCert, DOCS } from './binding.js';

export default defineCheck({
  id: 'NDES-TLS-003',
  slug: 'tls-server-auth-eku',
  area: 'tls',
  title: 'The bound certificate is valid for Server Authentication',
  severity: 'high',
  dependsOn: ['NDES-TLS-002'],
  requires: ['iisConfig', 'sslBindings', 'certStoreMy'],
  run({ iisConfig, sslBindings, certStoreMy }) {
    const certs = boundCerts(iisConfig, sslBindings.bindings, certStoreMy);
    if (certs.length === 0) return notApplicable('No bound certificate to examine (see NDES-TLS-002).');
    const source = certStoreMy.source;
    const wrong = certs.filter(({ cert }) => !allowsServerAuth(cert.cert));
    if (wrong.length > 0) {
      const actual = wrong.map((c) => `${describeCert(c.cert)}: EKU ${c.cert.cert.ekus!.join(', ') || '(empty)'}`).join('; ');
      return fail(
        `The certificate bound to NDES is not valid for Server Authentication (${OID.serverAuth}); devices reject the TLS connection. ${actual}.`,
        {
          text:
            'Request a certificate from a template whose application policies include Server Authentication (the Web Server ' +
            'template or a copy of it), with the NDES FQDN as subject and DNS name, then bind it to the https binding. In PowerShell, ' +
            'replacing the <placeholders>; the second command swaps the certificate on the https binding.',
          commands: [
            powershell("Get-Certificate -Template WebServer -SubjectName 'CN=<ndes fqdn>' -DnsName '<ndes fqdn>','<external name>' -CertStoreLocation Cert:\\LocalMachine\\My"),
            powershell("$b = Get-WebBinding -Name 'Default Web Site' -Protocol https -Port 443; $b.RemoveSslCertificate(); $b.AddSslCertificate('<new thumbprint>', 'My')"),
          ],
          docs: DOCS.scepConfigure,
        },
        { expected: `EKU includes ${OID.serverAuth} (Server Authentication), or no EKU extension`, actual, source },
      );
    }
    const actual = certs
      .map((c) => `${describeCert(c.cert)}: ${c.cert.cert.ekus ? `EKU ${c.cert.cert.ekus.join(', ')}` : 'no EKU extension (any purpose)'}`)
      .join('; ');
    return pass(`The bound certificate is valid for Server Authentication: ${actual}.`, { actual, source });
  },
});
