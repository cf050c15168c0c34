import { defineCheck } from '../../engine/check.js';
import { fail, pass, warn } from '../../engine/outcome.js';
import { describeValidity, validityDays, type Validity } from '../../parse/scep-profile.js';
import { DOCS, isApple, platformName, sourceOf, withField } from './common.js';

export const MIN_DAYS = 5;
const MAX_MONTHS = 24;
/** 24 months written in days. */
const MAX_DAYS = 730;

/** Above Intune's 24-month limit, compared in the unit the profile uses. */
export function overMaximum(v: Validity): boolean {
  if (v.unit === 'days') return v.value > MAX_DAYS;
  return (v.unit === 'years' ? v.value * 12 : v.value) > MAX_MONTHS;
}

const EDITF = 'The profile value only takes effect when the issuing CA lets requesters set the end date (certutil -setreg Policy\\EditFlags +EDITF_ATTRIBUTEENDDATE); otherwise the template validity applies.';

export default defineCheck({
  id: 'NDES-PRF-007',
  slug: 'profile-validity-period',
  area: 'profile',
  title: `The certificate validity period is between ${MIN_DAYS} days and 24 months`,
  severity: 'medium',
  requires: ['profile'],
  run: ({ profile }) =>
    withField(profile, profile.validity, 'a certificate validity period', (v) => {
      const text = describeValidity(v);
      const evidence = { expected: `${MIN_DAYS} days to ${MAX_MONTHS} months`, actual: text, source: sourceOf(profile, profile.validity) };
      if (isApple(profile.platform)) {
        return pass(`Note: ${platformName(profile.platform)} devices always get the validity period of the certificate template and ignore the profile's ${text}.`, evidence);
      }
      if (overMaximum(v)) {
        return fail(`The profile asks for ${text}; Intune supports a validity period of up to ${MAX_MONTHS} months.`, { text: `Set the certificate validity period to ${MAX_MONTHS} months or less, and no longer than the template allows.`, docs: DOCS.profile }, evidence);
      }
      if (validityDays(v) < MIN_DAYS) {
        return warn(
          `The profile asks for ${text}. Below ${MIN_DAYS} days a certificate is likely to be near expiry or expired by the time it is delivered, and the device's MDM agent can reject it before installing it.`,
          { text: `Set the certificate validity period to ${MIN_DAYS} days or more.`, docs: DOCS.profile },
          evidence,
        );
      }
      return pass(`The profile asks for ${text}. ${EDITF}`, evidence);
    }),
});
