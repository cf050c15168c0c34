import { defineCheck } from '../../engine/check.js';
import { certtmplSteps, judgeTemplates, SCEP_DOC, unreadable } from './judge-templates.js';
import { cmd } from '../../engine/outcome.js';

/** Key usage bit nonRepudiation ("Signature is proof of origin" in certtmpl.msc), first byte. */
const NON_REPUDIATION = 0x40;

export default defineCheck({
  id: 'NDES-TPL-004',
  slug: 'template-non-repudiation',
  area: 'template',
  title: 'The SCEP template does not set non-repudiation (rejected by iOS/iPadOS and macOS)',
  severity: 'medium',
  requires: ['scepTemplates'],
  dependsOn: ['NDES-MSCEP-003'],
  run: ({ scepTemplates }) =>
    judgeTemplates(scepTemplates, {
      expected: 'key usage without nonRepudiation (0x40)',
      attribute: 'pKIKeyUsage',
      judge(t) {
        if (t.keyUsage.status === 'absent') return { status: 'pass', message: `${t.name} sets no key usage restriction.`, actual: 'none' };
        if (t.keyUsage.status !== 'ok') return unreadable(t.keyUsage, 'pKIKeyUsage', scepTemplates.templatesSource);
        const ku = t.keyUsage.value;
        const actual = `0x${ku.toString(16).padStart(2, '0')}`;
        return ku & NON_REPUDIATION
          ? {
              status: 'warn',
              message: `${t.name} sets "Signature is proof of origin" (non-repudiation); iOS/iPadOS and macOS devices reject SCEP certificates with it.`,
              actual,
            }
          : { status: 'pass', message: `${t.name} does not set non-repudiation.`, actual };
      },
      remediation: (templates) => ({
        text:
          certtmplSteps(templates, 'on the Extensions tab edit Key Usage, clear "Signature is proof of origin (nonrepudiation)", click OK') +
          ' If Windows or Android profiles need non-repudiation, give Apple devices their own template and MSCEP purpose.',
        commands: [cmd('certtmpl.msc')],
        docs: SCEP_DOC,
      }),
    }),
});
