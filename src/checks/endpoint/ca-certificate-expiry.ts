import { defineCheck } from '../../engine/check.js';
import { cmd, fail, pass, warn } from '../../engine/outcome.js';
import type { Outcome } from '../../engine/types.js';
import { certificateExpiry } from '../../engine/certificates.js';
import { daysLeft } from '../../parse/x509.js';
import { isoDay } from '../../parse/civil-date.js';
import { caCertOf, DOCS, onTarget } from './common.js';
import { RA_WARN_DAYS } from './ra-certificate-expiry.js';

export default defineCheck({
  id: 'NDES-NET-004',
  slug: 'ca-certificate-expiry',
  area: 'endpoint',
  title: 'The CA certificate returned by GetCACert is valid',
  severity: 'high',
  requires: ['endpoint'],
  run: ({ endpoint }, ctx) =>
    onTarget(endpoint, (t): Outcome => {
      const r = caCertOf(t, 'the CA certificate');
      if (!r.ok) return r.outcome;
      const { source } = r;
      const ca = r.certs.ca;
      if (!ca) {
        return fail(
          'GetCACert returned no CA certificate (none has basicConstraints CA=true): devices cannot build the chain for the certificate they will receive.',
          { text: 'NDES returns the issuing CA certificate with its RA certificates; check the CA configured for NDES (HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP\\CAInfo).', commands: [cmd('reg query "HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP\\CAInfo"')], docs: DOCS.deviceToNdes },
          { expected: 'a CA certificate in the GetCACert response', actual: r.certs.all.map((c) => c.subject).join(' | '), source },
        );
      }
      const days = daysLeft(ca, ctx.now);
      const evidence = {
        expected: `CA certificate valid for more than ${RA_WARN_DAYS} days`,
        actual: `"${ca.subject}" valid until ${isoDay(ca.notAfter)} (${days} days left)`,
        source,
        details: { subject: ca.subject, notAfter: ca.notAfter.toISOString(), daysLeft: days, sha256: ca.sha256, certificates: [certificateExpiry('ca', ca, days)] },
      };
      const renew = {
        text:
          'Renew the issuing CA certificate on the CA, then reissue the NDES RA certificates from the renewed CA (or reinstall the NDES role) and update the trusted-certificate profiles in Intune. ' +
          'A CA certificate cannot issue certificates that outlive it, so device certificates get shorter and then stop.',
        commands: [cmd('certutil -config "<CAHost>\\<CA Name>" -ca.cert ca.cer'), cmd('certutil -dump ca.cer')],
        docs: DOCS.deviceToNdes,
      };
      if (ca.notBefore > ctx.now) {
        return fail(`The CA certificate "${ca.subject}" is not valid until ${ca.notBefore.toISOString()}: devices reject the chain until then; check the clocks of the CA and the NDES server.`, renew, evidence);
      }
      if (days < 0) return fail(`The CA certificate "${ca.subject}" EXPIRED on ${isoDay(ca.notAfter)}: certificates it issued are no longer trusted.`, renew, evidence);
      if (days < RA_WARN_DAYS) return warn(`The CA certificate "${ca.subject}" expires in ${days} days (${isoDay(ca.notAfter)}).`, renew, evidence);
      return pass(`The CA certificate "${ca.subject}" is valid until ${isoDay(ca.notAfter)} (${days} days).`, evidence);
    }),
});
