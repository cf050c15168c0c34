import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/server/os-supported.js';
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

  it('fails below 6.3 (Windows Server 2008 R2)', async () => {
    expect(await run('system-2008r2.json')).toMatchObject({ status: 'fail', message: expect.stringContaining('6.1.7601') });
  });
});
