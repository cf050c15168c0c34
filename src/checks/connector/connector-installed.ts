import { defineCheck } from '../../engine/check.js';
import { fail, pass, powershell } from '../../engine/outcome.js';
import { CONNECTOR_PRODUCTS } from '../../facts/connector.js';
import { LINKS } from '../server/links.js';

export default defineCheck({
  id: 'NDES-CON-001',
  slug: 'connector-installed',
  area: 'connector',
  title: 'The Certificate Connector for Microsoft Intune is installed (not a retired connector)',
  severity: 'critical',
  requires: ['connectorInstall'],
  run({ connectorInstall: c }) {
    const describe = (p: { displayName: string; displayVersion?: string }) => `${p.displayName} ${p.displayVersion ?? '(no version)'}`;
    const evidence = {
      expected: `${CONNECTOR_PRODUCTS.current}, and no ${CONNECTOR_PRODUCTS.legacy.join(' / ')}`,
      actual: [c.current, ...c.legacy].filter((p) => p !== undefined).map(describe).join('; ') || 'no Intune connector installed',
      source: c.sources.join(', '),
    };
    const migrate = {
      text:
        'The retired connectors are unsupported since version 6.2109.51.0 of the current connector (September 2021) and no longer ' +
        'receive requests. Note the legacy proxy and CA account settings, uninstall the old connector (Apps and Features), delete ' +
        'it under Tenant administration > Connectors and tokens > Certificate connectors, then install IntuneCertificateConnector.exe ' +
        'from the same page and run its configuration wizard with the SCEP feature selected.',
      commands: [powershell('Get-Service NDESConnectorSvc, PFXCertificateConnectorSvc -ErrorAction SilentlyContinue')],
      docs: LINKS.connectorInstall,
    };
    if (c.legacy.length > 0) {
      return fail(
        `A retired Intune connector is installed: ${c.legacy.map(describe).join('; ')}.${c.current ? ' Uninstall it; the current connector is installed beside it.' : ' Migrate to the Certificate Connector for Microsoft Intune.'}`,
        migrate,
        evidence,
      );
    }
    if (!c.current) {
      return fail(
        'No Intune certificate connector is installed; Intune cannot hand SCEP requests to this NDES server.',
        {
          text: 'Download the Certificate Connector for Microsoft Intune (Intune admin center > Tenant administration > Connectors and tokens > Certificate connectors > Add), run IntuneCertificateConnector.exe as administrator and select the SCEP feature.',
          docs: LINKS.connectorInstall,
        },
        evidence,
      );
    }
    return pass(`${describe(c.current)} is installed.`, evidence);
  },
});
