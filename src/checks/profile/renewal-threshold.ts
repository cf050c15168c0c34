import { defineCheck } from '../../engine/check.js';
import { fail, pass } from '../../engine/outcome.js';
import { describeValidity, validityDays } from '../../parse/scep-profile.js';
import { DOCS, isApple, sourceOf, withField } from './common.js';

const MIN = 1;
const MAX = 99;

/** What a threshold means for a lifetime: renewal starts when `percent` of it remains. */
export function renewalWindow(days: number, percent: number): { startsAfterDays: number; daysBeforeExpiry: number } {
  const daysBeforeExpiry = Math.round((days * percent) / 100 * 10) / 10;
  return { startsAfterDays: Math.round((days - daysBeforeExpiry) * 10) / 10, daysBeforeExpiry };
}

export default defineCheck({
  id: 'NDES-PRF-008',
  slug: 'profile-renewal-threshold',
  area: 'profile',
  title: `The renewal threshold is between ${MIN} and ${MAX} %`,
  severity: 'medium',
  requires: ['profile'],
  run: ({ profile }) =>
    withField(profile, profile.renewalThreshold, 'a renewal threshold', (percent) => {
      const evidence = { expected: `${MIN} to ${MAX} % of the certificate lifetime`, actual: `${percent} %`, source: sourceOf(profile, profile.renewalThreshold) };
      if (percent < MIN || percent > MAX) {
        return fail(
          `The renewal threshold is ${percent} %; Intune accepts ${MIN} to ${MAX} %. It is the share of the lifetime left when the device starts renewing: ${percent <= 0 ? 'at 0 the certificate expires before renewal begins' : 'at 100 or more the device would renew a brand-new certificate at once'}.`,
          { text: `Set the renewal threshold between ${MIN} and ${MAX} %; Microsoft's example is 20 (renew when 80 % of the lifetime has passed).`, docs: DOCS.profile },
          evidence,
        );
      }
      const validity = profile.validity.status === 'ok' && !isApple(profile.platform) ? profile.validity.value : undefined;
      if (!validity) {
        return pass(`Devices start renewing when ${percent} % of the certificate lifetime${isApple(profile.platform) ? " (the template's validity period on this platform)" : ''} remains, and keep trying until renewal succeeds; each renewal makes a new key pair.`, evidence);
      }
      const w = renewalWindow(validityDays(validity), percent);
      return pass(
        `With ${describeValidity(validity)} (about ${validityDays(validity)} days), devices start renewing after about ${w.startsAfterDays} days, ${w.daysBeforeExpiry} days before expiry (${percent} % left), and keep trying until renewal succeeds.`,
        { ...evidence, details: { validityDays: validityDays(validity), ...w } },
      );
    }),
});
