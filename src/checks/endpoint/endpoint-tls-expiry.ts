import { defineCheck } from '../../engine/check.js';
import { fail, pass, warn } from '../../engine/outcome.js';
import { certificateExpiry } from '../../engine/certificates.js';
import { daysLeft } from '../../parse/x509.js';
import { isoDay } from '../../parse/civil-date.js';
import { DOCS } from './common.js';
import { IIS_BINDING_COMMANDS, onTls } from './tls-common.js';

const WARN_DAYS = 30;

export default defineCheck({
  id: 'NDES-NET-011',
  slug: 'endpoint-tls-expiry',
  area: 'endpoint',
  title: 'The TLS certificate is valid for more than 30 days',
  severity: 'high',
  requires: ['endpoint'],
  run: ({ endpoint }, ctx) =>
    onTls(endpoint, ({ leaf, source, target }) => {
      const days = daysLeft(leaf, ctx.now);
      const evidence = {
        expected: `valid for more than ${WARN_DAYS} days`,
        actual: `"${leaf.subject}" valid ${isoDay(leaf.notBefore)} to ${isoDay(leaf.notAfter)} (${days} days left)`,
        source,
        details: { daysLeft: days, notAfter: leaf.notAfter.toISOString(), certificates: [certificateExpiry('tls', leaf, days)] },
      };
      const renew = {
        text: 'Renew the certificate bound to the NDES https site (and to any proxy that terminates TLS), then update the IIS binding to the new certificate.',
        commands: IIS_BINDING_COMMANDS,
        docs: DOCS.configure,
      };
      if (leaf.notBefore.getTime() > ctx.now.getTime()) return fail(`The TLS certificate of ${target.host} is not valid yet (from ${isoDay(leaf.notBefore)}).`, renew, evidence);
      if (days < 0) return fail(`The TLS certificate of ${target.host} EXPIRED on ${isoDay(leaf.notAfter)}: devices refuse to connect.`, renew, evidence);
      if (days < WARN_DAYS) return warn(`The TLS certificate of ${target.host} expires in ${days} days (${isoDay(leaf.notAfter)}).`, renew, evidence);
      return pass(`The TLS certificate of ${target.host} is valid until ${isoDay(leaf.notAfter)} (${days} days).`, evidence);
    }),
});
