import { defineCheck } from '../../engine/check.js';
import { fail, pass, powershell } from '../../engine/outcome.js';
import { formatRegistryValue } from '../../parse/registry.js';
import { LINKS } from '../server/links.js';
import { noCurrentConnector } from './current.js';

export default defineCheck({
  id: 'NDES-CON-004',
  slug: 'connector-scep-enabled',
  area: 'connector',
  title: 'The connector has the SCEP feature enabled',
  severity: 'high',
  requires: ['connectorSettings', 'connectorInstall'],
  run({ connectorSettings: s, connectorInstall }) {
    if (!connectorInstall.current) return noCurrentConnector();
    const v = s.enableScep;
    const on = v?.type === 'REG_DWORD' ? v.data === 1 : v?.type === 'REG_SZ' ? v.data.trim() === '1' : false;
    const evidence = { expected: 'EnableSCEP = 1', actual: v ? formatRegistryValue(v) : s.exists ? 'EnableSCEP absent' : 'connector key absent', source: `${s.path}\\EnableSCEP (${s.source})` };
    if (on) return pass('The SCEP feature is enabled on the connector.', evidence);
    return fail(
      s.exists
        ? 'The SCEP feature is not enabled on the connector; Intune routes SCEP requests only to connectors that have it.'
        : 'The connector has never been configured (no PFXCertificateConnector settings key).',
      {
        text: 'Run the connector configuration wizard as administrator, select SCEP on the Features page and finish the wizard.',
        commands: [powershell('& "$env:ProgramFiles\\Microsoft Intune\\PFXCertificateConnector\\ConnectorUI\\PFXCertificateConnectorUI.exe"')],
        docs: LINKS.connectorInstall,
      },
      evidence,
    );
  },
});
