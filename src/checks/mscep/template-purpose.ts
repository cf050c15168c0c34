import { defineCheck } from '../../engine/check.js';
import { cmd, fail, notApplicable, pass, powershell, warn } from '../../engine/outcome.js';
import type { MscepTemplateValue } from '../../facts/mscep.js';
import { foundTemplates } from '../template/judge-templates.js';
import { SCEP_DOC } from '../template/judge-templates.js';

const DIGITAL_SIGNATURE = 0x80;
const KEY_ENCIPHERMENT = 0x20;

/** The template's Purpose (Request Handling tab) as its key usage shows it, and the MSCEP value Microsoft maps it to. */
export function purposeValue(keyUsage: number): { purpose: string; value: MscepTemplateValue } | undefined {
  const sign = (keyUsage & DIGITAL_SIGNATURE) !== 0;
  const encrypt = (keyUsage & KEY_ENCIPHERMENT) !== 0;
  if (sign && encrypt) return { purpose: 'Signature and encryption', value: 'GeneralPurposeTemplate' };
  if (sign) return { purpose: 'Signature', value: 'SignatureTemplate' };
  if (encrypt) return { purpose: 'Encryption', value: 'EncryptionTemplate' };
  return undefined;
}

export default defineCheck({
  id: 'NDES-MSCEP-005',
  slug: 'mscep-template-purpose',
  area: 'mscep',
  title: 'Each SCEP template is named by the MSCEP value of its purpose',
  severity: 'high',
  requires: ['scepTemplates'],
  dependsOn: ['NDES-MSCEP-003'],
  run({ scepTemplates }) {
    const found = foundTemplates(scepTemplates);
    if (found.length === 0) return notApplicable('The MSCEP registry names no SCEP template (see NDES-MSCEP-001).');
    const unreadable = found.find(({ template }) => template.keyUsage.status !== 'ok');
    if (unreadable) {
      return { status: 'error', errorCode: 'E_FACT_MALFORMED', message: `${scepTemplates.templatesSource}: the key usage (pKIKeyUsage) of ${unreadable.template.name} is missing or unreadable, so its purpose is unknown.` };
    }
    const rows = found.map(({ ref, template }) => {
      const ku = template.keyUsage.status === 'ok' ? template.keyUsage.value : 0;
      const mapped = purposeValue(ku);
      const ok = mapped !== undefined && ref.values.includes(mapped.value);
      const kuText = `key usage 0x${ku.toString(16).padStart(2, '0')}`;
      return { name: template.name, values: ref.values, mapped, ok, text: `${template.name}: ${mapped ? `purpose ${mapped.purpose}` : 'no signature or encryption key usage'} (${kuText}), named by ${ref.values.join(', ')}` };
    });
    const evidence = {
      expected: 'Signature -> SignatureTemplate, Encryption -> EncryptionTemplate, Signature and encryption -> GeneralPurposeTemplate',
      actual: rows.map((r) => r.text).join('; '),
      source: `${scepTemplates.registrySource}, pKIKeyUsage (${scepTemplates.templatesSource})`,
    };
    const unknown = rows.filter((r) => !r.mapped);
    const wrong = rows.filter((r) => r.mapped && !r.ok);
    const remediation = {
      text:
        "Set the MSCEP value that matches each template's Purpose (certtmpl.msc > template > Request Handling) to the template name, then restart the server. " +
        'NDES picks the value by the key usage a device requests, so a template behind the wrong value is never used for that profile.',
      commands: wrong.map((r) => powershell(`Set-ItemProperty "HKLM:\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP" -Name ${r.mapped!.value} -Value "${r.name}"`)).concat([cmd('shutdown /r /t 0')]),
      docs: SCEP_DOC,
    };
    if (wrong.length) {
      return fail(
        wrong.map((r) => `${r.name} has the purpose ${r.mapped!.purpose}, but only ${r.values.join(', ')} name it, not ${r.mapped!.value}.`).join(' ') +
          ' Devices whose profile asks for that key usage are sent to another template.',
        remediation,
        evidence,
      );
    }
    if (unknown.length) return warn(`${unknown.map((r) => r.text).join('; ')}: the purpose cannot be told from the key usage.`, remediation, evidence, 'low');
    return pass(rows.map((r) => `${r.name} (${r.mapped!.purpose}) is named by ${r.mapped!.value}.`).join(' '), evidence);
  },
});
