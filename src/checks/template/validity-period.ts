import { defineCheck } from '../../engine/check.js';
import { certtmplSteps, judgeTemplates, SCEP_DOC, unreadable } from './judge-templates.js';
import { cmd } from '../../engine/outcome.js';

const MIN_DAYS = 5;

export default defineCheck({
  id: 'NDES-TPL-006',
  slug: 'template-validity-period',
  area: 'template',
  title: 'The SCEP template validity period is at least 5 days',
  severity: 'low',
  requires: ['scepTemplates'],
  dependsOn: ['NDES-MSCEP-003'],
  run: ({ scepTemplates }) =>
    judgeTemplates(scepTemplates, {
      expected: `${MIN_DAYS} days or more`,
      attribute: 'pKIExpirationPeriod',
      judge(t) {
        if (t.validity.status !== 'ok') return unreadable(t.validity, 'pKIExpirationPeriod', scepTemplates.templatesSource);
        const { text, days } = t.validity.value;
        return days < MIN_DAYS
          ? {
              status: 'warn',
              message: `${t.name} issues certificates valid for ${text}; below ${MIN_DAYS} days a certificate is likely to be near expiry or expired by the time it is delivered, and the device's MDM agent can reject it before installing it (iOS/iPadOS and macOS always get the template's period).`,
              actual: text,
            }
          : { status: 'pass', message: `${t.name} issues certificates valid for ${text}.`, actual: text };
      },
      remediation: (templates) => ({
        text:
          certtmplSteps(templates, `on the General tab set the validity period to ${MIN_DAYS} days or more, click OK`) +
          ' The Intune profile validity can only shorten it when the CA allows requester-set end dates (EDITF_ATTRIBUTEENDDATE).',
        commands: [cmd('certtmpl.msc')],
        docs: SCEP_DOC,
      }),
    }),
});
