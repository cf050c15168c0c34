import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/tls/ssl-binding.js';
import { IIS_APP_ID } from '../../../src/parse/netsh-sslcert.js';
import { parseBinding } from '../../../src/parse/iis-config.js';
import { binding, iis, netsh, run } from './tls-facts.js';

const HASH = '2ace368a90d2117be7a0065dfe259b2e8c94f538';

describe('NDES-TLS-001 tls-ssl-binding', () => {
  it('passes when *:443 is served by the 0.0.0.0:443 entry', async () => {
    const o = await run(check, { iisConfig: iis([binding('*:443:')]), sslBindings: netsh([['0.0.0.0:443', HASH]]) });
    expect(o.status).toBe('pass');
    expect(o.message).toContain(`*:443: -> 0.0.0.0:443 (${HASH.toUpperCase()})`);
  });

  it('matches an SNI binding to its Hostname:port entry, and an IP binding falls back to 0.0.0.0', async () => {
    const o = await run(check, {
      iisConfig: iis([binding('*:443:ndes.contoso.com', 1), binding('10.0.0.5:443:')]),
      sslBindings: netsh([
        ['ndes.contoso.com:443', HASH],
        ['0.0.0.0:443', HASH],
      ]),
    });
    expect(o.status).toBe('pass');
    expect(o.message).toContain('*:443:ndes.contoso.com -> ndes.contoso.com:443');
    expect(o.message).toContain('10.0.0.5:443: -> 0.0.0.0:443');
  });

  it('fails a binding on every address served by [::] alone: IPv4 clients get no certificate', async () => {
    const v6only = await run(check, { iisConfig: iis([binding('*:443:')]), sslBindings: netsh([['[::]:443', HASH]]) });
    expect(v6only.status).toBe('fail');
    expect(v6only.message).toContain('https *:443: (only [::]:443, which serves IPv6 clients alone)');
    const both = await run(check, { iisConfig: iis([binding('*:443:')]), sslBindings: netsh([['[::]:443', HASH], ['0.0.0.0:443', HASH]]) });
    expect(both.status).toBe('pass');
    expect(both.message).toContain(`*:443: -> 0.0.0.0:443 (${HASH.toUpperCase()}), IPv6 clients [::]:443 (${HASH.toUpperCase()})`);
  });

  it('leaves out an https binding IIS cannot listen on, and says so when no other is left', async () => {
    const unusable = parseBinding({ name: 'binding', attrs: { protocol: 'https', bindingInformation: 'garbage' }, children: [] });
    const alone = await run(check, { iisConfig: iis([unusable]), sslBindings: netsh([['0.0.0.0:443', HASH]]) });
    expect(alone).toMatchObject({ status: 'fail', message: 'The site "Default Web Site" hosting /CertSrv/mscep has no https binding IIS can listen on (NDES-IIS-003 names the one it cannot), so no certificate serves NDES over TLS.' });
    const beside = await run(check, { iisConfig: iis([unusable, binding('*:443:')]), sslBindings: netsh([['0.0.0.0:443', HASH]]) });
    expect(beside.status).toBe('pass');
    expect(beside.message).not.toContain('garbage');
    expect((await run(check, { iisConfig: iis([]), sslBindings: netsh([['0.0.0.0:443', HASH]]) })).message).toBe(
      'The site "Default Web Site" hosting /CertSrv/mscep has no https binding, so no certificate serves NDES over TLS.',
    );
  });

  it('reports an error, not a failure, for a binding served from the IIS Centralized Certificate Store (no hash to read)', async () => {
    const ccs = { bindings: [{ endpoint: { kind: 'ccs' as const, port: 443 }, key: '443', appId: IIS_APP_ID }], source: 'tls/netsh-sslcert.txt' };
    expect(await run(check, { iisConfig: iis([binding('*:443:ndes.contoso.com', 3)]), sslBindings: ccs })).toMatchObject({
      status: 'error',
      errorCode: 'E_FACT_UNAVAILABLE',
      message: expect.stringContaining('https *:443:ndes.contoso.com of "Default Web Site" is served from the IIS Centralized Certificate Store'),
    });
    // Without the central-store flag on the IIS binding, the same HTTP.sys table serves it nothing.
    expect((await run(check, { iisConfig: iis([binding('*:443:')]), sslBindings: ccs })).status).toBe('fail');
  });

  it('fails when the https port has no certificate binding, naming the binding and giving netsh/PowerShell commands', async () => {
    const o = await run(check, { iisConfig: iis([binding('*:443:')]), sslBindings: netsh([['0.0.0.0:8443', HASH]]) });
    expect(o.status).toBe('fail');
    expect(o.message).toContain('https *:443:');
    if (o.status !== 'fail') return;
    expect(o.remediation.commands?.map((c) => c.text).join('\n')).toContain('netsh http add sslcert ipport=0.0.0.0:443 certhash=<thumbprint> "appid={4dc3e181-e14b-4a21-b022-59fc669b0914}"');
  });

  it('fails an SNI binding when only an IP entry exists: HTTP.sys does not fall back for SNI', async () => {
    const o = await run(check, { iisConfig: iis([binding('*:443:ndes.contoso.com', 1)]), sslBindings: netsh([['0.0.0.0:443', HASH]]) });
    expect(o.status).toBe('fail');
  });

  it('fails when the NDES site has no https binding at all', async () => {
    const o = await run(check, { iisConfig: iis([]), sslBindings: netsh([['0.0.0.0:443', HASH]]) });
    expect(o).toMatchObject({ status: 'fail', evidence: { actual: 'no https binding' } });
  });
});
