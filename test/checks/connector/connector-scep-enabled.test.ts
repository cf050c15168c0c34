import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/connector/connector-scep-enabled.js';
import { currentConnector, factFrom, runCheck } from '../host-facts.js';

const run = (ref: string) => runCheck(check, { connectorInstall: currentConnector, connectorSettings: factFrom('connectorSettings', { 'connector.registry': ref }) });

describe('NDES-CON-004 connector-scep-enabled', () => {
  it('passes with EnableSCEP = 1', async () => {
    expect((await run('registry/microsoft-intune-healthy.reg')).status).toBe('pass');
  });

  it('fails with EnableSCEP = 0', async () => {
    expect(await run('registry/microsoft-intune-broken.reg')).toMatchObject({ status: 'fail', evidence: { actual: '0 (0x0) REG_DWORD' } });
  });

  it('fails when the connector was never configured', async () => {
    expect(await run('registry/microsoft-intune-legacy.reg')).toMatchObject({ status: 'fail', evidence: { actual: 'connector key absent' } });
    expect((await run('absent')).status).toBe('fail');
  });
});
