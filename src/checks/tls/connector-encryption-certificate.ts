import { defineCheck } from '../../engine/check.js';
import { fail, notApplicable, pass, powershell, warn } from '../../engine/outcome.js';
import { daysLeft } from '../../parse/x509.js';
import { isoDay } from '../../parse/civil-date.js';
import { DOCS, findCert } from './binding.js';

const WARN_DAYS = 30;

export default defineCheck({
  id: 'NDES-TLS-012',
  slug: 'tls-connector-encryption-certificate',
  area: 'tls',
  title: "The Intune Certificate Connector's encryption certificate is present and valid",
  severity: 'high',
  requires: ['connectorEncryptionCert', 'certStoreMy'],
  run({ connectorEncryptionCert: reg, certStoreMy }, { now }) {
    if (!reg.installed) {
      return notApplicable('The Certificate Connector for Microsoft Intune is not installed or not configured (no PFXCertificateConnector registry key; see NDES-CON-001 and NDES-CON-004).');
    }
    const source = `${reg.registryPath} (${reg.source}), ${certStoreMy.source}`;
    const remediation = {
      text:
        'Run the Certificate Connector for Microsoft Intune configuration again (Start menu > Certificate Connector for ' +
        'Microsoft Intune) and sign in: enrolling the connector issues a new certificate from "Microsoft Intune ImportPFX ' +
        'Connector CA" into LocalMachine\\My and records its thumbprint in EncryptionCertThumbprint. The connector renews it ' +
        'on its own; Microsoft documents no event ID for a failed renewal, so read the errors in the Microsoft-Intune-CertificateConnectors ' +
        'Admin and Operational logs around the expiry date.',
      commands: [
        powershell("Get-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\MicrosoftIntune\\PFXCertificateConnector' -Name EncryptionCertThumbprint"),
        powershell("Get-WinEvent -MaxEvents 50 -FilterHashtable @{ LogName = 'Microsoft-Intune-CertificateConnectors/Admin','Microsoft-Intune-CertificateConnectors/Operational'; Level = 2,3 }"),
        powershell("Get-ChildItem Cert:\\LocalMachine\\My | Where-Object { $_.Issuer -like '*Microsoft Intune ImportPFX Connector CA*' } | Format-List Subject,Thumbprint,NotAfter,HasPrivateKey"),
      ],
      docs: DOCS.connectorOverview,
    };
    const expected = 'EncryptionCertThumbprint names a certificate in LocalMachine\\My with a private key, valid now';
    if (!reg.thumbprint) {
      return fail('The connector is installed but EncryptionCertThumbprint is not set: it has not been enrolled with Intune.', remediation, {
        expected,
        actual: 'EncryptionCertThumbprint absent or empty',
        source,
      });
    }
    const cert = findCert(certStoreMy, reg.thumbprint);
    if (cert?.status === 'unreadable') {
      return {
        status: 'error',
        errorCode: 'E_FACT_MALFORMED',
        message: `The connector's certificate ${reg.thumbprint} could not be read from ${certStoreMy.source}: ${cert.reason}. Collect the bundle again.`,
        evidence: { expected, actual: `${reg.thumbprint} unreadable`, source },
      };
    }
    const problem = !cert
      ? `is not in ${certStoreMy.store}`
      : !cert.hasPrivateKey
          ? 'has no private key'
          : now > cert.cert.notAfter
            ? `expired on ${isoDay(cert.cert.notAfter)}`
            : now < cert.cert.notBefore
              ? `is not valid before ${isoDay(cert.cert.notBefore)}`
              : undefined;
    if (problem || cert?.status !== 'ok') {
      return fail(`The connector's certificate ${reg.thumbprint} ${problem}; the connector cannot authenticate to Intune.`, remediation, {
        expected,
        actual: `${reg.thumbprint} ${problem}`,
        source,
      });
    }
    const days = daysLeft(cert.cert, now);
    const actual = `${cert.cert.subject} issued by ${cert.cert.issuer}, valid to ${isoDay(cert.cert.notAfter)} (${days} days left)`;
    if (days < WARN_DAYS) {
      return warn(`The connector's certificate expires within ${WARN_DAYS} days and has not been renewed yet: ${actual}.`, remediation, {
        expected,
        actual,
        source,
      });
    }
    return pass(`The connector's certificate is present and valid: ${actual}.`, { expected, actual, source });
  },
});
