import { defineCheck } from '../../engine/check.js';
import { cmd, fail, notApplicable, pass, powershell, warn } from '../../engine/outcome.js';
import type { MscepTemplateValue } from '../../facts/mscep.js';
import { foundTemplates } from '../template/judge-templates.js';
import { SCEP_DOC } from '../template/judge-templates.js';

const DIGITAL_SIGNATURE = 0x80;
const NON_REPUDIATION = 0x40;
const KEY_ENCIPHERMENT = 0x20;
const DATA_ENCIPHERMENT = 0x10;
const KEY_AGREEMENT = 0x08;
const KEY_CERT_SIGN = 0x04;
const CRL_SIGN = 0x02;
const SIGNING = DIGITAL_SIGNATURE | NON_REPUDIATION;
const ENCRYPTING = KEY_ENCIPHERMENT | DATA_ENCIPHERMENT | KEY_AGREEMENT;
const CA_SIGNING = KEY_CERT_SIGN | CRL_SIGN;
const AT_SIGNATURE = 2;

/**
 * The template's Purpose (Request Handling tab) as certtmpl.msc derives it, and the MSCEP value Microsoft maps it
 * to: Encryption without a signing bit; Signature with signing bits only and a signature key (pKIDefaultKeySpec
 * AT_SIGNATURE, which certtmpl sets for that purpose); any other mix is Signature and encryption. This is how
 * PSPKI (PKISolutions) reads a template's purpose, short of the key archival and symmetric-algorithm settings,
 * which SCEP templates cannot use. Without the key spec (certutil's CertEnroll view omits it), signing bits only
 * are read as Signature.
 */
export function purposeValue(keyUsage: number, keySpec: number | undefined): { purpose: string; value: MscepTemplateValue } | undefined {
  if ((keyUsage & (SIGNING | ENCRYPTING)) === 0) return undefined;
  if ((keyUsage & (SIGNING | CA_SIGNING)) === 0) return { purpose: 'Encryption', value: 'EncryptionTemplate' };
  if ((keyUsage & (ENCRYPTING | CA_SIGNING)) === 0 && (keySpec === undefined || keySpec === AT_SIGNATURE)) return { purpose: 'Signature', value: 'SignatureTemplate' };
  return { purpose: 'Signature and encryption', value: 'GeneralPurposeTemplate' };
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
    const badKeySpec = found.find(({ template }) => template.keySpec.status === 'invalid');
    if (badKeySpec) {
      return { status: 'error', errorCode: 'E_FACT_MALFORMED', message: `${scepTemplates.templatesSource}: the key spec (pKIDefaultKeySpec) of ${badKeySpec.template.name} is unreadable, so its purpose is unknown.` };
    }
    const rows = found.map(({ ref, template }) => {
      const ku = template.keyUsage.status === 'ok' ? template.keyUsage.value : 0;
      const keySpec = template.keySpec.status === 'ok' ? template.keySpec.value : undefined;
      const mapped = purposeValue(ku, keySpec);
      const ok = mapped !== undefined && ref.values.includes(mapped.value);
      const kuText = `key usage 0x${ku.toString(16).padStart(2, '0')}${keySpec === undefined ? '' : `, key spec ${keySpec}`}`;
      return { name: template.name, values: ref.values, mapped, ok, text: `${template.name}: ${mapped ? `purpose ${mapped.purpose}` : 'no signature or encryption key usage'} (${kuText}), named by ${ref.values.join(', ')}` };
    });
    const evidence = {
      expected: 'Signature -> SignatureTemplate, Encryption -> EncryptionTemplate, Signature and encryption -> GeneralPurposeTemplate',
      actual: rows.map((r) => r.text).join('; '),
      source: `${scepTemplates.registrySource}, pKIKeyUsage and pKIDefaultKeySpec (${scepTemplates.templatesSource})`,
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
