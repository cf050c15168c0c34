import { defineCheck } from '../../engine/check.js';
import { cmd, pass, warn } from '../../engine/outcome.js';
import { APPLE_LIFETIME_EXPECTED, APPLE_TLS, appleTlsLifetime, lifetimeText } from '../../parse/x509.js';
import { isoDay } from '../../parse/civil-date.js';
import { describeCert, onBoundCerts, REISSUE_AND_BIND } from './binding.js';

export default defineCheck({
  id: 'NDES-TLS-007',
  slug: 'tls-certificate-lifetime',
  area: 'tls',
  title: "The bound certificate's lifetime is within Apple's 825 days for TLS certificates",
  severity: 'medium',
  dependsOn: ['NDES-TLS-002'],
  requires: ['iisConfig', 'sslBindings', 'certStoreMy'],
  run(facts) {
    return onBoundCerts(facts, (certs) => {
      const source = facts.certStoreMy.source;
      const lines = certs.map(({ cert }) => ({
        rule: appleTlsLifetime(cert.cert),
        text: `${describeCert(cert)}: valid ${isoDay(cert.cert.notBefore)} to ${isoDay(cert.cert.notAfter)}, ${lifetimeText(cert.cert)}`,
      }));
      const expected = APPLE_LIFETIME_EXPECTED;
      const tooLong = lines.filter((l) => l.rule.limited && l.rule.tooLong);
      if (tooLong.length > 0) {
        const actual = tooLong.map((l) => l.text).join('; ');
        return warn(
          `The certificate bound to NDES is valid for more than ${APPLE_TLS.maxDays} days: iOS/iPadOS 13 and macOS 10.15 and later refuse such a TLS certificate issued from 1 July 2019 on, so Apple devices that reach NDES directly cannot enroll (Windows and Android are not affected). ${actual}.`,
          {
            text:
              `Issue the NDES server certificate from a template whose validity period is ${APPLE_TLS.maxDays} days or less (the Web Server template's 2 years is), ` +
              'then bind it. In the Certificate Templates console (certtmpl.msc), the validity period is on the General tab of the template; ' +
              'in PowerShell, replacing the <placeholders>, the second command swaps the certificate on the https binding.',
            commands: [
              ...REISSUE_AND_BIND,
              cmd('netsh http show sslcert ipport=0.0.0.0:443'),
            ],
            docs: APPLE_TLS.docs,
          },
          { expected, actual, source },
        );
      }
      const actual = lines.map((l) => (l.rule.limited ? l.text : `${l.text} (${l.rule.why})`)).join('; ');
      return pass(`The bound certificate's lifetime is within what Apple devices accept: ${actual}.`, { expected, actual, source });
    });
  },
});
