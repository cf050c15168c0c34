import { defineCheck } from '../../engine/check.js';
import { cmd, fail, pass, warn } from '../../engine/outcome.js';
import { certificateExpiry } from '../../engine/certificates.js';
import { daysLeft } from '../../parse/x509.js';
import { isoDay } from '../../parse/civil-date.js';
import { describeCert, DOCS, onBoundCerts, REISSUE_AND_BIND } from './binding.js';

const WARN_DAYS = 30;

export default defineCheck({
  id: 'NDES-TLS-004',
  slug: 'tls-certificate-validity',
  area: 'tls',
  title: 'The bound certificate is within its validity period and not about to expire',
  severity: 'high',
  dependsOn: ['NDES-TLS-002'],
  requires: ['iisConfig', 'sslBindings', 'certStoreMy'],
  run(facts, { now }) {
    return onBoundCerts(facts, (certs) => {
      const source = facts.certStoreMy.source;
      const remediation = {
        text:
          'Renew the NDES server certificate (same template, same names), then bind the new certificate: HTTP.sys keeps ' +
          'serving the old one until the binding is changed, even after a renewal. In PowerShell, replace the <placeholders> ' +
          'with the names and the new thumbprint; the second command swaps the certificate on the https binding, so new TLS ' +
          'connections fail for the moment between its two steps.',
        commands: [
          ...REISSUE_AND_BIND,
          cmd('netsh http show sslcert ipport=0.0.0.0:443'),
        ],
        docs: DOCS.scepConfigure,
      };
      const lines = certs.map((c) => {
        const { notBefore, notAfter } = c.cert.cert;
        const days = daysLeft(c.cert.cert, now);
        return { c, notBefore, notAfter, days, text: `${describeCert(c.cert)}: valid ${isoDay(notBefore)} to ${isoDay(notAfter)}` };
      });
      const expected = `valid now and for more than ${WARN_DAYS} days`;
      const certificates = lines.map((l) => certificateExpiry('tls', l.c.cert.cert, l.days));
      const invalid = lines.filter((l) => now < l.notBefore || now > l.notAfter);
      if (invalid.length > 0) {
        const actual = invalid.map((l) => `${l.text} (${now > l.notAfter ? 'expired' : 'not yet valid'})`).join('; ');
        return fail(`The certificate bound to NDES is not valid now; every device's TLS connection fails. ${actual}.`, remediation, {
          expected,
          actual,
          source,
          details: { certificates },
        });
      }
      const soon = lines.filter((l) => l.days < WARN_DAYS);
      if (soon.length > 0) {
        const actual = soon.map((l) => `${l.text} (${l.days} days left)`).join('; ');
        return warn(`The certificate bound to NDES expires within ${WARN_DAYS} days: ${actual}.`, remediation, {
          expected,
          actual,
          source,
          details: { daysLeft: Math.min(...soon.map((l) => l.days)), certificates },
        });
      }
      const actual = lines.map((l) => `${l.text} (${l.days} days left)`).join('; ');
      return pass(`The bound certificate is valid: ${actual}.`, { expected, actual, source, details: { certificates } });
    });
  },
});
