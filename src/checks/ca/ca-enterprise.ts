import { defineCheck } from '../../engine/check.js';
import { cmd, fail, notApplicable, pass } from '../../engine/outcome.js';
import { CA_DOCS, describeError, isAccessDenied } from './common.js';

export default defineCheck({
  id: 'NDES-CA-002',
  slug: 'ca-enterprise',
  area: 'ca',
  title: 'The CA is an Enterprise CA',
  severity: 'critical',
  requires: ['ndesCa', 'caType'],
  dependsOn: ['NDES-CA-001'],
  run({ ndesCa, caType }) {
    // certutil -cainfo without a configuration reads whichever CA is the default here, which may not be NDES's.
    if (!ndesCa.configured) return notApplicable('NDES names no CA (see NDES-MSCEP-002).');
    const r = caType.result;
    const config = ndesCa.config;
    if (!r.ok) {
      return {
        status: 'error',
        errorCode: isAccessDenied(r.error) ? 'E_ACCESS_DENIED' : 'E_FACT_UNAVAILABLE',
        message: `certutil -cainfo type failed for ${config}: ${describeError(r.error, r.said)}`,
      };
    }
    const evidence = { expected: 'CA type 0 (ENUM_ENTERPRISE_ROOTCA) or 1 (ENUM_ENTERPRISE_SUBCA)', actual: `${r.type} (${r.name})`, source: caType.source };
    if (r.type === 0 || r.type === 1) return pass(`${config} is an Enterprise CA (${r.name}).`, evidence);
    return fail(
      `${config} is ${r.type === 5 ? 'of an unknown type' : 'a Standalone CA'} (${r.name}). Intune SCEP with NDES needs a Microsoft Enterprise CA: a Standalone CA has no certificate templates, so NDES cannot issue the SCEP template.`,
      {
        text: 'Point NDES at an Enterprise CA (an AD CS CA installed as Enterprise, in the same forest): reconfigure the NDES role service with that CA, publish the SCEP template on it, then restart the server.',
        commands: [cmd('certutil -ADCA'), cmd(`certutil -config "${config}" -cainfo type`)],
        docs: CA_DOCS.prerequisites,
      },
      evidence,
    );
  },
});
