import { defineCheck } from '../../engine/check.js';
import { cmd, fail, pass, warn } from '../../engine/outcome.js';
import type { Outcome } from '../../engine/types.js';
import { certificateExpiry } from '../../engine/certificates.js';
import { daysLeft } from '../../parse/x509.js';
import { LIST_RA_CERTIFICATES } from '../tls/ra-certificates.js';
import { isoDay } from '../../parse/civil-date.js';
import { caCertOf, DOCS, onTarget } from './common.js';

export const RA_WARN_DAYS = 60;

const ROLE_NAMES = {
  'ra-signing': 'Exchange Enrollment Agent (signing) RA certificate',
  'ra-encryption': 'CEP Encryption RA certificate',
  ra: 'RA certificate',
} as const;

const RENEW = {
  text:
    'Renew both NDES RA certificates before they expire: when they do, NDES stops answering (HTTP 500, NDES events 2 and 10) and every enrollment fails without a clear error on the devices. ' +
    'Request a new "CEP Encryption" certificate in the computer store and a new "Exchange Enrollment Agent (Offline request)" certificate in the user store (then export it with its key and import it into the computer store), ' +
    'give the NDES service account Read on both private keys, and run iisreset. Reinstalling the NDES role also issues new ones.',
  commands: [
    LIST_RA_CERTIFICATES,
    cmd('certlm.msc'),
    cmd('iisreset'),
  ],
  docs: DOCS.deviceToNdes,
};

export default defineCheck({
  id: 'NDES-NET-003',
  slug: 'ra-certificate-expiry',
  area: 'endpoint',
  title: 'NDES RA certificates are not expired or about to expire',
  severity: 'critical',
  requires: ['endpoint'],
  run: ({ endpoint }, ctx) =>
    onTarget(endpoint, (t): Outcome => {
      const r = caCertOf(t, 'the RA certificates');
      if (!r.ok) return r.outcome;
      const { source } = r;
      const ras = r.certs.ras.map(({ role, cert }) => ({ role, cert, days: daysLeft(cert, ctx.now) }));
      const details = {
        raCertificates: ras.map(({ role, cert, days }) => ({
          role,
          subject: cert.subject,
          template: cert.template?.name ?? cert.template?.oid ?? null,
          notAfter: cert.notAfter.toISOString(),
          daysLeft: days,
          sha256: cert.sha256,
        })),
        certificates: ras.map(({ role, cert, days }) => certificateExpiry(role, cert, days)),
      };
      if (ras.length === 0) {
        return fail(
          `GetCACert returned ${r.certs.all.length} certificate(s) and no RA certificate (Content-Type "${r.contentType}"): NDES always sends its two RA certificates, so this is not a working NDES, or its RA certificates are gone.`,
          RENEW,
          { expected: 'CA certificate + 2 RA certificates (application/x-x509-ca-ra-cert)', actual: r.certs.all.map((c) => c.subject).join(' | '), source, details },
        );
      }
      const line = ({ role, cert, days }: (typeof ras)[number]) =>
        `${ROLE_NAMES[role]} "${cert.subject}" ${days < 0 ? `EXPIRED on ${isoDay(cert.notAfter)} (${-days} days ago)` : `expires ${isoDay(cert.notAfter)} (${days} days left)`}`;
      const soonest = ras.reduce((a, b) => (b.days < a.days ? b : a));
      const evidence = { expected: `every RA certificate valid for more than ${RA_WARN_DAYS} days`, actual: ras.map(line).join('; '), source, details: { ...details, daysLeft: soonest.days } };
      // A certificate dated in the future is as unusable as an expired one: NDES and devices reject it.
      const early = ras.filter((x) => x.cert.notBefore > ctx.now);
      if (early.length > 0) {
        return fail(
          `NDES RA certificate not valid yet: ${early.map(({ role, cert }) => `${ROLE_NAMES[role]} "${cert.subject}" valid from ${cert.notBefore.toISOString()}`).join('; ')}. Enrollment fails until then; check the clocks of the CA and the NDES server.`,
          RENEW,
          evidence,
        );
      }
      const expired = ras.filter((x) => x.days < 0);
      if (expired.length > 0) {
        return fail(`NDES RA CERTIFICATE EXPIRED: ${expired.map(line).join('; ')}. Every SCEP enrollment through this server fails until it is renewed.`, RENEW, evidence);
      }
      if (soonest.days < RA_WARN_DAYS) {
        return warn(
          `NDES RA certificate expires in ${soonest.days} days: ${line(soonest)}. When it expires, all SCEP enrollment stops silently; renew it now.`,
          RENEW,
          evidence,
        );
      }
      const missing = ras.length < 2 ? ` Only ${ras.length} RA certificate was returned where NDES normally sends two.` : '';
      return pass(`RA certificates valid: ${ras.map(line).join('; ')}.${missing}`, evidence);
    }),
});
