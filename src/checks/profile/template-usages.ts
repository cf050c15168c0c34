import { defineCheck } from '../../engine/check.js';
import { cmd, fail, pass, warn } from '../../engine/outcome.js';
import { ANY_PURPOSE, CLIENT_AUTH, DOCS, isApple, platformName, profileTemplate } from './common.js';

/** First key usage byte of a template (pKIKeyUsage). */
const KU_BITS = { digitalSignature: 0x80, nonRepudiation: 0x40, keyEncipherment: 0x20 } as const;

export default defineCheck({
  id: 'NDES-PRF-016',
  slug: 'profile-template-usages',
  area: 'profile',
  title: "The template issues the profile's extended key usages and key usage (with --bundle)",
  severity: 'high',
  requires: ['profile', 'mscepRegistry', 'scepTemplates'],
  dependsOn: ['NDES-PRF-014'],
  run({ profile, mscepRegistry, scepTemplates }) {
    const t = profileTemplate(profile, mscepRegistry, scepTemplates);
    if (!t.ok) return t.outcome;
    const tpl = t.template;
    // A version 2+ template issues its application policies; pKIExtendedKeyUsage is the version 1 copy.
    const policies = tpl.applicationPolicies.status === 'ok' && tpl.applicationPolicies.value.length > 0 ? tpl.applicationPolicies : tpl.ekus;
    if (policies.status === 'invalid') return { status: 'error', errorCode: 'E_FACT_MALFORMED', message: `The application policies of ${tpl.name} cannot be read (${policies.reason}).` };
    if (tpl.keyUsage.status === 'invalid') return { status: 'error', errorCode: 'E_FACT_MALFORMED', message: `The key usage of ${tpl.name} cannot be read (${tpl.keyUsage.reason}).` };
    const issued = policies.status === 'ok' ? policies.value : [];
    const kuByte = tpl.keyUsage.status === 'ok' ? tpl.keyUsage.value : undefined;
    const fails: string[] = [];
    const warns: string[] = [];

    const wanted = profile.ekus.status === 'ok' ? profile.ekus.value : [];
    if (!issued.includes(ANY_PURPOSE)) {
      for (const eku of wanted.filter((e) => !issued.includes(e.oid))) {
        const label = eku.name ? `${eku.name} (${eku.oid})` : eku.oid;
        (eku.oid === CLIENT_AUTH ? fails : warns).push(`The profile asks for ${label}, but ${tpl.name} does not issue it, so the certificates will not have it.`);
      }
    }
    if (kuByte !== undefined && profile.keyUsage.status === 'ok') {
      const ku = profile.keyUsage.value;
      if (ku.digitalSignature && !(kuByte & KU_BITS.digitalSignature)) warns.push(`The profile asks for Digital signature, but the key usage of ${tpl.name} does not include it.`);
      if (ku.keyEncipherment && !(kuByte & KU_BITS.keyEncipherment)) warns.push(`The profile asks for Key encipherment, but the key usage of ${tpl.name} does not include it.`);
    }
    if (kuByte !== undefined && kuByte & KU_BITS.nonRepudiation && isApple(profile.platform)) {
      fails.push(`${tpl.name} sets "Signature is proof of origin" (non-repudiation), which ${platformName(profile.platform)} devices reject in SCEP certificates.`);
    }
    const evidence = {
      expected: "the profile's EKUs among the template's application policies, and its key usage bits in the template's",
      actual: `${tpl.name}: application policies ${issued.join(', ') || 'none'}; key usage ${kuByte === undefined ? 'not restricted' : `0x${kuByte.toString(16).padStart(2, '0')}`}`,
      source: `${profile.origin} and ${t.source}`,
    };
    const remediation = {
      text: `In certtmpl.msc open ${tpl.displayName ?? tpl.name}, Extensions tab: add the missing application policies and key usage bits${isApple(profile.platform) ? ', and clear "Signature is proof of origin (nonrepudiation)" for Apple devices' : ''}; or drop from the profile what the template does not issue.`,
      commands: [cmd('certtmpl.msc')],
      docs: DOCS.configure,
    };
    if (fails.length) return fail([...fails, ...warns].join(' '), remediation, evidence);
    if (warns.length) return warn(warns.join(' '), remediation, evidence, 'medium');
    return pass(`${tpl.name} issues everything the profile asks for${wanted.length ? ` (${wanted.map((e) => e.name ?? e.oid).join(', ')})` : ''}.`, evidence);
  },
});
