import type { AnyCheck } from '../../engine/check.js';
import connectorInstalled from './connector-installed.js';
import connectorVersion from './connector-version.js';
import connectorServices from './connector-services.js';
import connectorScepEnabled from './connector-scep-enabled.js';
import connectorProxy from './connector-proxy.js';
import connectorLastConnection from './connector-last-connection.js';
import connectorServiceAccounts from './connector-service-accounts.js';

export const connectorChecks: AnyCheck[] = [
  connectorInstalled,
  connectorVersion,
  connectorServices,
  connectorScepEnabled,
  connectorProxy,
  connectorLastConnection,
  connectorServiceAccounts,
];
