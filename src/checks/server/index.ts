import type { AnyCheck } from '../../engine/check.js';
import osSupported from './os-supported.js';
import domainJoined from './domain-joined.js';
import notDomainController from './not-domain-controller.js';
import notIssuingCa from './not-issuing-ca.js';
import rolesAndFeatures from './roles-and-features.js';
import dotnetFramework from './dotnet-framework.js';
import tls12Schannel from './tls12-schannel.js';
import dotnetStrongCrypto from './dotnet-strong-crypto.js';
import pendingReboot from './pending-reboot.js';
import rebootedAfterConnectorInstall from './rebooted-after-connector-install.js';

export const serverChecks: AnyCheck[] = [
  osSupported,
  domainJoined,
  notDomainController,
  notIssuingCa,
  rolesAndFeatures,
  dotnetFramework,
  tls12Schannel,
  dotnetStrongCrypto,
  pendingReboot,
  rebootedAfterConnectorInstall,
];
