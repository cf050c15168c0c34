import { defineCheck } from '../../engine/check.js';
import { cmd, fail, notApplicable, pass, powershell } from '../../engine/outcome.js';
import { CA_DOCS, findEnrollmentService } from './common.js';

export default defineCheck({
  id: 'NDES-CA-003',
  slug: 'ca-same-forest',
  area: 'ca',
  title: 'The CA is published as an Enterprise CA in the forest of the NDES server',
  severity: 'high',
  requires: ['ndesCa', 'caDirectory'],
  dependsOn: ['NDES-MSCEP-002'],
  run({ ndesCa, caDirectory }) {
    if (!ndesCa.configured) return notApplicable('NDES names no CA (see NDES-MSCEP-002).');
    const published = caDirectory.enrollmentServices.map((s) => `${s.dnsHostName || '(no dNSHostName)'}\\${s.name}`);
    const evidence = {
      expected: `${ndesCa.config} among the pKIEnrollmentService objects of the forest ${caDirectory.forestRootDomain}`,
      actual: published.join(', ') || 'no Enterprise CA published',
      source: caDirectory.source,
    };
    const service = findEnrollmentService(caDirectory.enrollmentServices, ndesCa.host, ndesCa.name);
    if (service && service.dnsHostName === '') {
      return pass(
        `${ndesCa.config} is published as an Enterprise CA in the forest ${caDirectory.forestRootDomain}, matched by its CA name alone: its AD object has no dNSHostName, so the host ${ndesCa.host} could not be compared.`,
        evidence,
      );
    }
    if (service) return pass(`${ndesCa.config} is published as an Enterprise CA in the forest ${caDirectory.forestRootDomain}.`, evidence);
    return fail(
      `${ndesCa.config} is not published as an Enterprise CA in the forest of this server (${caDirectory.forestRootDomain}): it is a Standalone CA, a CA of another forest, or the configuration string is stale. Microsoft requires the NDES server in the same forest as its Enterprise CA.`,
      {
        text: 'Reconfigure the NDES role service with an Enterprise CA of this forest (one listed by certutil -ADCA), publish the SCEP template on it, then restart the server.',
        commands: [cmd('certutil -ADCA'), powershell('Get-ItemProperty "HKLM:\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP\\CAInfo"')],
        docs: CA_DOCS.prerequisites,
      },
      evidence,
    );
  },
});
