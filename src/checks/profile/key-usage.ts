import { defineCheck } from '../../engine/check.js';
import { fail, pass } from '../../engine/outcome.js';
import { describeKeyUsage, DOCS, mscepValueFor, sourceOf, withField } from './common.js';

export default defineCheck({
  id: 'NDES-PRF-009',
  slug: 'profile-key-usage',
  area: 'profile',
  title: 'The profile sets a key usage, which picks the NDES template',
  severity: 'high',
  requires: ['profile'],
  run: ({ profile }) =>
    withField(profile, profile.keyUsage, 'a key usage', (ku) => {
      const value = mscepValueFor(ku);
      const evidence = { expected: 'Digital signature, Key encipherment, or both', actual: describeKeyUsage(ku), source: sourceOf(profile, profile.keyUsage) };
      if (!value) {
        return fail(
          'The profile selects no key usage: NDES chooses the certificate template by the key usage in the request, so it has no template to issue from.',
          { text: 'Select Digital signature, Key encipherment, or both, matching the Purpose on the Request Handling tab of your SCEP template.', docs: DOCS.configure },
          evidence,
        );
      }
      return pass(
        `Key usage ${describeKeyUsage(ku)}: NDES issues these requests from the template named in HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP\\${value} (with --bundle, NDES-PRF-014 checks that value).`,
        evidence,
      );
    }),
});
