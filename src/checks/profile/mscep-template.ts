import { defineCheck } from '../../engine/check.js';
import { pass } from '../../engine/outcome.js';
import { describeKeyUsage, profileTemplate } from './common.js';

export default defineCheck({
  id: 'NDES-PRF-014',
  slug: 'profile-mscep-template',
  area: 'profile',
  title: "The profile's key usage leads NDES to the SCEP template (with --bundle)",
  severity: 'high',
  requires: ['profile', 'mscepRegistry', 'scepTemplates'],
  run({ profile, mscepRegistry, scepTemplates }) {
    const t = profileTemplate(profile, mscepRegistry, scepTemplates);
    if (!t.ok) return t.outcome;
    const ku = profile.keyUsage.status === 'ok' ? describeKeyUsage(profile.keyUsage.value) : '';
    return pass(`Requests with key usage ${ku} go through MSCEP ${t.value} to the template ${t.template.name}${t.template.displayName ? ` ("${t.template.displayName}")` : ''}.`, {
      expected: `MSCEP ${t.value} naming the SCEP template`,
      actual: t.template.name,
      source: t.source,
    });
  },
});
