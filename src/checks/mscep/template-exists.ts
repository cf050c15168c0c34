import { defineCheck } from '../../engine/check.js';
import { cmd, fail, notApplicable, pass, powershell } from '../../engine/outcome.js';
import type { ScepTemplateRef } from '../../facts/mscep.js';

const DOC = 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/devices-receive-scep-certificates-error-0x80094800';
const KEY = 'HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP';

const describe = (r: ScepTemplateRef) =>
  r.template
    ? `${r.values.join(', ')} = "${r.configured}": template name of "${r.template.displayName ?? r.template.name}"`
    : r.byDisplayName
      ? `${r.values.join(', ')} = "${r.configured}": that is the display name; the template name is "${r.byDisplayName.name}"`
      : `${r.values.join(', ')} = "${r.configured}": no template has this name`;

export default defineCheck({
  id: 'NDES-MSCEP-003',
  slug: 'mscep-template-exists',
  area: 'mscep',
  title: 'The templates named in the MSCEP registry exist in Active Directory, by template name',
  severity: 'critical',
  requires: ['scepTemplates'],
  run({ scepTemplates: fact }) {
    if (fact.refs.length === 0) {
      return notApplicable('The MSCEP registry names no template other than the NDES default; see NDES-MSCEP-001.');
    }
    const evidence = {
      expected: 'each value holds a template name (cn) present in Active Directory',
      actual: fact.refs.map(describe).join('; '),
      source: `${KEY} (${fact.registrySource}), templates from ${fact.templatesSource}`,
      codes: ['0x80094800'],
    };
    const displayNames = fact.refs.filter((r) => !r.template && r.byDisplayName);
    const missing = fact.refs.filter((r) => !r.template && !r.byDisplayName);
    if (displayNames.length === 0 && missing.length === 0) {
      return pass(`The configured ${fact.refs.length > 1 ? 'templates exist' : 'template exists'}: ${fact.refs.map(describe).join('; ')}.`, evidence);
    }
    if (missing.length > 0 && !fact.templatesComplete) {
      return {
        status: 'error',
        errorCode: 'E_FACT_MALFORMED',
        message: `${missing.map((r) => `"${r.configured}"`).join(', ')} is not in ${fact.templatesSource}, but that dump ends without certutil's closing "CertUtil:" line: it may have been cut short before the template. Collect it again.`,
        evidence,
      };
    }
    const fixes = displayNames.flatMap((r) => r.values.map((v) => cmd(`reg add ${KEY} /v ${v} /t REG_SZ /d "${r.byDisplayName!.name}" /f`)));
    const messages = [
      ...displayNames.map(
        (r) => `${r.values.join(', ')} holds the display name "${r.configured}" instead of the template name "${r.byDisplayName!.name}".`,
      ),
      ...missing.map((r) => `${r.values.join(', ')} = "${r.configured}", but Active Directory has no template with that name or display name.`),
    ];
    return fail(
      `${messages.join(' ')} The CA rejects such requests with 0x80094800 (CERTSRV_E_UNSUPPORTED_CERT_TYPE) and NDES logs event 31.`,
      {
        text:
          'Put the template name (certtmpl.msc > template > General tab > "Template name", no spaces; or the cn from certutil -dstemplate) ' +
          'into the registry value, then restart the server (iisreset is not enough) and restart the Intune Certificate Connector service. ' +
          (missing.length ? 'For a name that matches no template, create the SCEP template first or correct the typo. ' : ''),
        commands: [...fixes, ...(missing.length ? [powershell("certutil -dstemplate | Select-String '^\\s*\\['")] : []), cmd('shutdown /r /t 0')],
        docs: DOC,
      },
      evidence,
    );
  },
});
