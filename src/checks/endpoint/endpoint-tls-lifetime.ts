import { defineCheck } from '../../engine/check.js';
import { pass, warn } from '../../engine/outcome.js';
import { APPLE_LIFETIME_EXPECTED, APPLE_TLS, appleTlsLifetime, lifetimeText } from '../../parse/x509.js';
import { isoDay } from '../../parse/civil-date.js';
import { IIS_BINDING_COMMANDS, onTls } from './tls-common.js';

export default defineCheck({
  id: 'NDES-NET-016',
  slug: 'endpoint-tls-lifetime',
  area: 'endpoint',
  title: "The TLS certificate's lifetime is within Apple's 825 days",
  severity: 'medium',
  requires: ['endpoint'],
  run: ({ endpoint }) =>
    onTls(endpoint, ({ leaf, source, target }) => {
      const rule = appleTlsLifetime(leaf);
      const evidence = {
        expected: APPLE_LIFETIME_EXPECTED,
        actual: `"${leaf.subject}" valid ${isoDay(leaf.notBefore)} to ${isoDay(leaf.notAfter)}, ${lifetimeText(leaf)}${rule.limited ? '' : ` (${rule.why})`}`,
        source,
      };
      if (rule.limited && rule.tooLong) {
        return warn(
          `The TLS certificate of ${target.host} is valid for ${lifetimeText(leaf)}, more than the ${APPLE_TLS.maxDays} days iOS/iPadOS 13 and macOS 10.15 and later accept for one issued from 1 July 2019 on: Apple devices refuse the connection and cannot enroll (Windows and Android are not affected).`,
          {
            text: `Issue the certificate that devices see here (on the NDES https site, or on the proxy that terminates TLS) from a template whose validity period is ${APPLE_TLS.maxDays} days or less, and bind it.`,
            commands: IIS_BINDING_COMMANDS,
            docs: APPLE_TLS.docs,
          },
          evidence,
        );
      }
      return pass(`The TLS certificate of ${target.host} has a lifetime Apple devices accept (${lifetimeText(leaf)}).`, evidence);
    }),
});
