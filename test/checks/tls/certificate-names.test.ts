import { describe, expect, it } from 'vitest';
import check, { dnsNameMatches } from '../../../src/checks/tls/certificate-names.js';
import type { ServerSystemFact } from '../../../src/facts/server.js';
import { binding, ctx, iis, netsh, run, store, thumbprintOf } from './tls-facts.js';
import { powershell } from '../../../src/engine/outcome.js';

const healthy = store('my-healthy.json');
const broken = store('my-broken.json');
const varied = store('my-varied.json');
// Only the fields NDES-TLS-005 reads; the rest of ServerSystemFact is tested in test/facts/server.test.ts.
const host = (fqdn: string, partOfDomain = true) => ({ fqdn, partOfDomain, source: 'server/system.json' }) as ServerSystemFact;
const facts = (my: typeof healthy, subject: string, fqdn: string) => ({
  iisConfig: iis([binding('*:443:')]),
  sslBindings: netsh([['0.0.0.0:443', thumbprintOf(my, subject)]]),
  certStoreMy: my,
  serverSystem: host(fqdn),
});

describe('dnsNameMatches', () => {
  it('matches exactly (case-insensitive) and a wildcard over one label only', () => {
    expect(dnsNameMatches('NDES01.contoso.com', 'ndes01.contoso.com')).toBe(true);
    expect(dnsNameMatches('*.contoso.com', 'ndes01.contoso.com')).toBe(true);
    expect(dnsNameMatches('*.contoso.com', 'a.ndes01.contoso.com')).toBe(false);
    expect(dnsNameMatches('*.contoso.com', 'contoso.com')).toBe(false);
    expect(dnsNameMatches('ndes01.contoso.com', 'ndes01')).toBe(false);
  });
});

describe('NDES-TLS-005 tls-certificate-names', () => {
  it('passes when the SAN has the FQDN and the external name', async () => {
    const o = await run(check, facts(healthy, 'CN=ndes01.contoso.com', 'ndes01.contoso.com'), { ...ctx, options: { externalName: 'NDES.contoso.com' } });
    expect(o.status).toBe('pass');
    expect(o.message).toBe('The bound certificate names ndes01.contoso.com and ndes.contoso.com in its SAN.');
  });

  it('fails when --external-name is not in the certificate', async () => {
    const o = await run(check, facts(healthy, 'CN=ndes01.contoso.com', 'ndes01.contoso.com'), { ...ctx, options: { externalName: 'scep.fabrikam.com' } });
    expect(o.status).toBe('fail');
    expect(o.message).toContain('does not name scep.fabrikam.com');
    if (o.status !== 'fail') return;
    expect(o.remediation.commands?.[0]).toEqual(
      powershell("Get-Certificate -Template WebServer -SubjectName 'CN=ndes01.contoso.com' -DnsName 'ndes01.contoso.com','scep.fabrikam.com' -CertStoreLocation Cert:\\LocalMachine\\My"),
    );
  });

  it('fails a certificate issued to the NetBIOS name only', async () => {
    const o = await run(check, facts(broken, 'CN=NDES02', 'ndes02.contoso.com'));
    expect(o.status).toBe('fail');
    expect(o.evidence?.actual).toContain('CN NDES02; DNS SAN (none)');
  });

  it('warns when the FQDN is only in the CN and there is no SAN', async () => {
    const o = await run(check, facts(broken, 'CN=NDES02', 'ndes02'));
    expect(o.status).toBe('warn');
    expect(o.message).toContain('only in its CN');
  });

  it('ignores the CN when DNS SANs exist', async () => {
    // CN=ndes04.contoso.com, SAN ndes-alias.contoso.com only: clients never look at that CN.
    const o = await run(check, facts(varied, 'CN=ndes04.contoso.com', 'ndes04.contoso.com'));
    expect(o.status).toBe('fail');
    const alias = await run(check, facts(varied, 'CN=ndes04.contoso.com', 'ndes-alias.contoso.com'));
    expect(alias.status).toBe('pass');
  });
});
