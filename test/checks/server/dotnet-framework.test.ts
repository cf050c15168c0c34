import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/server/dotnet-framework.js';
import { factFrom, runCheck } from '../host-facts.js';

const run = (ref: string) => runCheck(check, { dotnetFramework: factFrom('dotnetFramework', { 'server.dotnet': ref }) });

describe('NDES-SRV-006 dotnet-framework-version', () => {
  it('passes for .NET 4.8 (Release 528449)', async () => {
    expect(await run('registry/dotnet-v4-full-48.reg')).toMatchObject({ status: 'pass', evidence: { actual: '528449 (0x81041) REG_DWORD' } });
  });

  it('fails for .NET 4.6.2 (Release 394802)', async () => {
    expect(await run('registry/dotnet-v4-full-462.reg')).toMatchObject({ status: 'fail', message: expect.stringContaining('394802') });
  });

  it('fails when .NET 4 is not installed at all', async () => {
    expect(await run('absent')).toMatchObject({ status: 'fail', evidence: { actual: 'key absent' } });
  });
});

describe('NDES-SRV-006 with reg query output', () => {
  it('reads Release from German reg query text in CP850 (0x82348 = 533320, .NET 4.8.1)', async () => {
    expect(await run('registry/dotnet-v4-full-query-de-cp850.txt')).toMatchObject({ status: 'pass', evidence: { actual: '533320 (0x82348) REG_DWORD' } });
  });
});
