import { defineCheck } from '../../engine/check.js';
import { REVOCATION_DOCS, REVOCATION_FIX, verificationOutcome } from './verify-judge.js';
import { cmd } from '../../engine/outcome.js';

export default defineCheck({
  id: 'NDES-REV-003',
  slug: 'ca-certificate-revocation',
  area: 'revocation',
  title: 'The CA certificate chains to a trusted root and passes revocation checking',
  severity: 'high',
  requires: ['certVerifications'],
  dependsOn: ['NDES-MSCEP-002'],
  run({ certVerifications }) {
    const runs = certVerifications.runs.filter((r) => r.role === 'ca');
    if (runs.length === 0) {
      return {
        status: 'error',
        errorCode: 'E_FACT_UNAVAILABLE',
        message: `${certVerifications.source} has no verification of the CA certificate: certutil -config <MSCEP CAInfo> -ca.cert could not fetch it (see NDES-CA-001).`,
      };
    }
    return verificationOutcome(
      'CA certificate',
      runs,
      {
        text: `Every certificate NDES hands out chains through this one; when its own revocation cannot be checked, the RA certificates fail too. ${REVOCATION_FIX}`,
        commands: [cmd('certutil -config "<CAHost>\\<CA Name>" -ca.cert ca.cer'), cmd('certutil -verify -urlfetch ca.cer')],
        docs: REVOCATION_DOCS,
      },
      { expected: 'no CERT_TRUST_* error and no revocation HRESULT', source: certVerifications.source },
    );
  },
});
