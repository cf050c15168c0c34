import { defineCheck } from '../../engine/check.js';
import { certtmplSteps, judgeTemplates, SCEP_DOC, unreadable } from './judge-templates.js';
import { cmd } from '../../engine/outcome.js';

/** CT_FLAG_ENROLLEE_SUPPLIES_SUBJECT in msPKI-Certificate-Name-Flag (the same bit in the general flags means something else). */
const ENROLLEE_SUPPLIES_SUBJECT = 0x1;

export default defineCheck({
  id: 'NDES-TPL-002',
  slug: 'template-subject-supplied',
  area: 'template',
  title: 'The SCEP template takes the subject name from the request',
  severity: 'high',
  requires: ['scepTemplates'],
  dependsOn: ['NDES-MSCEP-003'],
  run: ({ scepTemplates }) =>
    judgeTemplates(scepTemplates, {
      expected: 'msPKI-Certificate-Name-Flag has CT_FLAG_ENROLLEE_SUPPLIES_SUBJECT (0x1)',
      attribute: 'msPKI-Certificate-Name-Flag',
      judge(t) {
        if (t.subjectNameFlags.status !== 'ok') return unreadable(t.subjectNameFlags, 'msPKI-Certificate-Name-Flag', scepTemplates.templatesSource);
        const flags = t.subjectNameFlags.value;
        const actual = `0x${flags.toString(16)}`;
        return flags & ENROLLEE_SUPPLIES_SUBJECT
          ? { status: 'pass', message: `${t.name} takes the subject from the request.`, actual }
          : {
              status: 'fail',
              message: `${t.name} builds the subject from Active Directory instead of the request, so the subject and SAN of the Intune profile are ignored and the CA denies or mis-issues the certificates.`,
              actual,
            };
      },
      remediation: (templates) => ({
        text: certtmplSteps(templates, 'on the Subject Name tab select "Supply in the request", confirm the warning, click OK') + ' The Intune policy module checks each request, so this is safe for the SCEP template.',
        commands: [cmd('certtmpl.msc')],
        docs: SCEP_DOC,
      }),
    }),
});
