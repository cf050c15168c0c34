import type { IisAppPool, IisConfigFact } from '../../../src/facts/iis-types.js';

/** An IIS fact with the NDES layout: /CertSrv/mscep served by the given pool. */
export function iisWith(pool: Partial<IisAppPool> & Pick<IisAppPool, 'identityType'>, appPool = 'SCEP'): IisConfigFact {
  return {
    sites: [{ name: 'Default Web Site', id: '1', bindings: [], applications: [{ path: '/CertSrv/mscep', applicationPool: appPool, virtualDirectories: [] }] }],
    appPools: [
      { name: 'DefaultAppPool', identityType: 'ApplicationPoolIdentity', logonType: 'LogonBatch', autoStart: true, managedRuntimeVersion: 'v4.0' },
      { name: 'SCEP', logonType: 'LogonBatch', autoStart: true, managedRuntimeVersion: 'v4.0', ...pool },
    ],
    source: 'iis/applicationHost.config',
  };
}
