import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/connector/connector-service-accounts.js';
import type { ServiceLogonsFact } from '../../../src/facts/rights.js';
import { ad, admins, rights, users } from '../account/rights-facts.js';
import { currentConnector, factFrom, runCheck } from '../host-facts.js';

const config = (f: string) => factFrom('connectorAccountConfig', { 'connector.registry': `registry/${f}` });
const logons = (...services: [name: string, startName?: string][]): ServiceLogonsFact => ({ services: services.map(([name, startName]) => ({ name, startName })), source: 'connector/service-logons.json' });
const run = (l: ServiceLogonsFact, reg = 'microsoft-intune-healthy.reg', over: Record<string, unknown> = {}) =>
  runCheck(check, { connectorInstall: currentConnector, connectorServiceLogons: l, connectorAccountConfig: config(reg), userRights: rights('ndes-member.inf'), adAccounts: ad('with-connector-service.json'), usersGroup: users, administratorsGroup: admins, ...over });

describe('NDES-CON-007: how service accounts are named', () => {
  it.each(['LocalSystem', ' localsystem ', '.\\LocalSystem', 'NT AUTHORITY\\SYSTEM'])('%j is SYSTEM', async (name) => {
    expect(await run(logons(['PkiCreateConnectorSvc', name]))).toMatchObject({ status: 'pass', message: `The connector services run as ${name.trim()}, as configured.` });
  });

  it.each(['NT AUTHORITY\\NetworkService', 'NT AUTHORITY\\Network Service', ' nt authority\\localservice ', 'NT AUTHORITY\\Local Service'])('%j is built in: no AD lookup, but not what the connector is configured for', async (name) => {
    expect(await run(logons(['PkiCreateConnectorSvc', name]))).toMatchObject({ status: 'warn', severity: 'medium', message: `Connector service account: the connector is configured for SYSTEM (UseSystemAccount=1), but PkiCreateConnectorSvc runs as ${name}.` });
  });

  it.each(['xLocalSystem', 'LocalSystem2', 'CONTOSO\\NT AUTHORITY\\SYSTEM', 'NT AUTHORITY\\NetworkServices', 'X NT AUTHORITY\\LocalService', 'NT AUTHORITY\\LocalService1'])('%j is an account of its own, looked up in AD', async (name) => {
    expect(await run(logons(['PkiCreateConnectorSvc', name]))).toEqual({
      status: 'error',
      errorCode: 'E_FACT_UNAVAILABLE',
      message: `ad-accounts/with-connector-service.json has no entry for the connector account ${name}; collect again with this version.`,
    });
  });

  it('ignores the updater and services without an account; with nothing left it does not apply', async () => {
    expect(await run(logons(['AzureADConnectAgentUpdater', 'CONTOSO\\x'], ['PkiRevokeConnectorSvc']))).toEqual({
      status: 'skip',
      skipReason: 'not-applicable',
      message: 'No connector service other than the updater exists (see NDES-CON-003).',
    });
  });

  it('the configured domain account matches in any case and spacing; another account on one service warns, naming it', async () => {
    const granted = rights('ndes-member.inf');
    granted.rights.set('SeServiceLogonRight', [{ kind: 'name', name: 'svc-connector' }]);
    const administratorsGroup = { ...admins, members: [...admins.members, { name: 'CONTOSO\\svc-connector', sid: 'S-1-5-21-3623811015-3361044348-30300820-1120' }] };
    const same = await run(logons(['PkiCreateConnectorSvc', 'contoso\\SVC-CONNECTOR'], ['PkiRevokeConnectorSvc', ' CONTOSO\\svc-connector ']), 'microsoft-intune-domain-account.reg', { userRights: granted, administratorsGroup });
    // One account, however the service manager spells it: not "different accounts".
    expect(same).toMatchObject({ status: 'pass', message: 'The connector services run as CONTOSO\\svc-connector, as configured.' });
    const mixed = await run(logons(['PkiCreateConnectorSvc', 'CONTOSO\\svc-connector'], ['PkiRevokeConnectorSvc', 'LocalSystem']), 'microsoft-intune-domain-account.reg', { userRights: granted, administratorsGroup });
    expect(mixed.message).toContain('the connector is configured for CONTOSO\\svc-connector, but PkiRevokeConnectorSvc runs as LocalSystem');
    expect(mixed.message).toContain('the services run as different accounts (CONTOSO\\svc-connector, LocalSystem)');
  });
});
