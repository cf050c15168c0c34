import { defineCheck } from '../../engine/check.js';
import { fail, pass } from '../../engine/outcome.js';
import { LINKS } from './links.js';

export default defineCheck({
  id: 'NDES-SRV-004',
  slug: 'not-issuing-ca',
  area: 'server',
  title: 'Server is not the certification authority',
  severity: 'critical',
  requires: ['windowsFeatures'],
  run({ windowsFeatures }) {
    const ca = windowsFeatures.features.get('adcs-cert-authority');
    const evidence = { expected: 'ADCS-Cert-Authority not installed', actual: `ADCS-Cert-Authority ${ca?.installed ? 'installed' : 'not installed'}`, source: windowsFeatures.source };
    if (!ca?.installed) return pass('The Certification Authority role is not installed here.', evidence);
    return fail(
      'The Certification Authority role is installed on this server; the Intune Certificate Connector is not supported on the issuing CA.',
      {
        text: 'Run NDES and the Certificate Connector on a separate domain-member server that requests certificates from this CA.',
        docs: LINKS.prerequisites,
      },
      evidence,
    );
  },
});
