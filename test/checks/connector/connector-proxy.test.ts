import { describe, expect, it } from 'vitest';
import check, { proxyProblems } from '../../../src/checks/connector/connector-proxy.js';
import type { ConnectorSettingsFact } from '../../../src/facts/connector.js';
import { currentConnector, factFrom, runCheck } from '../host-facts.js';

const settings = (ref: string) => factFrom('connectorSettings', { 'connector.registry': ref });
const run = (ref: string) => runCheck(check, { connectorInstall: currentConnector, connectorSettings: settings(ref) });
const withProxy = (proxyServer: string, proxyUsername?: string) => {
  const s: ConnectorSettingsFact = { ...settings('registry/microsoft-intune-us-date.reg'), proxyServer, proxyUsername };
  return runCheck(check, { connectorInstall: currentConnector, connectorSettings: s });
};

describe('NDES-CON-005 connector-proxy', () => {
  it('passes without a proxy and with a full proxy URL', async () => {
    expect(await run('registry/microsoft-intune-healthy.reg')).toMatchObject({ status: 'pass', message: 'The connector uses no proxy.' });
    expect(await run('registry/microsoft-intune-us-date.reg')).toMatchObject({ status: 'pass', message: 'The connector uses proxy http://proxy.contoso.com:8080.' });
  });

  it('fails on a missing scheme, which Microsoft documents, and names the user name too', async () => {
    const o = await run('registry/microsoft-intune-broken.reg');
    expect(o.status).toBe('fail');
    expect(o.message).toContain('"proxy.contoso.com" has no http:// or https:// prefix');
    expect(o.message).toContain('CONTOSO\\proxyuser');
  });

  it('only warns (low) on a proxy user name or a path: Microsoft documents neither limit', async () => {
    const user = await withProxy('http://proxy.contoso.com:8080', 'CONTOSO\\proxyuser');
    expect(user).toMatchObject({ status: 'warn', severity: 'low' });
    expect(user.message).toMatch(/community reports say the connector cannot authenticate to a proxy.*Microsoft does not document either limit/);
    expect((await withProxy('http://proxy:8080/wpad.dat')).status).toBe('warn');
  });

  it('never repeats a password written into the proxy: the fact masks it', async () => {
    const o = await run('registry/microsoft-intune-proxy-password.reg');
    expect(o).toMatchObject({ status: 'pass', message: 'The connector uses proxy http://svc:***@proxy.contoso.com:8080.' });
    expect(JSON.stringify(o)).not.toContain('S3cr3t');
  });

  it('tells documented from undocumented problems', () => {
    expect(proxyProblems('http://', undefined)).toEqual([{ text: '"http://" is not a valid URL', documented: true }]);
    expect(proxyProblems('http://proxy:8080/wpad.dat', undefined)).toMatchObject([{ documented: false }]);
    expect(proxyProblems('https://proxy.contoso.com:3128', undefined)).toEqual([]);
  });
});
