import { defineCheck } from '../../engine/check.js';
import { fail, pass, warn } from '../../engine/outcome.js';
import { allowsServerAuth, OID, appleRefusesImpliedServerAuth } from '../../parse/x509.js';
import { describeCert, DOCS, onBoundCerts, REISSUE_AND_BIND } from './binding.js';

export default defineCheck({
  id: 'NDES-TLS-003',
  slug: 'tls-server-auth-eku',
  area: 'tls',
  title: 'The bound certificate is valid for Server Authentication',
  severity: 'high',
  dependsOn: ['NDES-TLS-002'],
  requires: ['iisConfig', 'sslBindings', 'certStoreMy'],
  run(facts) {
    return onBoundCerts(facts, (certs) => {
      const source = facts.certStoreMy.source;
      const remediation = {
        text:
          'Request a certificate from a template whose application policies include Server Authentication (the Web Server ' +
          'template or a copy of it), with the NDES FQDN as subject and DNS name, then bind it to the https binding. In PowerShell, ' +
          'replacing the <placeholders>; the second command swaps the certificate on the https binding.',
        commands: REISSUE_AND_BIND,
        docs: DOCS.scepConfigure,
      };
      const wrong = certs.filter(({ cert }) => !allowsServerAuth(cert.cert));
      // No EKU extension, or anyExtendedKeyUsage alone: Windows accepts it; Apple does not when the certificate was issued
      // from 1 July 2019 on (it needs id-kp-serverAuth), and Microsoft's server certificate template includes Server Authentication.
      const implicit = certs.filter(({ cert }) => appleRefusesImpliedServerAuth(cert.cert));
      if (wrong.length > 0) {
        const actual = wrong.map((c) => `${describeCert(c.cert)}: EKU ${c.cert.cert.ekus!.join(', ') || '(empty)'}`).join('; ');
        return fail(
          `The certificate bound to NDES is not valid for Server Authentication (${OID.serverAuth}); devices reject the TLS connection. ${actual}.`,
          remediation,
          { expected: `EKU includes ${OID.serverAuth} (Server Authentication)`, actual, source },
        );
      }
      const describe = (c: (typeof certs)[number]) =>
        `${describeCert(c.cert)}: ${c.cert.cert.ekus ? `EKU ${c.cert.cert.ekus.join(', ')}` : 'no EKU extension (any purpose)'}`;
      if (implicit.length > 0) {
        const actual = implicit.map(describe).join('; ');
        return warn(
          `The certificate bound to NDES does not name Server Authentication (${OID.serverAuth}) in its EKU: Windows accepts it, but iOS/iPadOS and macOS reject a TLS certificate issued after 1 July 2019 without it. ${actual}.`,
          remediation,
          { expected: `EKU includes ${OID.serverAuth} (Server Authentication)`, actual, source },
          'medium',
        );
      }
      const actual = certs.map(describe).join('; ');
      return pass(`The bound certificate is valid for Server Authentication: ${actual}.`, { actual, source });
    });
  },
});
