/** Microsoft documentation the server, connector and account checks point to. */
export const LINKS = {
  prerequisites: 'https://learn.microsoft.com/intune/intune-service/protect/certificate-connector-prerequisites',
  scepInfrastructure: 'https://learn.microsoft.com/intune/intune-service/protect/certificates-scep-configure',
  connectorOverview: 'https://learn.microsoft.com/intune/intune-service/protect/certificate-connector-overview',
  connectorInstall: 'https://learn.microsoft.com/intune/intune-service/protect/certificate-connector-install',
  tls12: 'https://learn.microsoft.com/troubleshoot/entra/entra-id/ad-dmn-services/enable-support-tls-environment',
  dotnetVersions: 'https://learn.microsoft.com/dotnet/framework/migration-guide/how-to-determine-which-versions-are-installed',
} as const satisfies Record<string, string>;
