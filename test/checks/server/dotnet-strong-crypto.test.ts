import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/server/dotnet-strong-crypto.js';
import { factFrom, runCheck } from '../host-facts.js';

const run = (x64: string, wow64: string) => runCheck(check, { netFxCrypto: factFrom('netFxCrypto', { 'server.netfx': x64, 'server.netfx-wow64': wow64 }) });

describe('NDES-SRV-008 dotnet-strong-crypto', () => {
  it('passes when both values are 1 in both views', async () => {
    expect((await run('registry/netfx-v4-strong.reg', 'registry/netfx-v4-wow64-strong.reg')).status).toBe('pass');
  });

  it('warns naming each value that is not 1 in the 32-bit view', async () => {
    const o = await run('registry/netfx-v4-strong.reg', 'registry/netfx-v4-wow64-weak.reg');
    expect(o.status).toBe('warn');
    expect(o.evidence?.actual).toBe(
      'not 1: HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319\\SchUseStrongCrypto, HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319\\SystemDefaultTlsVersions',
    );
  });

  it('warns for all four when the 64-bit key is absent', async () => {
    expect(await run('absent', 'registry/netfx-v4-wow64-weak.reg')).toMatchObject({ status: 'warn', message: expect.stringMatching(/^4 of 4/) });
  });
});
