import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/connector/connector-version.js';
import { factFrom, runCheck } from '../host-facts.js';

const run = (x64: string, wow64: string) =>
  runCheck(check, { connectorInstall: factFrom('connectorInstall', { 'connector.uninstall': x64, 'connector.uninstall-wow64': wow64 }) });

describe('NDES-CON-002 connector-version', () => {
  it('passes at the minimum version', async () => {
    expect((await run('registry/uninstall-current.reg', 'registry/uninstall-wow64-current-old.reg')).status).toBe('pass');
  });

  it('warns below 6.2510.3.2002', async () => {
    const o = await run('registry/uninstall-none.reg', 'registry/uninstall-wow64-current-old.reg');
    expect(o).toMatchObject({ status: 'warn', evidence: { actual: '6.2406.0.1001' } });
  });

  it('cannot judge a missing or non-numeric DisplayVersion: error, never a pass or a version warning', async () => {
    const install = factFrom('connectorInstall', { 'connector.uninstall': 'registry/uninstall-current.reg', 'connector.uninstall-wow64': 'registry/uninstall-wow64-current-old.reg' });
    const { displayVersion: _v, ...unversioned } = install.current!;
    expect(await runCheck(check, { connectorInstall: { ...install, current: unversioned } })).toMatchObject({ status: 'error', errorCode: 'E_FACT_UNAVAILABLE', evidence: { actual: 'DisplayVersion absent' } });
    expect(await runCheck(check, { connectorInstall: { ...install, current: { ...install.current!, displayVersion: '6.2510.3.2002-beta' } } })).toMatchObject({
      status: 'error',
      errorCode: 'E_FACT_MALFORMED',
      message: expect.stringContaining('"6.2510.3.2002-beta" is not a version number'),
    });
    // Whitespace around a valid number is not a reason to doubt it.
    expect((await runCheck(check, { connectorInstall: { ...install, current: { ...install.current!, displayVersion: ' 6.2510.3.2002 ' } } })).status).toBe('pass');
  });
});
