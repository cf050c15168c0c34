import { defineCheck } from '../../engine/check.js';
import { certtmplSteps, judgeTemplates, SCEP_DOC, unreadable } from './judge-templates.js';
import { MSCEP_TEMPLATE_VALUES } from '../../facts/mscep.js';
import { cmd } from '../../engine/outcome.js';

export default defineCheck({
  id: 'NDES-TPL-001',
  slug: 'template-schema-version',
  area: 'template',
  title: 'The SCEP template is a version 2 or later template',
  severity: 'high',
  requires: ['scepTemplates'],
  dependsOn: ['NDES-MSCEP-003'],
  run: ({ scepTemplates }) =>
    judgeTemplates(scepTemplates, {
      expected: 'msPKI-Template-Schema-Version 2 or more',
      attribute: 'msPKI-Template-Schema-Version',
      judge(t) {
        if (t.schemaVersion.status !== 'ok') return unreadable(t.schemaVersion, 'msPKI-Template-Schema-Version', scepTemplates.templatesSource);
        const v = t.schemaVersion.value;
        return v >= 2
          ? { status: 'pass', message: `${t.name} is a version ${v} template.`, actual: `${v}` }
          : {
              status: 'fail',
              message: `${t.name} is a version ${v} template: its settings cannot be edited and it lacks the options SCEP with Intune needs.`,
              actual: `${v}`,
            };
      },
      remediation: (templates) => ({
        text:
          'Version 1 templates (the built-in ones such as IPSec (Offline request) or Web Server) cannot be changed. ' +
          certtmplSteps(templates, 'right-click > Duplicate Template, keep Windows Server 2003 or later on the Compatibility tab, give it a template name without spaces, configure it as Intune requires') +
          ' Then publish the new template on the CA that NDES uses, point the MSCEP registry values at its name (at least the value for the Purpose on its Request Handling tab: SignatureTemplate for Signature, EncryptionTemplate for Encryption, GeneralPurposeTemplate for Signature and encryption) and restart the server.',
        commands: [
          cmd('certtmpl.msc'),
          cmd('certutil -config "<CAHost>\\<CA Name>" -SetCATemplates +<NewTemplateName>'),
          ...MSCEP_TEMPLATE_VALUES.map((v) => cmd(`reg add HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP /v ${v} /t REG_SZ /d "<NewTemplateName>" /f`)),
          cmd('shutdown /r /t 0'),
        ],
        docs: SCEP_DOC,
      }),
    }),
});
