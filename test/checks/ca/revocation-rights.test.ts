import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/ca/revocation-rights.js';
import type { Facts } from '../../../src/facts/index.js';
import { currentConnector, factFrom, runCheck } from '../host-facts.js';
import { ad } from '../account/rights-facts.js';
import { cmd } from '../../../src/engine/outcome.js';

const DOMAIN = 'S-1-5-21-3623811015-3361044348-30300820';
const security = (f: string) => factFrom('caSecurity', { 'ca.security': `ca-security/${f}` });
const settings = (f: string) => factFrom('connectorSettings', { 'connector.registry': `registry/${f}` });
const logons = (f: string) => factFrom('connectorServiceLogons', { 'connector.service-logons': `powershell/${f}` });
const config = (f: string) => factFrom('connectorAccountConfig', { 'connector.registry': `registry/${f}` });

/** The healthy connector (SYSTEM, revocation on), with the CA permissions of `ca`. */
const system = (ca: string, over: Partial<Facts> = {}) =>
  runCheck(check, {
    connectorInstall: currentConnector,
    caSecurity: security(ca),
    connectorSettings: settings('microsoft-intune-healthy.reg'),
    connectorServiceLogons: logons('service-logons-system.json'),
    connectorAccountConfig: config('microsoft-intune-healthy.reg'),
    adAccounts: ad('healthy.json'),
    ...over,
  });

/** The connector configured for CONTOSO\svc-connector, a member of group -1130. */
const domain = (ca: string, svc = 'service-logons-domain.json') =>
  runCheck(check, {
    connectorInstall: currentConnector,
    caSecurity: security(ca),
    connectorSettings: settings('microsoft-intune-domain-account.reg'),
    connectorServiceLogons: logons(svc),
    connectorAccountConfig: config('microsoft-intune-domain-account.reg'),
    adAccounts: ad('with-connector-service.json'),
  });

describe('NDES-CA-005 revocation-rights', () => {
  it('passes when the NDES server\'s computer account holds Issue and Manage Certificates and the connector runs as SYSTEM', async () => {
    const o = await system('ndes-computer.json');
    expect(o).toMatchObject({
      status: 'pass',
      message: 'The computer account NDES01$ holds Issue and Manage Certificates on CA01.corp.contoso.com\\Contoso Issuing CA 1 directly (PkiRevokeConnectorSvc runs as LocalSystem).',
    });
    expect(o.evidence?.actual).toContain(`allow Domain Admins (${DOMAIN}-512): Manage CA, Issue and Manage Certificates`);
  });

  it('warns on the CA\'s default permissions: only the CA server\'s own Administrators group could give the right, and its members are not visible here', async () => {
    const o = await system('default.json');
    expect(o.status).toBe('warn');
    expect(o.message).toBe(
      'The computer account NDES01$ (PkiRevokeConnectorSvc runs as LocalSystem) does not hold Issue and Manage Certificates on CA01.corp.contoso.com\\Contoso Issuing CA 1, directly or through its groups; ' +
        'only Administrators (S-1-5-32-544), a local group of the CA server, could give it, and its members cannot be seen from here. ' +
        "Unless the computer account NDES01$ is a member of it on the CA, Intune's revocation requests fail and certificates of retired devices stay valid. " +
        'Microsoft grants the right to the account itself.',
    );
    expect(o).toMatchObject({
      remediation: {
        text: expect.stringContaining("Add the NDES server's computer account (NDES01$)"),
        commands: expect.arrayContaining([cmd('certutil -config "CA01.corp.contoso.com\\Contoso Issuing CA 1" -getreg CA\\Security')]),
      },
    });
  });

  it('fails when no ACE could give the right, not even through a local group of the CA', async () => {
    const ca = security('default.json');
    if (!ca.security.read) throw new Error('default.json is a readable descriptor');
    const dacl = ca.security.descriptor.dacl!.filter((a) => !a.sid?.startsWith('S-1-5-32-'));
    const o = await system('default.json', { caSecurity: { ...ca, security: { ...ca.security, descriptor: { ...ca.security.descriptor, dacl } } } });
    expect(o).toMatchObject({ status: 'fail', message: expect.stringMatching(/^The computer account NDES01\$ \(PkiRevokeConnectorSvc runs as LocalSystem\) does not hold Issue and Manage Certificates, directly or through its groups, on CA01\.corp\.contoso\.com\\Contoso Issuing CA 1: Intune's revocation requests fail/) });
    expect(o.message).not.toContain('local group');
  });

  it('does not let a deny for one local group of the CA hide an allow for another: the account may be in the one and not the other', async () => {
    const ca = security('default.json');
    if (!ca.security.read) throw new Error('default.json is a readable descriptor');
    const dacl = [{ type: 1, flags: 0, mask: 0x2, sid: 'S-1-5-32-545' }, ...ca.security.descriptor.dacl!];
    const o = await system('default.json', { caSecurity: { ...ca, security: { ...ca.security, descriptor: { ...ca.security.descriptor, dacl } } } });
    expect(o).toMatchObject({ status: 'warn', message: expect.stringContaining('only Administrators (S-1-5-32-544), a local group of the CA server, could give it') });
  });

  it('passes the same account once AD reports it in BUILTIN\\Administrators (a CA on a domain controller)', async () => {
    const accounts = ad('healthy.json');
    accounts.accounts[1] = { ...accounts.accounts[1]!, tokenGroups: [...accounts.accounts[1]!.tokenGroups, 'S-1-5-32-544'] };
    expect(await system('builtin-only.json', { adAccounts: accounts })).toMatchObject({ status: 'pass', message: expect.stringContaining('through Administrators (S-1-5-32-544)') });
    expect((await system('builtin-only.json')).status).toBe('warn');
  });

  it('does not take Manage CA for the right, saying it does not let the account revoke', async () => {
    expect(await system('manage-ca-only.json')).toMatchObject({ status: 'warn', message: expect.stringContaining('It holds Manage CA, which does not let it revoke.') });
  });

  it('fails a deny ACE for the account even when a group of it is allowed', async () => {
    const o = await system('deny-computer.json');
    expect(o).toMatchObject({ status: 'fail', message: expect.stringContaining(`is denied Issue and Manage Certificates by the ACE for the computer account NDES01$ (${DOMAIN}-1104)`) });
    expect(o.evidence?.actual).toMatch(/^deny the computer account NDES01\$ .*allow Domain Computers \(S-1-5-21-[\d-]+-515\): Issue and Manage Certificates$/);
  });

  it('does not count inherit-only or object ACEs', async () => {
    // Only the CA's Administrators group could still give it: the inherit-only and object ACEs for NDES01$ did not.
    expect(await system('odd-aces.json')).toMatchObject({ status: 'warn', message: expect.stringContaining('only Administrators (S-1-5-32-544)') });
  });

  it('warns on a NULL DACL: the account can revoke, and so can anyone', async () => {
    expect(await system('null-dacl.json')).toMatchObject({ status: 'warn', severity: 'high', message: expect.stringContaining('has no DACL') });
  });

  it('judges the connector\'s domain account through its groups, on both sides', async () => {
    expect(await domain('connector-group.json')).toMatchObject({ status: 'pass', message: expect.stringContaining(`CONTOSO\\svc-connector holds Issue and Manage Certificates on CA01.corp.contoso.com\\Contoso Issuing CA 1 through ${DOMAIN}-1130`) });
    expect(await domain('ndes-computer.json')).toMatchObject({ status: 'warn', message: expect.stringContaining('CONTOSO\\svc-connector (PkiRevokeConnectorSvc runs as CONTOSO\\svc-connector) does not hold') });
  });

  it('follows the revocation service, not the other services: only PkiRevokeConnectorSvc runs as the domain account here', async () => {
    expect((await domain('connector-group.json', 'service-logons-mixed.json')).status).toBe('pass');
  });

  it('is not applicable when the revocation feature is off', async () => {
    const off = settings('microsoft-intune-healthy.reg');
    const o = await system('default.json', { connectorSettings: { ...off, enableRevocation: { name: 'EnableRevocation', type: 'REG_DWORD', data: 0 } } });
    expect(o).toMatchObject({ status: 'skip', skipReason: 'not-applicable', message: expect.stringContaining('EnableRevocation is not 1') });
  });

  it('fails LocalService, which reaches the CA anonymously', async () => {
    const svc = logons('service-logons-system.json');
    const local = { ...svc, services: svc.services.map((s) => (s.name === 'PkiRevokeConnectorSvc' ? { ...s, startName: 'NT AUTHORITY\\LocalService' } : s)) };
    expect(await system('ndes-computer.json', { connectorServiceLogons: local })).toMatchObject({ status: 'fail', message: expect.stringContaining('reaches the CA anonymously') });
  });

  it('errors, never guesses, when the CA refused or could not be reached', async () => {
    expect(await system('access-denied-de.json')).toMatchObject({
      status: 'error',
      errorCode: 'E_ACCESS_DENIED',
      message: expect.stringContaining('CA01.corp.contoso.com\\Zertifizierungsstelle Süd: CCertAdmin::GetConfigEntry: Zugriff verweigert 0x80070005 (WIN32: 5 ERROR_ACCESS_DENIED) (0x80070005)'),
    });
    expect(await system('rpc-unavailable.json')).toMatchObject({ status: 'error', errorCode: 'E_FACT_UNAVAILABLE', message: expect.stringContaining('(0x800706ba: the RPC server is unavailable') });
  });

  it('errors when the account cannot be known or looked up', async () => {
    const none = { ...logons('service-logons-system.json'), services: [] };
    const unconfigured = { ...config('microsoft-intune-healthy.reg'), useSystemAccount: undefined };
    expect(await system('ndes-computer.json', { connectorServiceLogons: none, connectorAccountConfig: unconfigured })).toMatchObject({ status: 'error', message: expect.stringContaining('the account that revokes is unknown') });
    // Without the service, the configured account counts: SYSTEM here.
    expect((await system('ndes-computer.json', { connectorServiceLogons: none })).status).toBe('pass');
    const refused = ad('healthy.json');
    refused.accounts[1] = { ...refused.accounts[1]!, sid: undefined, found: false, error: { message: 'Zugriff verweigert', hresult: -2147024891 } };
    expect(await system('ndes-computer.json', { adAccounts: refused })).toMatchObject({ status: 'error', errorCode: 'E_ACCESS_DENIED', message: expect.stringContaining('The computer account NDES01$ could not be looked up') });
    expect(await runCheck(check, { connectorInstall: currentConnector, caSecurity: security('connector-group.json'), connectorSettings: settings('microsoft-intune-domain-account.reg'), connectorServiceLogons: logons('service-logons-domain.json'), connectorAccountConfig: config('microsoft-intune-domain-account.reg'), adAccounts: ad('healthy.json') })).toMatchObject({ status: 'error', message: expect.stringContaining('has no entry for CONTOSO\\svc-connector') });
  });
});
