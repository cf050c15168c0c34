import { defineCheck } from '../../engine/check.js';
import { fail, pass, powershell } from '../../engine/outcome.js';
import { LINKS } from './links.js';

export default defineCheck({
  id: 'NDES-SRV-002',
  slug: 'domain-joined',
  area: 'server',
  title: 'Server is joined to an Active Directory domain',
  severity: 'critical',
  requires: ['serverSystem'],
  run({ serverSystem: s }) {
    const evidence = { expected: 'PartOfDomain = True', actual: `PartOfDomain = ${s.partOfDomain ? 'True' : 'False'} (${s.domain})`, source: s.source };
    if (s.partOfDomain) return pass(`The server is a member of ${s.domain}.`, evidence);
    return fail(
      `The server is not domain joined (workgroup ${s.domain}); NDES needs a domain member in the forest of the Enterprise CA.`,
      {
        text: 'Join the server to the domain of the Enterprise CA (same forest), restart, then install NDES. A workgroup server cannot request certificates from an Enterprise CA. Replace <domain.fqdn> with the DNS name of the domain; -Restart restarts the server at once.',
        commands: [powershell('Add-Computer -DomainName <domain.fqdn> -Credential (Get-Credential) -Restart')],
        docs: LINKS.scepInfrastructure,
      },
      evidence,
    );
  },
});
