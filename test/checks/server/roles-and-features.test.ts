import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/server/roles-and-features.js';
import { factFrom, runCheck } from '../host-facts.js';
import { powershell } from '../../../src/engine/outcome.js';

const run = (fixture: string) => runCheck(check, { windowsFeatures: factFrom('windowsFeatures', { 'server.features': `powershell/${fixture}` }) });

describe('NDES-SRV-005 roles-and-features', () => {
  it('passes when every required and recommended feature is installed', async () => {
    expect((await run('features-complete.json')).status).toBe('pass');
  });

  it('fails naming each missing feature, with one Install-WindowsFeature line', async () => {
    const o = await run('features-missing.json');
    expect(o.status).toBe('fail');
    if (o.status !== 'fail') return;
    expect(o.evidence?.actual).toBe(
      'not installed: ADCS-Device-Enrollment, Web-Filtering, Web-Net-Ext45, NET-Framework-45-ASPNET, NET-WCF-HTTP-Activation45, Web-Asp-Net, NET-Framework-Core, NET-HTTP-Activation, Web-Metabase, Web-WMI',
    );
    expect(o.remediation.commands).toEqual([
      powershell(
        'Install-WindowsFeature -Name ADCS-Device-Enrollment,Web-Filtering,Web-Net-Ext45,NET-Framework-45-ASPNET,NET-WCF-HTTP-Activation45,Web-Asp-Net,NET-Framework-Core,NET-HTTP-Activation,Web-Metabase,Web-WMI -IncludeManagementTools',
      ),
    ]);
  });

  it('fails when ASP.NET 3.5 and the .NET 3.5 features are missing: seed 002 lists them with the rest', async () => {
    const o = await run('features-no-net35.json');
    expect(o.status).toBe('fail');
    expect(o.evidence?.actual).toBe('not installed: Web-Asp-Net, NET-Framework-Core, NET-HTTP-Activation');
    expect(o.message).toBe('Missing: Web-Asp-Net (IIS ASP.NET 3.5), NET-Framework-Core (.NET Framework 3.5), NET-HTTP-Activation (.NET Framework 3.5 HTTP Activation).');
  });

  it('only warns (low) when just the IIS Management Console is missing', async () => {
    const o = await run('features-no-console.json');
    expect(o).toMatchObject({ status: 'warn', severity: 'low' });
    if (o.status === 'warn') expect(o.remediation.commands).toEqual([powershell('Install-WindowsFeature -Name Web-Mgmt-Console')]);
  });

  it('says which required features this Windows does not offer at all', async () => {
    const o = await run('features-single.json');
    expect(o.status).toBe('fail');
    expect(o.evidence?.details).toMatchObject({ notOfferedByThisWindows: expect.arrayContaining(['ADCS-Device-Enrollment', 'Web-WMI']) });
  });
});
