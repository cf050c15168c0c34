import { defineCheck } from '../../engine/check.js';
import { cmd, notApplicable } from '../../engine/outcome.js';
import type { Outcome } from '../../engine/types.js';
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
    // The collector verifies every certificate with this EKU and a private key, as NDES requires of its RA certificates:
    // one in use without a verification means the output is incomplete, and nothing may pass on it.
    const missing = [...inUse].filter((t) => !runs.some((r) => r.thumbprint === t));
    const unverified: Outcome = {
      status: 'error',
      errorCode: 'E_FACT_UNAVAILABLE',
      message: `${certVerifications.source} has no verification of the RA certificate${missing.length > 1 ? 's' : ''} NDES uses: ${missing.join(', ')}; the output is incomplete. Collect the bundle again.`,
    };
    if (runs.length === 0 && missing.length) return unverified;
    if (runs.length === 0) {
      return notApplicable(
        ra.length === 0
          ? 'No RA certificate (Certificate Request Agent EKU, with a private key) was found to verify; NDES-TLS-010 reports missing RA certificates.'
          : `None of the verified Certificate Request Agent certificates (${ra.map((r) => r.thumbprint).join(', ')}) is one NDES uses as its RA signing or encryption certificate; NDES-TLS-010 reports the RA certificates.`,
      );
    }
    const outcome = verificationOutcome(
      'RA certificates',
      runs,
      {
        text: `NDES refuses RA certificates it cannot check for revocation: it does not start (events 2 and 10) and devices get HTTP 500. ${REVOCATION_FIX}`,
        commands: [cmd('certutil -verify -urlfetch <RA certificate>.cer'), cmd('certutil -URLCache CRL delete'), cmd('iisreset')],
        docs: REVOCATION_DOCS,
      },
      { expected: 'no CERT_TRUST_* error and no revocation HRESULT for each RA certificate', source: certVerifications.source, codes: ['500', 'Event 2', 'Event 10'] },
    );
    // What the runs there are show as failed stands; a pass or a warning needs every certificate in use.
    return missing.length && (outcome.status === 'pass' || outcome.status === 'warn') ? unverified : outcome;
  },
});
