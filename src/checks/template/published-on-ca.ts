import { defineCheck } from '../../engine/check.js';
import { cmd, fail, notApplicable, pass } from '../../engine/outcome.js';
import { stringValue, subkey } from '../../facts/registry-tree.js';
import { findCaTemplate } from '../../parse/certutil-catemplates.js';
import { foundTemplates, SCEP_DOC } from './judge-templates.js';

export default defineCheck({
  id: 'NDES-TPL-007',
  slug: 'template-published-on-ca',
  area: 'template',
  title: 'The CA that NDES uses is configured to issue the SCEP template',
  severity: 'critical',
  requires: ['scepTemplates', 'caTemplates', 'mscepRegistry'],
  dependsOn: ['NDES-MSCEP-003'],
  run({ scepTemplates, caTemplates, mscepRegistry }) {
    const found = foundTemplates(scepTemplates);
    if (found.length === 0) return notApplicable('The MSCEP registry names no template other than the NDES default.');
    const config = stringValue(subkey(mscepRegistry, 'CAInfo'), 'Configuration')?.trim();
    const missing = found.filter(({ template }) => !findCaTemplate(caTemplates.templates, template.name));
    const evidence = {
      expected: `${found.map((f) => f.template.name).join(', ')} in the CA's template list`,
      actual: caTemplates.templates.map((t) => t.name).join(', ') || 'the CA issues no template',
      source: `${caTemplates.source}${config ? ` (CA ${config})` : ''}`,
      codes: ['0x80094800'],
    };
    if (missing.length === 0) {
      return pass(`The CA issues ${found.map((f) => f.template.name).join(', ')}.`, evidence);
    }
    const names = missing.map((f) => f.template.name);
    // Off the CA itself certutil needs -config; the placeholder stays when NDES does not record its CA.
    const configArg = `-config "${config ?? '<CAHost>\\<CA Name>'}"`;
    return fail(
      `The CA${config ? ` ${config}` : ''} is not configured to issue ${names.join(', ')}; it rejects every SCEP request with 0x80094800 (CERTSRV_E_UNSUPPORTED_CERT_TYPE) and NDES logs event 31.`,
      {
        text:
          'Publish the template on the issuing CA: in the Certification Authority console (certsrv.msc) right-click Certificate Templates > New > ' +
          'Certificate Template to Issue and pick it, or run the command below as a CA administrator. Active Directory replication can delay it.',
        commands: names.map((n) => cmd(`certutil ${configArg} -SetCATemplates +${n}`)),
        docs: SCEP_DOC,
      },
      evidence,
    );
  },
});
