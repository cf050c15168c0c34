import { defineCheck } from '../../engine/check.js';
import { fail, pass, powershell } from '../../engine/outcome.js';
import { LINKS } from './links.js';

export default defineCheck({
  id: 'NDES-SRV-003',
  slug: 'not-domain-controller',
  area: 'server',
  title: 'Server is not a domain controller',
  severity: 'critical',
  requires: ['serverSystem'],
  run({ serverSystem: s }) {
    const isDc = s.domainRole === 4 || s.domainRole === 5 || s.productType === 2;
    const evidence = { expected: 'DomainRole 0-3, ProductType not 2', actual: `DomainRole ${s.domainRole}, ProductType ${s.productType}`, source: s.source };
    if (!isDc) return pass('The server is not a domain controller.', evidence);
    return fail(
      'The server is a domain controller; Microsoft does not support NDES on a domain controller.',
      {
        text: 'Install NDES and the Certificate Connector on a separate domain-member server, then remove the NDES role from this domain controller.',
        commands: [powershell('Uninstall-AdcsNetworkDeviceEnrollmentService'), powershell('Uninstall-WindowsFeature ADCS-Device-Enrollment')],
        docs: LINKS.scepInfrastructure,
      },
      evidence,
    );
  },
});
