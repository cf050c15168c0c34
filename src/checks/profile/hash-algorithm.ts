import { defineCheck } from '../../engine/check.js';
import { fail, pass, warn } from '../../engine/outcome.js';
import { DOCS, isApple, notForPlatform, sourceOf, withField } from './common.js';

/** Android Enterprise and AOSP devices pick SHA-2 whatever the profile allows (Microsoft). */
const PICKS_SHA2 = new Set(['android-work-profile', 'android-device-owner', 'android-aosp']);

export default defineCheck({
  id: 'NDES-PRF-012',
  slug: 'profile-hash-algorithm',
  area: 'profile',
  title: 'The hash algorithm is SHA-2',
  severity: 'medium',
  requires: ['profile'],
  run({ profile }) {
    if (isApple(profile.platform)) return notForPlatform(profile, 'the hash algorithm setting applies to Android and Windows profiles only.');
    return withField(profile, profile.hash, 'a hash algorithm', (hashes) => {
      const evidence = { expected: 'SHA-2 only', actual: hashes.map((h) => h.toUpperCase().replace('SHA', 'SHA-')).join(', ') || 'none', source: sourceOf(profile, profile.hash) };
      const remediation = { text: 'Select SHA-2 only: every supported Windows and Android version and NDES handle it (NDES offers SHA-256 and SHA-512 in GetCACaps).', docs: DOCS.profile };
      if (PICKS_SHA2.has(profile.platform) && hashes.includes('sha1')) {
        return pass(`${hashes.includes('sha2') ? 'SHA-1 and SHA-2 are allowed' : 'The profile selects SHA-1'}; Android Enterprise and AOSP devices ignore SHA-1 and use SHA-2.`, evidence);
      }
      if (!hashes.includes('sha2')) {
        return fail('The profile allows only SHA-1, which is broken for signatures; select SHA-2.', remediation, evidence);
      }
      if (hashes.includes('sha1')) {
        return warn('The profile still allows SHA-1 besides SHA-2; select the strongest algorithm the devices support, which is SHA-2 alone.', remediation, evidence, 'low');
      }
      return pass('The profile uses SHA-2.', evidence);
    });
  },
});
