import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/server/os-supported.js';
import { parseServerSystem } from '../../../src/facts/server.js';
import { factFrom, runCheck } from '../host-facts.js';

const run = (fixture: string) => runCheck(check, { serverSystem: factFrom('serverSystem', { 'server.system': `powershell/${fixture}` }) });

describe('NDES-SRV-001 os-supported', () => {
  it('passes on Windows Server 2022 with Desktop Experience', async () => {
    expect(await run('system-2022-member.json')).toMatchObject({ status: 'pass' });
  });

  it('fails on a client edition (German Windows 11), by ProductType not by caption', async () => {
    const o = await run('system-client-de.json');
    expect(o).toMatchObject({ status: 'fail', message: expect.stringContaining('client edition') });
  });

  it('fails on Server Core even when the version is new enough', async () => {
    expect(await run('system-2012r2-core.json')).toMatchObject({ status: 'fail', message: expect.stringContaining('Server Core') });
  });

  it('reports an error, not a pass, when InstallationType is missing: Desktop Experience is then unknown', async () => {
    const json = (cv: object) =>
      JSON.stringify({ ComputerSystem: { Name: 'NDES01', DNSHostName: 'NDES01', Domain: 'contoso.com', PartOfDomain: true, DomainRole: 3 }, OperatingSystem: { Version: '10.0.20348', ProductType: 3 }, CurrentVersion: cv });
    const system = (cv: object) => ({ ...parseServerSystem(json(cv)), source: 'server/system.json' });
    expect(await runCheck(check, { serverSystem: system({ ProductName: 'Windows Server 2022 Datacenter' }) })).toMatchObject({ status: 'error', message: expect.stringContaining('no CurrentVersion\\InstallationType') });
    expect((await runCheck(check, { serverSystem: system({ InstallationType: 'Server' }) })).status).toBe('pass');
  });

  it('fails below 6.3 (Windows Server 2008 R2)', async () => {
    expect(await run('system-2008r2.json')).toMatchObject({ status: 'fail', message: expect.stringContaining('6.1.7601') });
  });
});
