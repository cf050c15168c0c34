import { defineCheck } from '../../engine/check.js';
import { fail, pass, powershell } from '../../engine/outcome.js';
import { LINKS } from '../server/links.js';
import { noCurrentConnector } from './current.js';

/** Services of the current connector; which of them exist depends on the features chosen. */
const CURRENT_SERVICES = ['PFXCertificateConnectorSvc', 'PkiCreateConnectorSvc', 'PfxCreateLegacyConnectorSvc', 'PkiRevokeConnectorSvc', 'PKIConnectorSvc', 'PKICertificateConnectorSvc'];

export default defineCheck({
  id: 'NDES-CON-003',
  slug: 'connector-services',
  area: 'connector',
  title: 'Connector services are present and running',
  severity: 'high',
  requires: ['connectorServices', 'connectorInstall'],
  run({ connectorServices, connectorInstall }) {
    if (!connectorInstall.current) return noCurrentConnector();
    const wanted = new Set(CURRENT_SERVICES.map((n) => n.toLowerCase()));
    const services = connectorServices.services.filter((s) => wanted.has(s.name.toLowerCase()));
    const actual = services.map((s) => `${s.name} ${s.status} (${s.startType})`).join('; ') || 'none of the connector services exist';
    const evidence = { expected: 'connector services with start type Automatic are Running', actual, source: connectorServices.source };
    if (services.length === 0) {
      return fail(
        'The connector is installed but none of its services exist; the installation is incomplete.',
        {
          text: 'Run IntuneCertificateConnector.exe again as administrator to repair the installation, then run the configuration wizard.',
          docs: LINKS.connectorInstall,
        },
        evidence,
      );
    }
    const notRunning = services.filter((s) => s.startType !== 'Disabled' && s.startType !== 'Manual' && s.status !== 'Running');
    const running = services.filter((s) => s.status === 'Running');
    // Manual and Disabled services are left alone only beside one that runs: with none running, nothing serves Intune.
    if (notRunning.length === 0 && running.length > 0) return pass(`${running.length} connector service(s) running.`, evidence);
    if (notRunning.length === 0) {
      return fail(
        `None of the connector services runs: ${services.map((s) => `${s.name} (${s.status}, ${s.startType})`).join(', ')}. Intune's SCEP requests are not served.`,
        {
          text: 'Set the connector services to Automatic and start them, then look in the Microsoft-Intune-CertificateConnectors/Admin event log for errors.',
          commands: [
            powershell(`Get-Service -Name ${services.map((s) => s.name).join(',')} | Set-Service -StartupType Automatic`),
            powershell(`Start-Service -Name ${services.map((s) => s.name).join(',')}`),
          ],
          docs: LINKS.connectorOverview,
        },
        evidence,
      );
    }
    const pending = notRunning.some((s) => s.status === 'StartPending');
    return fail(
      `Connector service(s) not running: ${notRunning.map((s) => `${s.name} (${s.status})`).join(', ')}.`,
      {
        text:
          'Start the services and look in the Microsoft-Intune-CertificateConnectors/Admin and /Operational event logs for why they stopped.' +
          (pending ? ' A service stuck in StartPending usually cannot reach the Intune service locator: check the proxy and TLS 1.2.' : ''),
        commands: [
          powershell(`Start-Service -Name ${notRunning.map((s) => s.name).join(',')}`),
          powershell('Get-WinEvent -LogName Microsoft-Intune-CertificateConnectors/Admin -MaxEvents 20'),
        ],
        docs: LINKS.connectorOverview,
      },
      evidence,
    );
  },
});
