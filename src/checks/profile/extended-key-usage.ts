import { defineCheck } from '../../engine/check.js';
import { pass, warn } from '../../engine/outcome.js';
import { ANY_PURPOSE, CLIENT_AUTH, DOCS, sourceOf, withField } from './common.js';

export default defineCheck({
  id: 'NDES-PRF-010',
  slug: 'profile-extended-key-usage',
  area: 'profile',
  title: 'The extended key usages include Client Authentication',
  severity: 'medium',
  requires: ['profile'],
  run: ({ profile }) =>
    withField(profile, profile.ekus, 'extended key usages', (ekus) => {
      const evidence = {
        expected: `Client Authentication (${CLIENT_AUTH})`,
        actual: ekus.map((e) => (e.name ? `${e.name} (${e.oid})` : e.oid)).join(', ') || 'none',
        source: sourceOf(profile, profile.ekus),
      };
      const oids = ekus.map((e) => e.oid);
      if (oids.includes(CLIENT_AUTH)) return pass('The profile asks for Client Authentication.', evidence);
      const remediation = {
        text: `Add the extended key usage Client Authentication (${CLIENT_AUTH}) to the profile, and keep it in the template's application policies.`,
        docs: DOCS.profile,
      };
      if (oids.includes(ANY_PURPOSE)) {
        return warn('The profile asks for Any Purpose instead of Client Authentication; Wi-Fi, VPN and many servers look for the explicit Client Authentication EKU.', remediation, evidence);
      }
      return warn(
        `The profile does not ask for Client Authentication${oids.length ? '' : ' (it lists no extended key usage at all)'}; in most cases the certificate must authenticate the user or device to a server (Wi-Fi, VPN, NPS), which needs it.`,
        remediation,
        evidence,
      );
    }),
});
