import type { ArtifactSpec } from '../artifact-spec.js';
import { CONNECTOR_SERVICE_NAMES } from './connector-artifacts.js';

/** What `collect` keeps of each log, newest first within --since: enough for a week of a busy NDES. */
export const LOG_COLLECT_MAX_EVENTS = 20_000;
export const IIS_LOG_COLLECT_MAX_BYTES = 128 * 1024 * 1024;
export const SMALL_LOG_COLLECT_MAX_BYTES = 32 * 1024 * 1024;

/** `--since` default: the last 7 days. */
export const DEFAULT_LOG_WINDOW_MS = 7 * 24 * 3600_000;

export const NDES_PROVIDER = 'Microsoft-Windows-NetworkDeviceEnrollmentService';

/**
 * Application log sources that speak about NDES, the connectors and their worker processes. The
 * connector services log under their service names; the legacy connector under NDESConnector.
 */
export const APPLICATION_PROVIDERS: readonly string[] = [
  NDES_PROVIDER,
  'Application Error',
  'ASP.NET 4.0.30319.0',
  'Microsoft-Windows-CertificateServicesClient-CertEnroll',
  ...CONNECTOR_SERVICE_NAMES.filter((name) => name !== 'AzureADConnectAgentUpdater' && name !== 'NDESConnectorSvc'),
  'NDESConnector',
];

/** System log sources for the services NDES needs; only warnings and errors (services log state changes all day). */
export const SYSTEM_PROVIDERS = ['Service Control Manager', 'Microsoft-Windows-WAS', 'WAS', 'Microsoft-Windows-IIS-W3SVC', 'W3SVC'] as const;

const providers = (names: readonly string[]) => `Provider[${names.map((n) => `@Name='${n}'`).join(' or ')}]`;

const channel = (name: string, description: string, file: string, filter?: string): ArtifactSpec => ({
  files: [file],
  description,
  windows: { kind: 'events', channel: name, filter, maxEvents: LOG_COLLECT_MAX_EVENTS },
  kind: 'log',
});

export const logArtifacts = {
  'logs.connector-admin': channel(
    'Microsoft-Intune-CertificateConnectors/Admin',
    'Certificate Connector for Microsoft Intune, Admin log: request successes and failures per feature (1000-4002)',
    'logs/events/certificate-connectors-admin.xml',
  ),
  'logs.connector-operational': channel(
    'Microsoft-Intune-CertificateConnectors/Operational',
    'Certificate Connector, Operational log: each SCEP request received, verified, issued and notified (4003-4010), downloads, uploads, health (5000-5002)',
    'logs/events/certificate-connectors-operational.xml',
  ),
  'logs.agent-updater': channel(
    'Microsoft-AzureADConnect-AgentUpdater/Admin',
    'Connector auto-updater (AzureADConnectAgentUpdater) Admin log',
    'logs/events/agent-updater-admin.xml',
  ),
  'logs.legacy-connector': channel(
    'Microsoft Intune Connector',
    'Legacy Microsoft Intune Connector event log (10010-20602, with diagnostic codes)',
    'logs/events/microsoft-intune-connector.xml',
  ),
  'logs.application': channel(
    'Application',
    'Application log events of NDES (Microsoft-Windows-NetworkDeviceEnrollmentService), the connector services, Application Error, ASP.NET and CertEnroll',
    'logs/events/application.xml',
    providers(APPLICATION_PROVIDERS),
  ),
  'logs.system': channel(
    'System',
    'System log warnings and errors of Service Control Manager, WAS and W3SVC (services and application pools that stopped or failed)',
    'logs/events/system.xml',
    `${providers(SYSTEM_PROVIDERS)} and (Level=1 or Level=2 or Level=3)`,
  ),
  'logs.iis': {
    files: ['logs/iis/w3svc.log'],
    description:
      'IIS W3C logs of the site hosting NDES (folder from applicationHost.config logFile, default %SystemDrive%\\inetpub\\logs\\LogFiles\\W3SVC<id>), the files within --since concatenated oldest first, each after a #Remark naming it',
    windows: { kind: 'log-files', folder: 'iis-site', pattern: '^(u_)?ex\\d{6,8}(_x)?\\.log$', format: 'w3c', maxBytes: IIS_LOG_COLLECT_MAX_BYTES },
    kind: 'log',
    needsElevation: true,
  },
  'logs.httperr': {
    files: ['logs/httperr/httperr.log'],
    description:
      'HTTP.sys error logs (HTTP\\Parameters ErrorLoggingDir, default %SystemRoot%\\System32\\LogFiles\\HTTPERR): requests HTTP.sys refused before IIS saw them',
    windows: { kind: 'log-files', folder: 'httperr', pattern: '^httperr\\d+\\.log$', format: 'w3c', maxBytes: SMALL_LOG_COLLECT_MAX_BYTES },
    kind: 'log',
    needsElevation: true,
  },
  'logs.ndes-plugin': {
    files: ['logs/legacy/NDESPlugin.log'],
    description: 'Legacy connector only: the NDES policy module log (%ProgramFiles%\\Microsoft Intune\\NDESPolicyModule\\Logs); absent is normal',
    windows: {
      kind: 'log-files',
      folder: '%ProgramFiles%\\Microsoft Intune\\NDESPolicyModule\\Logs',
      pattern: '^NDESPlugin.*\\.log$',
      format: 'text',
      maxBytes: SMALL_LOG_COLLECT_MAX_BYTES,
    },
    kind: 'log',
  },
  'logs.crp-svclog': {
    files: ['logs/legacy/CertificateRegistrationPoint.svclog'],
    description:
      'Legacy connector only: Certificate Registration Point traces (challenge verification), CertificateRegistrationPoint_*.svclog; absent is normal',
    windows: {
      kind: 'log-files',
      folder: '%ProgramFiles%\\Microsoft Intune\\NDESConnectorSvc\\Logs\\Logs',
      pattern: '^CertificateRegistrationPoint.*\\.svclog$',
      format: 'xml',
      maxBytes: SMALL_LOG_COLLECT_MAX_BYTES,
    },
    kind: 'log',
  },
  'logs.ndesconnector-svclog': {
    files: ['logs/legacy/NDESConnector.svclog'],
    description: 'Legacy connector only: Intune Connector Service traces, NDESConnector_*.svclog; absent is normal',
    windows: {
      kind: 'log-files',
      folder: '%ProgramFiles%\\Microsoft Intune\\NDESConnectorSvc\\Logs\\Logs',
      pattern: '^NDESConnector.*\\.svclog$',
      format: 'xml',
      maxBytes: SMALL_LOG_COLLECT_MAX_BYTES,
    },
    kind: 'log',
  },
} satisfies Record<string, ArtifactSpec>;

export type LogArtifactId = keyof typeof logArtifacts;
