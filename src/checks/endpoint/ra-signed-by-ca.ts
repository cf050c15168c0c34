import { defineCheck } from '../../engine/check.js';
import { cmd, fail, pass } from '../../engine/outcome.js';
import type { Outcome } from '../../engine/types.js';
import { issuedBy } from '../../parse/x509.js';
import { caCertOf, DOCS, onTarget } from './common.js';

export default defineCheck({
  id: 'NDES-NET-005',
  slug: 'ra-signed-by-ca',
  area: 'endpoint',
  title: 'The RA certificates were issued by the CA that NDES returns',
  severity: 'high',
  requires: ['endpoint'],
  run: ({ endpoint }) =>
    onTarget(endpoint, (t): Outcome => {
      const r = caCertOf(t, 'the RA and CA certificates');
      if (!r.ok) return r.outcome;
      const { source } = r;
      const { ca, ras } = r.certs;
      if (!ca || ras.length === 0) {
        return { status: 'skip', skipReason: 'not-applicable', message: 'GetCACert did not return both a CA and an RA certificate; NDES-NET-003 and NDES-NET-004 report that.' };
      }
      const unsigned = ras.filter(({ cert }) => !issuedBy(cert, ca));
      const evidence = {
        expected: `every RA certificate signed by "${ca.subject}"`,
        actual: ras.map(({ cert }) => `"${cert.subject}" issued by "${cert.issuer}"`).join('; '),
        source,
      };
      if (unsigned.length > 0) {
        return fail(
          `${unsigned.length} RA certificate(s) were not issued by the CA that NDES returns ("${ca.subject}"): ${unsigned.map(({ cert }) => `"${cert.subject}" (issuer "${cert.issuer}")`).join(', ')}. ` +
            'This happens after the CA certificate is renewed or NDES is pointed at another CA; devices then reject the RA certificates and enrollment fails.',
          {
            text: 'Request new CEP Encryption and Exchange Enrollment Agent (Offline request) certificates from the CA that NDES uses (or reinstall the NDES role), give the service account Read on their keys, and run iisreset.',
            commands: [cmd('reg query "HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP\\CAInfo"'), cmd('certutil -store my'), cmd('iisreset')],
            docs: DOCS.deviceToNdes,
          },
          evidence,
        );
      }
      return pass(`Both RA certificates were issued and signed by "${ca.subject}".`, evidence);
    }),
});
