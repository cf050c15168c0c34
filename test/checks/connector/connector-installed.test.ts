import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/connector/connector-installed.js';
import { factFrom, runCheck } from '../host-facts.js';

const run = (x64: string, wow64: string) =>
  runCheck(check, { connectorInstall: factFrom('connectorInstall', { 'connector.uninstall': x64, 'connector.uninstall-wow64': wow64 }) });

describe('NDES-CON-001 connector-installed', () => {
  it('passes for the Certificate Connector for Microsoft Intune', async () => {
    expect(await run('registry/uninstall-current.reg', 'registry/uninstall-wow64-none.reg')).toMatchObject({
      status: 'pass',
      message: 'Certificate Connector for Microsoft Intune 6.2510.3.2002 is installed.',
    });
  });

  it('fails for the legacy connector with the migration path', async () => {
    const o = await run('registry/uninstall-legacy.reg', 'registry/uninstall-wow64-none.reg');
    expect(o.status).toBe('fail');
    if (o.status !== 'fail') return;
    expect(o.message).toContain('Microsoft Intune Connector 6.1905.0.404');
    expect(o.remediation.text).toContain('IntuneCertificateConnector.exe');
    expect(o.remediation.docs).toMatch(/certificate-connector-install$/);
  });

  it('fails when no connector is installed', async () => {
    expect(await run('registry/uninstall-none.reg', 'absent')).toMatchObject({ status: 'fail', evidence: { actual: 'no Intune connector installed' } });
  });
});
