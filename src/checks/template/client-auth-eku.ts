import { defineCheck } from '../../engine/check.js';
import { certtmplSteps, judgeTemplates, SCEP_DOC } from './judge-templates.js';
import { cmd } from '../../engine/outcome.js';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const ANY_PURPOSE = '2.5.29.37.0';

export default defineCheck({
  id: 'NDES-TPL-003',
  slug: 'template-client-auth-eku',
  area: 'template',
  title: 'The SCEP template issues certificates for Client Authentication',
  severity: 'high',
  requires: ['scepTemplates'],
  dependsOn: ['NDES-MSCEP-003'],
  run: ({ scepTemplates }) =>
    judgeTemplates(scepTemplates, {
      expected: `Client Authentication (${CLIENT_AUTH}) among the application policies`,
      attribute: 'msPKI-Certificate-Application-Policy / pKIExtendedKeyUsage',
      judge(t) {
        // A version 2+ template issues its application policies; pKIExtendedKeyUsage is the version 1 copy.
        const policies = t.applicationPolicies.status === 'ok' && t.applicationPolicies.value.length > 0 ? t.applicationPolicies : t.ekus;
        if (policies.status === 'invalid') return { status: 'error', message: `${policies.attribute} of ${t.name} could not be read (${policies.reason}).` };
        const oids = policies.status === 'ok' ? policies.value : [];
        const actual = oids.length ? oids.join(', ') : 'none';
        if (oids.includes(CLIENT_AUTH)) return { status: 'pass', message: `${t.name} includes Client Authentication.`, actual };
        if (oids.includes(ANY_PURPOSE)) {
          return { status: 'warn', message: `${t.name} has Any Purpose instead of Client Authentication; some devices and services want the explicit EKU.`, actual };
        }
        return {
          status: 'fail',
          message: `${t.name} does not include Client Authentication (${CLIENT_AUTH}); devices cannot use the certificates for Wi-Fi, VPN or app authentication${oids.length ? '' : ', and the template lists no application policy at all'}.`,
          actual,
        };
      },
      remediation: (templates) => ({
        text: certtmplSteps(templates, 'on the Extensions tab edit Application Policies, add Client Authentication (remove purposes you do not need), click OK'),
        commands: [cmd('certtmpl.msc')],
        docs: SCEP_DOC,
      }),
    }),
});
