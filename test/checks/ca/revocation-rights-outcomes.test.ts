import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/ca/revocation-rights.js';
import type { Facts } from '../../../src/facts/index.js';
import { currentConnector, factFrom, runCheck } from '../host-facts.js';
import { ad } from '../account/rights-facts.js';

const security = (f: string) => factFrom('caSecurity', { 'ca.security': `ca-security/${f}` });
const settings = factFrom('connectorSettings', { 'connector.registry': 'registry/microsoft-intune-healthy.reg' });
const config = factFrom('connectorAccountConfig', { 'connector.registry': 'registry/microsoft-intune-healthy.reg' });
const runsAs = (startName: string) => ({ services: [{ name: 'PkiRevokeConnectorSvc', startName }], source: 'connector/service-logons.json' });

const system = (ca: string, over: Partial<Facts> = {}) =>
  runCheck(check, {
    connectorInstall: currentConnector,
    caSecurity: security(ca),
    connectorSettings: settings,
    connectorServiceLogons: runsAs('LocalSystem'),
    connectorAccountConfig: config,
    adAccounts: ad('healthy.json'),
    ...over,
  });

describe('NDES-CA-005: how the revoking account reaches the CA', () => {
  it.each(['LocalSystem', '.\\LocalSystem', ' LOCALSYSTEM ', 'NT AUTHORITY\\SYSTEM', 'NT AUTHORITY\\NetworkService', 'NT AUTHORITY\\Network Service', 'NT SERVICE\\PkiRevokeConnectorSvc'])(
    '%j is the computer account',
    async (name) => {
      const o = await system('ndes-computer.json', { connectorServiceLogons: runsAs(name) });
      expect(o).toMatchObject({ status: 'pass', message: expect.stringMatching(/^The computer account NDES01\$ holds Issue and Manage Certificates/) });
    },
  );

  it.each(['NT AUTHORITY\\LocalService', 'nt authority\\local service'])('%j reaches the CA anonymously', async (name) => {
    const o = await system('ndes-computer.json', { connectorServiceLogons: runsAs(name) });
    expect(o).toMatchObject({
      status: 'fail',
      message: `PkiRevokeConnectorSvc runs as ${name}: that account reaches the CA anonymously, and no right on the CA can be given to it, so Intune's revocations fail.`,
      evidence: { expected: 'the revoking account runs as SYSTEM or a domain account', actual: `PkiRevokeConnectorSvc runs as ${name}`, source: 'connector/service-logons.json' },
    });
    if (o.status === 'fail') expect(o.remediation.text).toMatch(/^On the CA: certsrv\.msc > right-click the CA > Properties > Security > Add the connector's account > allow/);
  });

  it.each(['xLocalSystem', 'LocalSystem2', '.\\LocalSystemX', 'NT AUTHORITY\\SYSTEM32', 'CONTOSO\\NT AUTHORITY\\SYSTEM', 'NT AUTHORITY\\NetworkServices', 'X NT SERVICE\\a', 'NT AUTHORITY\\LocalService1', 'CONTOSO\\NT AUTHORITY\\LocalService'])(
    '%j is an account of its own, looked up in AD',
    async (name) => {
      expect(await system('ndes-computer.json', { connectorServiceLogons: runsAs(name) })).toEqual({
        status: 'error',
        errorCode: 'E_FACT_UNAVAILABLE',
        message: `ad-accounts/healthy.json has no entry for ${name}; collect again with this version.`,
      });
    },
  );

  it('without the revocation service, follows the connector configuration: SYSTEM, or the configured account', async () => {
    const none = { services: [], source: 'connector/service-logons.json' };
    const bySystem = await system('ndes-computer.json', { connectorServiceLogons: none, connectorAccountConfig: { installed: true, useSystemAccount: true, source: 'c.reg' } });
    expect(bySystem.message).toContain('(the connector is configured for SYSTEM (UseSystemAccount=1))');
    const byName = await system('ndes-computer.json', { connectorServiceLogons: none, connectorAccountConfig: { installed: true, useSystemAccount: false, username: 'CONTOSO\\svc-x', source: 'c.reg' } });
    expect(byName.message).toBe('ad-accounts/healthy.json has no entry for CONTOSO\\svc-x; collect again with this version.');
    expect(await system('ndes-computer.json', { connectorServiceLogons: none, connectorAccountConfig: { installed: true, source: 'c.reg' } })).toEqual({
      status: 'error',
      errorCode: 'E_FACT_UNAVAILABLE',
      message: "Neither connector/service-logons.json lists PkiRevokeConnectorSvc nor does c.reg name the connector's account, so the account that revokes is unknown.",
    });
  });

  it('finds the service account by name among several service accounts, ignoring case and spaces', async () => {
    const healthy = ad('with-connector-service.json');
    const svc = healthy.accounts.find((a) => a.role.startsWith('service:'))!;
    const decoy = { ...svc, name: 'CONTOSO\\svc-other', sid: `${svc.sid!.replace(/-\d+$/, '')}-4242` };
    const accounts = { ...healthy, accounts: [decoy, ...healthy.accounts] };
    const o = await system('connector-group.json', { connectorServiceLogons: runsAs(` ${svc.name.toUpperCase()} `), adAccounts: accounts });
    expect(o.status).toBe('pass');
    expect(o.evidence?.expected).toContain(svc.sid);
    expect(o.evidence?.expected).not.toContain(decoy.sid);
  });

  it('errors when the computer is missing from AD, or found without a SID', async () => {
    const healthy = ad('healthy.json');
    expect(await system('ndes-computer.json', { adAccounts: { ...healthy, accounts: healthy.accounts.filter((a) => a.role !== 'computer') } })).toMatchObject({
      status: 'error',
      message: 'ad-accounts/healthy.json has no entry for the computer account; collect again with this version.',
    });
    const noSid = { ...healthy, accounts: healthy.accounts.map((a) => (a.role === 'computer' ? { ...a, sid: undefined } : a)) };
    expect((await system('ndes-computer.json', { adAccounts: noSid })).status).toBe('error');
  });
});

describe('NDES-CA-005: the words for each state of the CA permissions', () => {
  it.each(['default.json', 'deny-computer.json', 'manage-ca-only.json', 'null-dacl.json', 'ndes-computer.json', 'rpc-unavailable.json', 'access-denied-de.json', 'no-cainfo.json'])('%s', async (f) => {
    expect(await system(f)).toMatchSnapshot();
  });
});
