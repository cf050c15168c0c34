import { defineCheck } from '../../engine/check.js';
import { notApplicable, pass, warn } from '../../engine/outcome.js';
import { describeValidity, validityDays, validityMonths } from '../../parse/scep-profile.js';
import { DOCS, isApple, platformName, profileTemplate } from './common.js';

export default defineCheck({
  id: 'NDES-PRF-015',
  slug: 'profile-template-validity',
  area: 'profile',
  title: "The profile's validity period is not longer than the template's (with --bundle)",
  severity: 'medium',
  requires: ['profile', 'mscepRegistry', 'scepTemplates'],
  dependsOn: ['NDES-PRF-014'],
  run({ profile, mscepRegistry, scepTemplates }) {
    const t = profileTemplate(profile, mscepRegistry, scepTemplates);
    if (!t.ok) return t.outcome;
    const validity = t.template.validity;
    if (validity.status !== 'ok') {
      return { status: 'error', errorCode: 'E_FACT_MALFORMED', message: `The validity period of ${t.template.name} cannot be read from ${scepTemplates.templatesSource}${validity.status === 'invalid' ? ` (${validity.reason})` : ' (pKIExpirationPeriod is missing)'}.` };
    }
    const template = validity.value;
    const source = `${profile.origin} and ${t.source}`;
    if (isApple(profile.platform)) {
      return pass(`${platformName(profile.platform)} devices get the template's validity period: ${t.template.name} issues certificates valid for ${template.text}.`, { actual: template.text, source });
    }
    if (profile.validity.status !== 'ok') return notApplicable(`The profile sets no validity period that could be read, so the template's ${template.text} applies.`);
    const v = profile.validity.value;
    const evidence = { expected: `at most the template's ${template.text} (${template.days} days)`, actual: `${describeValidity(v)} (${validityDays(v)} days)`, source };
    // In months when both are, so that 1 year against 12 months is not read as 365 days against 360.
    const months = validityMonths(v);
    const longer = months !== undefined && template.months !== undefined ? months > template.months : validityDays(v) > template.days;
    if (longer) {
      return warn(
        `The profile asks for ${describeValidity(v)}, longer than the ${template.text} of ${t.template.name}. The profile may only shorten the template's period: the CA issues at most the template's, so certificates end earlier than the profile says.`,
        { text: `Set the profile's validity period to ${template.text} or less, or lengthen the template's validity period (certtmpl.msc, General tab) if that is the intent.`, docs: DOCS.profile },
        evidence,
      );
    }
    return pass(`The profile's ${describeValidity(v)} fits within the template's ${template.text}; it applies only if the CA allows requester-set end dates (EDITF_ATTRIBUTEENDDATE).`, evidence);
  },
});
