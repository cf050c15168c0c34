import { defineCheck } from '../../engine/check.js';
import { cmd, notApplicable } from '../../engine/outcome.js';
import { REVOCATION_DOCS, REVOCATION_FIX, verificationOutcome } from './verify-judge.js';

export default defineCheck({
  id: 'NDES-REV-001',
  slug: 'ra-certificates-revocation',
  area: 'revocation',
  title: 'The RA certificates chain to a trusted root and pass revocation checking',
  severity: 'critical',
  requires: ['certVerifications'],
  run({ certVerifications }) {
    const runs = certVerifications.runs.filter((r) => r.role === 'ra');
    if (runs.length === 0) return notApplicable('No RA certificate (Certificate Request Agent EKU, with a private key) was found to verify; NDES-TLS-010 reports missing RA certificates.');
    return verificationOutcome(
      'RA certificates',
      runs,
      {
        text: `NDES refuses RA certificates it cannot check for revocation: it does not start (events 2 and 10) and devices get HTTP 500. ${REVOCATION_FIX}`,
        commands: [cmd('certutil -verify -urlfetch <RA certificate>.cer'), cmd('certutil -URLCache CRL delete'), cmd('iisreset')],
        docs: REVOCATION_DOCS,
      },
      { expected: 'no CERT_TRUST_* error and no revocation HRESULT for each RA certificate', source: certVerifications.source, codes: ['500', 'Event 2', 'Event 10'] },
    );
  },
});
