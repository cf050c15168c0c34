import type { ArtifactSpec } from '../artifact-spec.js';
import { powershellJson } from './server-artifacts.js';

/** Every service name the connector generations are known to install (ms-docs-facts 12.4, 12.8). */
export const CONNECTOR_SERVICE_NAMES = [
  'PFXCertificateConnectorSvc',
  'PkiCreateConnectorSvc',
  'PfxCreateLegacyConnectorSvc',
  'PkiRevokeConnectorSvc',
  'PKIConnectorSvc',
  'PKICertificateConnectorSvc',
  'AzureADConnectAgentUpdater',
  'NDESConnectorSvc',
] as const;

export const connectorArtifacts = {
  'connector.uninstall': {
    files: ['registry/uninstall.reg', 'registry/uninstall.txt'],
    description: 'Installed programs, 64-bit view (connector DisplayName, DisplayVersion, InstallDate)',
    windows: { kind: 'registry', key: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall' },
  },
  'connector.uninstall-wow64': {
    files: ['registry/uninstall-wow64.reg', 'registry/uninstall-wow64.txt'],
    description: 'Installed programs, 32-bit view',
    windows: { kind: 'registry', key: 'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall' },
  },
  'connector.registry': {
    files: ['registry/microsoft-intune.reg', 'registry/microsoft-intune.txt'],
    description: 'Intune connector settings: features, proxy, connection status (new and legacy connectors)',
    windows: { kind: 'registry', key: 'HKLM\\SOFTWARE\\Microsoft\\MicrosoftIntune' },
  },
  'connector.services': {
    files: ['connector/services.json'],
    description: 'Intune connector services, their state and start type (Get-Service)',
    windows: powershellJson(
      `ConvertTo-Json -Depth 2 -InputObject @(Get-Service -Name ${CONNECTOR_SERVICE_NAMES.join(',')} -ErrorAction SilentlyContinue | Select-Object Name,Status,StartType)`,
    ),
  },
} satisfies Record<string, ArtifactSpec>;
