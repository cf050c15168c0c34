import { defineCheck } from '../../engine/check.js';
import { fail, pass, warn } from '../../engine/outcome.js';
import { DOCS, isApple, sourceOf, withField } from './common.js';

const MIN_BITS = 2048;

/** Key storage providers that cannot hold a 4096-bit key: the TPM and Windows Hello for Business. */
const NO_4096 = {
  useTpmKspOtherwiseFail: 'the TPM',
  usePassportForWorkKspOtherwiseFail: 'Windows Hello for Business',
} as Record<string, string>;

export default defineCheck({
  id: 'NDES-PRF-011',
  slug: 'profile-key-size',
  area: 'profile',
  title: `The key size is at least ${MIN_BITS} bits and fits the key storage`,
  severity: 'high',
  requires: ['profile'],
  run: ({ profile }) =>
    withField(profile, profile.keySize, 'a key size (Not configured)', (bits) => {
      const ksp = profile.keyStorageProvider.status === 'ok' ? profile.keyStorageProvider.value : undefined;
      const evidence = { expected: `${MIN_BITS} or 4096 bits`, actual: `${bits} bits${ksp ? `, key storage ${ksp}` : ''}`, source: sourceOf(profile, profile.keySize) };
      if (bits < MIN_BITS) {
        return fail(
          `The profile asks for ${bits}-bit RSA keys: below ${MIN_BITS} bits they are too weak by current standards, and templates commonly require at least ${MIN_BITS} (NDES event 31 "The public key does not meet the minimum size").`,
          { text: `Set the key size to ${MIN_BITS} bits (or 4096 where the platform and key storage support it).`, docs: DOCS.profile },
          evidence,
        );
      }
      if (bits === 4096 && profile.platform === 'windows' && ksp) {
        if (NO_4096[ksp]) {
          return fail(
            `4096-bit keys cannot be stored in ${NO_4096[ksp]}, and this profile's key storage (${ksp}) allows nothing else: enrollment fails on every device.`,
            { text: 'Use 2048-bit keys with this key storage provider, or enroll to the Software KSP for 4096-bit keys.', docs: DOCS.profile },
            evidence,
          );
        }
        if (ksp === 'useTpmKspOtherwiseUseSoftwareKsp') {
          return warn(
            '4096-bit keys cannot be stored in the TPM; with "TPM if present, otherwise software" the keys are not TPM-protected on devices that have one.',
            { text: 'Use 2048-bit keys to keep them in the TPM, or choose the Software KSP explicitly if 4096 bits matter more.', docs: DOCS.profile },
            evidence,
            'low',
          );
        }
      }
      const note = bits === 4096 && isApple(profile.platform) ? ' (4096-bit keys need iOS/iPadOS 14 or macOS 11 and later)' : '';
      return pass(`The profile asks for ${bits}-bit keys${note}.`, evidence);
    }),
});
