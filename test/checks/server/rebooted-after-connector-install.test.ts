import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/server/rebooted-after-connector-install.js';
import { factFrom, runCheck } from '../host-facts.js';

const system = factFrom('serverSystem', { 'server.system': 'powershell/system-2022-member.json' }); // booted 2026-11-15
const install = (uninstall: string) => factFrom('connectorInstall', { 'connector.uninstall': uninstall, 'connector.uninstall-wow64': 'absent' });

describe('NDES-SRV-010 rebooted-after-connector-install', () => {
  it('passes when the last boot is after the install date', async () => {
    expect((await runCheck(check, { serverSystem: system, connectorInstall: install('registry/uninstall-current.reg') })).status).toBe('pass');
  });

  // Microsoft's install guide asks for no restart after the connector install, and each auto-update writes a new date.
  it('reports, without warning, a connector installed or updated after the last boot', async () => {
    const o = await runCheck(check, { serverSystem: system, connectorInstall: install('registry/uninstall-new-date.reg') });
    expect(o).toMatchObject({ status: 'pass', message: expect.stringMatching(/installed or updated on 20261118 .*does not ask for a restart/) });
  });

  it('does not apply without a connector', async () => {
    expect(await runCheck(check, { serverSystem: system, connectorInstall: install('registry/uninstall-none.reg') })).toMatchObject({ status: 'skip' });
  });
});
