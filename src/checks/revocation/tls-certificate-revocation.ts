import { defineCheck } from '../../engine/check.js';
import { cmd, notApplicable } from '../../engine/outcome.js';
import { ndesCertBindings } from '../tls/binding.js';
import { REVOCATION_DOCS, REVOCATION_FIX, verificationOutcome } from './verify-judge.js';

export default defineCheck({
  id: 'NDES-REV-002',
  slug: 'tls-certificate-revocation',
  area: 'revocation',
  title: 'The TLS certificate of the NDES site chains to a trusted root and passes revocation checking',
  severity: 'high',
  requires: ['certVerifications', 'iisConfig', 'sslBindings'],
  run({ certVerifications, iisConfig, sslBindings }) {
    const thumbprints = [...new Set(ndesCertBindings(iisConfig, sslBindings.bindings).flatMap((b) => (b.ssl.certHash ? [b.ssl.certHash] : [])))];
    if (thumbprints.length === 0) return notApplicable('No HTTP.sys certificate binding serves the NDES site (see NDES-TLS-001).');
    const runs = certVerifications.runs.filter((r) => thumbprints.includes(r.thumbprint));
    const missing = thumbprints.filter((t) => !runs.some((r) => r.thumbprint === t));
    if (missing.length) {
      return {
        status: 'error',
        errorCode: 'E_FACT_UNAVAILABLE',
        message: `${certVerifications.source} has no verification of the bound certificate ${missing.join(', ')}: it is not in LocalMachine\\My with a private key and the Server Authentication EKU (see NDES-TLS-002, NDES-TLS-003).`,
      };
    }
    return verificationOutcome(
      'TLS certificate',
      runs,
      {
        text: `Devices and the Intune connector check this chain too, and reject it when its CRL is unreachable or a certificate is revoked. ${REVOCATION_FIX}`,
        commands: [cmd('certutil -verify -urlfetch <TLS certificate>.cer'), cmd('certutil -URLCache CRL delete')],
        docs: REVOCATION_DOCS,
      },
      { expected: 'no CERT_TRUST_* error and no revocation HRESULT', source: `${certVerifications.source}, ${sslBindings.source}` },
    );
  },
});
