import { defineCheck } from '../../engine/check.js';
import { cmd, fail, pass, powershell, warn } from '../../engine/outcome.js';
import type { IisAppPool } from '../../facts/iis-types.js';
import { findScepSite } from './scep-site.js';
import { APPCMD } from './common.js';

const DOC = 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/troubleshoot-scep-certificate-device-to-ndes';

/** The Windows account the pool's worker process runs as, as it appears in ACLs and logs. */
export function describeIdentity(pool: IisAppPool): string {
  switch (pool.identityType) {
    case 'ApplicationPoolIdentity':
      return `IIS APPPOOL\\${pool.name} (ApplicationPoolIdentity; the computer account on the network)`;
    case 'SpecificUser':
      if (!pool.userName) return 'a specific user, but no userName is set';
      return pool.userName.endsWith('$') ? `${pool.userName} (group managed service account)` : `${pool.userName} (specific user)`;
    default:
      return `${pool.identityType} (built-in account)`;
  }
}

export default defineCheck({
  id: 'NDES-IIS-004',
  slug: 'scep-app-pool',
  area: 'iis',
  title: 'The application pool serving /CertSrv/mscep exists and is started',
  severity: 'critical',
  requires: ['iisConfig', 'iisAppPoolStates'],
  run: ({ iisConfig, iisAppPoolStates }) => {
    const site = findScepSite(iisConfig);
    const app = site?.applications.find((a) => a.path.toLowerCase() === '/certsrv/mscep');
    const poolName = app?.applicationPool ?? 'SCEP';
    const source = iisConfig.source;
    if (!site || !app) {
      return fail('No IIS site has a /CertSrv/mscep application, so NDES is not installed in IIS.', {
        text: 'Install and configure the Network Device Enrollment Service role service; its setup creates the SCEP pool and the /CertSrv/mscep application.',
        commands: [powershell('Install-WindowsFeature ADCS-Device-Enrollment -IncludeManagementTools'), powershell('Get-WindowsFeature ADCS-Device-Enrollment')],
        docs: DOC,
      }, { expected: 'application /CertSrv/mscep', actual: 'absent', source });
    }
    const pool = iisConfig.appPools.find((p) => p.name.toLowerCase() === poolName.toLowerCase());
    if (!pool) {
      return fail(`${site.name}/CertSrv/mscep uses application pool "${poolName}", which does not exist; IIS answers 503.`, {
        text: `Create the pool with the NDES service account as identity, or point the application at an existing pool. Replace <DOMAIN\\svc-ndes> and <password>.`,
        commands: [
          cmd(`${APPCMD} add apppool /name:"${poolName}" /managedPipelineMode:Classic`),
          cmd(`${APPCMD} set apppool "${poolName}" /processModel.identityType:SpecificUser /processModel.userName:"<DOMAIN\\svc-ndes>" /processModel.password:"<password>"`),
          cmd(`${APPCMD} set app "${site.name}/CertSrv/mscep" /applicationPool:"${poolName}"`),
        ],
        docs: DOC,
      }, { expected: `application pool "${poolName}"`, actual: `pools: ${iisConfig.appPools.map((p) => p.name).join(', ')}`, source });
    }
    const stateKey = [...iisAppPoolStates.keys()].find((k) => k.toLowerCase() === pool.name.toLowerCase());
    const identity = describeIdentity(pool);
    if (stateKey === undefined) {
      // appcmd lists every pool applicationHost.config declares: one missing means the two were read
      // at different times or the listing is incomplete, which says nothing about the pool's state.
      return {
        status: 'error',
        errorCode: 'E_FACT_UNAVAILABLE',
        message: `Application pool "${pool.name}" is declared in ${source} but not listed by appcmd list apppool, so its state is unknown. It runs as ${identity}. Collect again.`,
        evidence: { expected: 'state Started', actual: 'not listed by appcmd', source: `${source} <add name="${pool.name}">, appcmd list apppool` },
      };
    }
    const state = iisAppPoolStates.get(stateKey)!;
    const evidence = {
      expected: 'state Started',
      actual: `state ${state}; identity ${identity}; autoStart ${pool.autoStart}`,
      source: `${source} <add name="${pool.name}">, appcmd list apppool`,
      details: { pool: pool.name, identityType: pool.identityType, ...(pool.userName ? { userName: pool.userName } : {}), state, autoStart: pool.autoStart },
    };
    if (state.toLowerCase() !== 'started') {
      return fail(`Application pool "${pool.name}" is ${state}; IIS answers 503 to every SCEP request. It runs as ${identity}.`, {
        text: 'Start the pool. If it stops again, the System event log (WAS events) and the Application log (Application Error events) show why; a locked-out or expired NDES service account password is the usual cause.',
        commands: [cmd(`${APPCMD} start apppool /apppool.name:"${pool.name}"`), cmd(`${APPCMD} list apppool "${pool.name}" /text:state`)],
        docs: DOC,
      }, { ...evidence, codes: ['503'] });
    }
    if (!pool.autoStart) {
      return warn(`Application pool "${pool.name}" is started but autoStart is off, so it stays stopped after a restart of IIS. It runs as ${identity}.`, {
        text: 'Turn autoStart on.',
        commands: [cmd(`${APPCMD} set apppool "${pool.name}" /autoStart:true`)],
        docs: DOC,
      }, evidence, 'medium');
    }
    return pass(`Application pool "${pool.name}" is started and runs as ${identity}.`, evidence);
  },
});
