import { describe, expect, it } from 'vitest';
import check, { coverage, dnsNameMatches, isIpAddress, rank } from '../../../src/checks/tls/certificate-names.js';
import type { ServerSystemFact } from '../../../src/facts/server.js';
import type { CertInfo } from '../../../src/parse/x509.js';
import { binding, ctx, iis, netsh, run, store, thumbprintOf } from './tls-facts.js';

const names = (dnsNames: string[], commonNames: string[]) => ({ dnsNames, commonNames }) as unknown as CertInfo;

describe('isIpAddress: a URL host that is an address, not a name', () => {
  it('agrees with node:net on every host the URL parser writes', async () => {
    const { isIP } = await import('node:net');
    const hosts = ['10.0.0.5', '255.255.255.255', '0.0.0.0', '256.0.0.1', '10.0.0', '10.0.0.5.6', '1e1.0.0.1', 'ndes.contoso.com', '123.contoso.com', '::1', 'fe80::1', '2001:db8::5'];
    for (const host of hosts) expect([host, isIpAddress(host)]).toEqual([host, isIP(host) !== 0]);
  });

  it('reads a host as the URL parser writes it: IPv6 in brackets, IPv4 forms made dotted decimal', () => {
    expect(isIpAddress(new URL('https://[2001:db8::5]/certsrv/mscep/').hostname)).toBe(true);
    expect(isIpAddress(new URL('https://0x0a.0.0.5/').hostname)).toBe(true);
    expect(isIpAddress(new URL('https://ndes.contoso.com:8443/').hostname)).toBe(false);
  });
});

describe('dnsNameMatches: the edges', () => {
  it('a wildcard needs a label before the first dot of the name', () => {
    expect(dnsNameMatches('*.contoso.com', '.contoso.com')).toBe(false);
    expect(dnsNameMatches('*.contoso.com', 'x.contoso.com.')).toBe(true);
  });

  it('a name without a wildcard never matches another name of the same domain', () => {
    expect(dnsNameMatches('www.contoso.com', 'ndes.contoso.com')).toBe(false);
    expect(dnsNameMatches('*.contoso.com', 'ndes.fabrikam.com')).toBe(false);
  });
});

describe('coverage and rank', () => {
  it('the SAN wins; the CN counts only without DNS SANs, any of them', () => {
    expect(coverage(names(['other.contoso.com', 'ndes.contoso.com'], []), 'ndes.contoso.com')).toBe('san');
    expect(coverage(names([], ['other', 'ndes.contoso.com']), 'ndes.contoso.com')).toBe('cn-only');
    expect(coverage(names(['other.contoso.com'], ['ndes.contoso.com']), 'ndes.contoso.com')).toBe('none');
    expect(['none', 'san', 'cn-only'].map((c) => rank(c as 'san'))).toEqual([2, 0, 1]);
  });
});

describe('NDES-TLS-005 with the external name', () => {
  const healthy = store('my-healthy.json');
  const host = { fqdn: 'ndes01.contoso.com', partOfDomain: true, source: 'server/system.json' } as ServerSystemFact;
  const facts = { iisConfig: iis([binding('*:443:')]), sslBindings: netsh([['0.0.0.0:443', thumbprintOf(healthy, 'CN=ndes01.contoso.com')]]), certStoreMy: healthy, serverSystem: host };

  it('does not check the server FQDN twice when it is also the external name, and drops the note', async () => {
    const o = await run(check, facts, { ...ctx, options: { externalName: ' NDES01.contoso.com ' } });
    expect(o).toMatchObject({ status: 'pass', message: 'The bound certificate names ndes01.contoso.com in its SAN.', evidence: { expected: 'DNS SAN entries for ndes01.contoso.com' } });
    expect(o.evidence?.details).toBeUndefined();
    const plain = await run(check, facts);
    expect(plain.evidence?.details).toEqual({ note: 'No --external-name given; only the server FQDN was checked.' });
  });

  it('fails on an external name the certificate lacks, naming it and the TLS name-mismatch code', async () => {
    const o = await run(check, facts, { ...ctx, options: { externalName: 'scep.contoso-public.com' } });
    expect(o).toMatchObject({
      status: 'fail',
      message: 'The certificate bound to NDES does not name scep.contoso-public.com; devices connecting by that name get a name-mismatch TLS error.',
      evidence: { expected: 'DNS SAN entries for ndes01.contoso.com and scep.contoso-public.com', codes: ['12175'] },
    });
    if (o.status === 'fail') expect(o.remediation.commands?.[0]?.text).toContain("-DnsName 'ndes01.contoso.com','scep.contoso-public.com'");
    const workgroup = await run(check, { ...facts, serverSystem: { ...host, fqdn: 'ndes01', partOfDomain: false } });
    expect(workgroup.message).toContain('ndes01 (the server is not in a domain, so only its host name is known)');
  });
});
