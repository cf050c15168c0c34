import { defineCheck } from '../../engine/check.js';
import { cmd, fail, pass } from '../../engine/outcome.js';
import { MSCEP_TEMPLATE_VALUES, NDES_DEFAULT_TEMPLATE } from '../../facts/mscep.js';
import { subkey, value } from '../../facts/registry-tree.js';
import { formatRegistryValue } from '../../parse/registry.js';

const DOC = 'https://learn.microsoft.com/intune/intune-service/protect/certificates-scep-configure';
const KEY = 'HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP';
/** The SCEP profile key usage that makes NDES use each value (Microsoft's setup guide table). */
const PROFILE_KEY_USAGE = {
  SignatureTemplate: 'Digital signature',
  EncryptionTemplate: 'Key encipherment',
  GeneralPurposeTemplate: 'Key encipherment and Digital signature',
} as const satisfies Record<(typeof MSCEP_TEMPLATE_VALUES)[number], string>;

const setCommands = (template: string) => [
  ...MSCEP_TEMPLATE_VALUES.map((v) => cmd(`reg add ${KEY} /v ${v} /t REG_SZ /d "${template}" /f`)),
  cmd('shutdown /r /t 0'),
];

const remediationText =
  'Set SignatureTemplate, EncryptionTemplate and GeneralPurposeTemplate to the name (not the display name) of the ' +
  'SCEP template, at least the value matching the Purpose on its Request Handling tab (Signature, Encryption, ' +
  'Signature and encryption), then restart the server: iisreset does not make NDES reread these values. Replace ' +
  '<TemplateName> below with the template name shown by certutil -dstemplate or in certtmpl.msc (General tab, "Template name").';

export default defineCheck({
  id: 'NDES-MSCEP-001',
  slug: 'mscep-template-values',
  area: 'mscep',
  title: 'NDES template registry values name the SCEP template, not the IPSec default',
  severity: 'critical',
  requires: ['mscepRegistry'],
  run({ mscepRegistry: tree }) {
    const source = `${KEY} (${tree.source})`;
    const remediation = { text: remediationText, commands: setCommands('<TemplateName>'), docs: DOC };
    if (!tree.exists) {
      return fail(
        'The MSCEP registry key is absent: the NDES role service is installed but was never configured (or not installed).',
        { ...remediation, text: 'Configure NDES first (Server Manager > AD CS > Configure Active Directory Certificate Services > Network Device Enrollment Service), then ' + remediationText },
        { expected: 'MSCEP key with the three template values', actual: 'key absent', source },
      );
    }
    const key = subkey(tree, '');
    const rows = MSCEP_TEMPLATE_VALUES.map((name) => ({ name, v: value(key, name) }));
    const actual = rows.map(({ name, v }) => `${name} = ${v ? formatRegistryValue(v) : 'absent'}`).join('; ');
    const expected = `REG_SZ template names other than ${NDES_DEFAULT_TEMPLATE}`;
    const evidence = { expected, actual, source, codes: ['0x80094800'] };

    const wrongType = rows.filter(({ v }) => v && v.type !== 'REG_SZ' && v.type !== 'REG_EXPAND_SZ');
    if (wrongType.length) {
      return fail(
        `${wrongType.map((r) => r.name).join(', ')} ${wrongType.length > 1 ? 'are' : 'is'} not a string value; NDES reads the template name as REG_SZ.`,
        { ...remediation, commands: [...wrongType.map((r) => cmd(`reg delete ${KEY} /v ${r.name} /f`)), ...remediation.commands] },
        evidence,
      );
    }
    const text = (v: (typeof rows)[number]['v']) => (v && typeof v.data === 'string' ? v.data.trim() : '');
    const isDefault = (s: string) => s.toLowerCase() === NDES_DEFAULT_TEMPLATE.toLowerCase();
    const custom = rows.filter((r) => text(r.v) !== '' && !isDefault(text(r.v)));
    if (custom.length === 0) {
      return fail(
        `No SCEP template is configured: the template values are ${rows.every((r) => isDefault(text(r.v))) ? `all still the NDES default ${NDES_DEFAULT_TEMPLATE}` : `absent, empty or ${NDES_DEFAULT_TEMPLATE}`}. Devices would get IPSec (Offline request) certificates, or the CA refuses them (0x80094800).`,
        remediation,
        evidence,
      );
    }
    const left = rows.filter((r) => !custom.includes(r));
    if (left.length) {
      // Microsoft's guide has you set only the value matching the template's Purpose; the others keep the default.
      const profiles = left.map((r) => `${PROFILE_KEY_USAGE[r.name]} (${r.name})`).join(' or ');
      return pass(
        `${custom.map((r) => `${r.name} = ${text(r.v)}`).join(', ')}; ${left.map((r) => r.name).join(', ')} ${left.length > 1 ? 'keep' : 'keeps'} ` +
          `${left.every((r) => isDefault(text(r.v))) ? NDES_DEFAULT_TEMPLATE : 'no value'}, as Microsoft's guide leaves the purposes your template does not have. ` +
          `SCEP profiles must use the key usage that selects the configured value; one with ${profiles} gets the default template.`,
        { ...evidence, details: { unconfiguredPurposes: left.map((r) => r.name) } },
      );
    }
    return pass(`All three template values name a template other than the default: ${custom.map((r) => `${r.name} = ${text(r.v)}`).join(', ')}.`, evidence);
  },
});
