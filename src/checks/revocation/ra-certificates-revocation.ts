import { defineCheck } from '../../engine/check.js';
import { cmd, notApplicable } from '../../engine/outcome.js';
import { raThumbprintsInUse, unknownRaUse, unreadableAmong } from '../tls/ra-certificates.js';
import { REVOCATION_DOCS, REVOCATION_FIX, verificationOutcome } from './verify-judge.js';

export default defineCheck({
  id: 'NDES-REV-001',
  slug: 'ra-certificates-revocation',
  area: 'revocation',
  title: 'The RA certificates chain to a trusted root and pass revocation checking',
  severity: 'critical',
  requires: ['certVerifications', 'certStoreMy'],
  run({ certVerifications, certStoreMy }, { now }) {
    // Only the certificates NDES takes: those a renewal left behind may be expired or revoked, and NDES does not use them.
    const inUse = raThumbprintsInUse(certStoreMy.certs, now);
    const ra = certVerifications.runs.filter((r) => r.role === 'ra');
    const runs = ra.filter((r) => inUse.has(r.thumbprint));
    const left = ra.filter((r) => !inUse.has(r.thumbprint)).map((r) => r.thumbprint);
    const unknown = unreadableAmong(certStoreMy.certs, left);
    if (unknown.length) {
      return { status: 'error', errorCode: 'E_FACT_MALFORMED', message: unknownRaUse(`the verified Certificate Request Agent certificates ${left.join(', ')}`, unknown, certStoreMy.source) };
    }
    if (runs.length === 0) {
      return notApplicable(
        ra.length === 0
          ? 'No RA certificate (Certificate Request Agent EKU, with a private key) was found to verify; NDES-TLS-010 reports missing RA certificates.'
          : `None of the verified Certificate Request Agent certificates (${ra.map((r) => r.thumbprint).join(', ')}) is one NDES uses as its RA signing or encryption certificate; NDES-TLS-010 reports the RA certificates.`,
      );
    }
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
