import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/connector/connector-services.js';
import { currentConnector, factFrom, runCheck } from '../host-facts.js';
import { powershell } from '../../../src/engine/outcome.js';

const run = (fixture: string) => runCheck(check, { connectorInstall: currentConnector, connectorServices: factFrom('connectorServices', { 'connector.services': `powershell/${fixture}` }) });

describe('NDES-CON-003 connector-services', () => {
  it('passes when all automatic services run', async () => {
    expect(await run('services-running.json')).toMatchObject({ status: 'pass', message: '4 connector service(s) running.' });
  });

  it('ignores a disabled service (feature not chosen) beside one that runs', async () => {
    expect(await run('services-enum-strings.json')).toMatchObject({ status: 'pass', message: '1 connector service(s) running.' });
  });

  it('fails when every service is Disabled or Manual and none runs', async () => {
    const o = await run('services-all-stopped.json');
    expect(o.status).toBe('fail');
    if (o.status !== 'fail') return;
    expect(o.message).toBe(
      'None of the connector services runs: PkiCreateConnectorSvc (Stopped, Disabled), PkiRevokeConnectorSvc (Stopped, Manual), PFXCertificateConnectorSvc (Stopped, Disabled). Intune\'s SCEP requests are not served.',
    );
    expect(o.remediation.commands?.map((c) => c.text)).toEqual([
      'Get-Service -Name PkiCreateConnectorSvc,PkiRevokeConnectorSvc,PFXCertificateConnectorSvc | Set-Service -StartupType Automatic',
      'Start-Service -Name PkiCreateConnectorSvc,PkiRevokeConnectorSvc,PFXCertificateConnectorSvc',
    ]);
  });

  it('fails on StartPending and Stopped automatic services, with the proxy/TLS hint', async () => {
    const o = await run('services-start-pending.json');
    expect(o.status).toBe('fail');
    if (o.status !== 'fail') return;
    expect(o.message).toBe('Connector service(s) not running: PkiCreateConnectorSvc (StartPending), PFXCertificateConnectorSvc (Stopped).');
    expect(o.remediation.text).toContain('StartPending');
    expect(o.remediation.commands?.[0]).toEqual(powershell('Start-Service -Name PkiCreateConnectorSvc,PFXCertificateConnectorSvc'));
  });

  it('fails when none of the current connector services exist', async () => {
    expect(await run('services-single.json')).toMatchObject({ status: 'fail', evidence: { actual: 'none of the connector services exist' } });
    expect((await run('services-empty.json')).status).toBe('fail');
  });
});
