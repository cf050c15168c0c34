import { describe, expect, it } from 'vitest';
import check, { proxyProblems } from '../../../src/checks/connector/connector-proxy.js';
import { factFrom, runCheck } from '../host-facts.js';

const run = (ref: string) => runCheck(check, { connectorSettings: factFrom('connectorSettings', { 'connector.registry': ref }) });

describe('NDES-CON-005 connector-proxy', () => {
  it('passes without a proxy and with a full proxy URL', async () => {
    expect(await run('registry/microsoft-intune-healthy.reg')).toMatchObject({ status: 'pass', message: 'The connector uses no proxy.' });
    expect(await run('registry/microsoft-intune-us-date.reg')).toMatchObject({ status: 'pass', message: 'The connector uses proxy http://proxy.contoso.com:8080.' });
  });

  it('fails on a missing scheme and a proxy user name', async () => {
    const o = await run('registry/microsoft-intune-broken.reg');
    expect(o.status).toBe('fail');
    expect(o.message).toContain('"proxy.contoso.com" has no http:// or https:// prefix');
    expect(o.message).toContain('CONTOSO\\proxyuser');
  });

  it('rejects malformed URLs and paths', () => {
    expect(proxyProblems('http://', undefined)).toEqual(['"http://" is not a valid URL']);
    expect(proxyProblems('http://proxy:8080/wpad.dat', undefined)[0]).toContain('path');
    expect(proxyProblems('https://proxy.contoso.com:3128', undefined)).toEqual([]);
  });
});
