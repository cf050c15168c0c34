import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/server/roles-and-features.js';
import { factFrom, runCheck } from '../host-facts.js';

const run = (fixture: string) => runCheck(check, { windowsFeatures: factFrom('windowsFeatures', { 'server.features': `powershell/${fixture}` }) });

describe('NDES-SRV-005 roles-and-features', () => {
  it('passes when every required and recommended feature is installed', async () => {
    expect((await run('features-complete.json')).status).toBe('pass');
  });

  it('fails naming each missing feature, with one Install-WindowsFeature line', async () => {
    const o = await run('features-missing.json');
    expect(o.status).toBe('fail');
    if (o.status !== 'fail') return;
    expect(o.evidence?.actual).toBe('not installed: ADCS-Device-Enrollment, Web-Filtering, Web-Net-Ext45, NET-WCF-HTTP-Activation45, Web-Metabase, Web-WMI');
    expect(o.remediation.commands).toEqual([
      'Install-WindowsFeature -Name ADCS-Device-Enrollment,Web-Filtering,Web-Net-Ext45,NET-WCF-HTTP-Activation45,Web-Metabase,Web-WMI,NET-Framework-Features,NET-HTTP-Activation -IncludeManagementTools',
    ]);
  });

  it('only warns when just the .NET 3.5 items are missing', async () => {
    const o = await run('features-no-net35.json');
    expect(o).toMatchObject({ status: 'warn', severity: 'low' });
    if (o.status === 'warn') expect(o.remediation.commands).toEqual(['Install-WindowsFeature -Name NET-Framework-Features,NET-HTTP-Activation']);
  });

  it('says which required features this Windows does not offer at all', async () => {
    const o = await run('features-single.json');
    expect(o.status).toBe('fail');
    expect(o.evidence?.details).toMatchObject({ notOfferedByThisWindows: expect.arrayContaining(['ADCS-Device-Enrollment', 'Web-WMI']) });
  });
});
