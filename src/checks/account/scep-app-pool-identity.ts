import { defineCheck } from '../../engine/check.js';
import { fail, pass, powershell, warn } from '../../engine/outcome.js';
import { LINKS } from '../server/links.js';
import { findScepAppPool } from './scep-account.js';

// The IIS: drive exists only once WebAdministration is loaded; cmdlet auto-loading does not create it.
const setIdentity = (pool: string) => [
  powershell(`Import-Module WebAdministration; Set-ItemProperty "IIS:\\AppPools\\${pool}" -Name processModel -Value @{identityType=3; userName="<DOMAIN>\\<svc-ndes>"; password="<password>"}`),
  powershell(`Restart-WebAppPool "${pool}"`),
];

export default defineCheck({
  id: 'NDES-ACCT-001',
  slug: 'scep-app-pool-identity',
  area: 'account',
  title: 'The SCEP application pool runs as a dedicated service account',
  severity: 'high',
  requires: ['iisConfig'],
  run({ iisConfig }) {
    const pool = findScepAppPool(iisConfig);
    const source = `applicationPools (${iisConfig.source})`;
    if (!pool) {
      return fail(
        'No application pool serves /CertSrv/mscep and there is no SCEP pool; NDES is not installed or its IIS configuration was removed.',
        { text: 'Install and configure the NDES role service so that it creates the SCEP application pool and the /CertSrv/mscep application. In PowerShell, replacing <DOMAIN>\\<svc-ndes> with the NDES service account and <CAHost>\\<CA Name> with the issuing CA.', commands: [powershell('Install-WindowsFeature ADCS-Device-Enrollment -IncludeManagementTools'), powershell('Install-AdcsNetworkDeviceEnrollmentService -ServiceAccountName "<DOMAIN>\\<svc-ndes>" -ServiceAccountPassword (Read-Host -AsSecureString) -CAConfig "<CAHost>\\<CA Name>"')], docs: LINKS.scepInfrastructure },
        { expected: 'an application pool for /CertSrv/mscep', actual: `pools: ${iisConfig.appPools.map((p) => p.name).join(', ') || 'none'}`, source },
      );
    }
    const actual = pool.identityType === 'SpecificUser' ? `SpecificUser ${pool.userName ?? '(no user name)'}` : pool.identityType;
    const evidence = { expected: 'SpecificUser (a domain service account or gMSA)', actual, source: `applicationPools/${pool.name}/processModel (${iisConfig.source})` };
    if (pool.identityType === 'SpecificUser' && pool.userName) return pass(`The ${pool.name} pool runs as ${pool.userName}.`, evidence);
    if (pool.identityType === 'LocalSystem') {
      return fail(
        `The ${pool.name} pool runs as LocalSystem: a compromise of the internet-facing SCEP endpoint gives full control of the server.`,
        { text: 'Run the SCEP pool as a dedicated domain user that is a member of IIS_IUSRS and has Read and Enroll on the SCEP templates. In PowerShell, replacing <DOMAIN>\\<svc-ndes> and <password>:', commands: setIdentity(pool.name), docs: LINKS.scepInfrastructure },
        evidence,
      );
    }
    return warn(
      `The ${pool.name} pool runs as ${pool.identityType}, not the dedicated service account Microsoft's setup guide describes.`,
      { text: 'Use a dedicated domain user (member of IIS_IUSRS, Read and Enroll on the SCEP templates) as the SCEP pool identity. With a built-in identity the computer account needs the template permissions instead. In PowerShell, replacing <DOMAIN>\\<svc-ndes> and <password>:', commands: setIdentity(pool.name), docs: LINKS.scepInfrastructure },
      evidence,
      'low',
    );
  },
});
