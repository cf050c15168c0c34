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
});
