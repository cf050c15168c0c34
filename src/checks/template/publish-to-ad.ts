import { defineCheck } from '../../engine/check.js';
import { certtmplSteps, judgeTemplates, SCEP_DOC, unreadable } from './judge-templates.js';
import { cmd } from '../../engine/outcome.js';

/** CT_FLAG_PUBLISH_TO_DS in msPKI-Enrollment-Flag. */
const PUBLISH_TO_DS = 0x8;

export default defineCheck({
  id: 'NDES-TPL-005',
  slug: 'template-publish-to-ad',
  area: 'template',
  title: 'The SCEP template does not publish certificates to Active Directory',
  severity: 'medium',
  requires: ['scepTemplates'],
  dependsOn: ['NDES-MSCEP-003'],
  run: ({ scepTemplates }) =>
    judgeTemplates(scepTemplates, {
      expected: 'msPKI-Enrollment-Flag without CT_FLAG_PUBLISH_TO_DS (0x8)',
      attribute: 'msPKI-Enrollment-Flag',
      judge(t) {
        if (t.enrollmentFlags.status !== 'ok') return unreadable(t.enrollmentFlags, 'msPKI-Enrollment-Flag', scepTemplates.templatesSource);
        const flags = t.enrollmentFlags.value;
        const actual = `0x${flags.toString(16)}`;
        return flags & PUBLISH_TO_DS
          ? {
              status: 'fail',
              message: `${t.name} publishes every certificate to Active Directory; for SCEP the requester is the NDES service account, so each device certificate piles up on that one account.`,
              actual,
            }
          : { status: 'pass', message: `${t.name} does not publish certificates to Active Directory.`, actual };
      },
      remediation: (templates) => ({
        text: certtmplSteps(templates, 'on the General tab clear "Publish certificate in Active Directory", click OK'),
        commands: [cmd('certtmpl.msc')],
        docs: SCEP_DOC,
      }),
    }),
});
