import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/connector/connector-service-accounts.js';
import { currentConnector, factFrom, runCheck } from '../host-facts.js';
import { ad, admins, rights, users } from '../account/rights-facts.js';

const logons = (f: string) => factFrom('connectorServiceLogons', { 'connector.service-logons': `powershell/${f}` });
const config = (f: string) => factFrom('connectorAccountConfig', { 'connector.registry': `registry/${f}` });
const CONNECTOR_SID = 'S-1-5-21-3623811015-3361044348-30300820-1120';
/** Administrators with the connector account added, as Microsoft's prerequisites ask of a domain service account. */
const adminsWithConnector = { ...admins, members: [...admins.members, { name: 'CONTOSO\\svc-connector', sid: CONNECTOR_SID }] };
const run = (svc: string, reg: string, over: Record<string, unknown> = {}) =>
  runCheck(check, {
    connectorInstall: currentConnector,
    connectorServiceLogons: logons(svc),
    connectorAccountConfig: config(reg),
    userRights: rights('ndes-member.inf'),
    adAccounts: ad('with-connector-service.json'),
    usersGroup: users,
    administratorsGroup: admins,
    ...over,
  });

describe('NDES-CON-007 connector-service-accounts', () => {
  it('passes SYSTEM services when the connector is configured for SYSTEM', async () => {
    expect(await run('service-logons-system.json', 'microsoft-intune-healthy.reg')).toMatchObject({ status: 'pass', message: expect.stringContaining('LocalSystem') });
  });

  it('reads UseSystemAccount and Username from the CA subkey', () => {
    expect(config('microsoft-intune-healthy.reg')).toMatchObject({ installed: true, useSystemAccount: true, username: undefined });
    expect(config('microsoft-intune-domain-account.reg')).toMatchObject({ installed: true, useSystemAccount: false, username: 'CONTOSO\\svc-connector' });
  });

  it('fails a domain account without "Log on as a service"', async () => {
    const o = await run('service-logons-domain.json', 'microsoft-intune-domain-account.reg');
    expect(o).toMatchObject({ status: 'fail', message: expect.stringContaining('CONTOSO\\svc-connector (PkiCreateConnectorSvc, PfxCreateLegacyConnectorSvc, PkiRevokeConnectorSvc, PFXCertificateConnectorSvc) lacks Log on as a service') });
  });

  it('passes the domain account once the export grants it the right and it is a local administrator', async () => {
    const granted = factFrom('userRights', { 'account.user-rights': 'secedit/ndes-member.inf' });
    granted.rights.set('SeServiceLogonRight', [...granted.rights.get('SeServiceLogonRight')!, { kind: 'sid', sid: CONNECTOR_SID }]);
    expect((await run('service-logons-domain.json', 'microsoft-intune-domain-account.reg', { userRights: granted, administratorsGroup: adminsWithConnector })).status).toBe('pass');
  });

  it('warns when Active Directory returned no lockout state for the domain account, instead of passing on what was not read', async () => {
    const granted = factFrom('userRights', { 'account.user-rights': 'secedit/ndes-member.inf' });
    granted.rights.set('SeServiceLogonRight', [{ kind: 'sid', sid: CONNECTOR_SID }]);
    const accounts = ad('with-connector-service.json');
    const unread = { ...accounts, accounts: accounts.accounts.map((a) => (a.role.startsWith('service:') ? { ...a, uacComputed: undefined } : a)) };
    const o = await run('service-logons-domain.json', 'microsoft-intune-domain-account.reg', { userRights: granted, administratorsGroup: adminsWithConnector, adAccounts: unread });
    expect(o).toMatchObject({
      status: 'warn',
      message: 'Connector service account: Active Directory returned no msDS-User-Account-Control-Computed for CONTOSO\\svc-connector, so whether it is locked out or its password has expired was not read.',
    });
  });

  it('warns when the domain account is not a local administrator, directly or through a group', async () => {
    const granted = factFrom('userRights', { 'account.user-rights': 'secedit/ndes-member.inf' });
    granted.rights.set('SeServiceLogonRight', [{ kind: 'sid', sid: CONNECTOR_SID }]);
    const o = await run('service-logons-domain.json', 'microsoft-intune-domain-account.reg', { userRights: granted });
    expect(o).toMatchObject({ status: 'warn', message: expect.stringContaining('CONTOSO\\svc-connector (PkiCreateConnectorSvc, PfxCreateLegacyConnectorSvc, PkiRevokeConnectorSvc, PFXCertificateConnectorSvc) is not a member of the local Administrators group') });
    if (o.status !== 'warn') return;
    expect(o.remediation.commands?.map((c) => c.text)).toContain('Add-LocalGroupMember -SID S-1-5-32-544 -Member "CONTOSO\\svc-connector"');
    // Through a domain group in Administrators counts (group 1130 is in the account's tokenGroups).
    const viaGroup = { ...admins, members: [...admins.members, { name: 'CONTOSO\\Connector Admins', sid: 'S-1-5-21-3623811015-3361044348-30300820-1130' }] };
    expect((await run('service-logons-domain.json', 'microsoft-intune-domain-account.reg', { userRights: granted, administratorsGroup: viaGroup })).status).toBe('pass');
  });

  it('warns when the services do not run as the configured account', async () => {
    const granted = factFrom('userRights', { 'account.user-rights': 'secedit/ndes-member.inf' });
    granted.rights.set('SeServiceLogonRight', [{ kind: 'name', name: 'svc-connector' }]);
    const o = await run('service-logons-mixed.json', 'microsoft-intune-healthy.reg', { userRights: granted });
    expect(o.status).toBe('warn');
    expect(o.message).toContain('configured for SYSTEM (UseSystemAccount=1), but PkiRevokeConnectorSvc runs as CONTOSO\\svc-connector');
    expect(o.message).toContain('different accounts');
  });

  it('fails a locked-out connector account, and errors when its lookup failed', async () => {
    const locked = ad('with-connector-service.json');
    locked.accounts[2] = { ...locked.accounts[2]!, uacComputed: 0x10 };
    const granted = factFrom('userRights', { 'account.user-rights': 'secedit/ndes-member.inf' });
    granted.rights.set('SeServiceLogonRight', [{ kind: 'name', name: 'svc-connector' }]);
    expect(await run('service-logons-domain.json', 'microsoft-intune-domain-account.reg', { adAccounts: locked, userRights: granted })).toMatchObject({ status: 'fail', message: expect.stringContaining('is locked out') });
    expect(await run('service-logons-domain.json', 'microsoft-intune-domain-account.reg', { adAccounts: ad('healthy.json') })).toMatchObject({ status: 'error' });
  });
});
