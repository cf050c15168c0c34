import { describe, expect, it } from 'vitest';
import { boundCerts, describeCert, findCert, ndesCertBindings, ndesSite, sslEntryFor } from '../../../src/checks/tls/binding.js';
import type { IisConfigFact } from '../../../src/facts/iis-types.js';
import type { SslBinding } from '../../../src/parse/netsh-sslcert.js';
import { binding, iis, netsh, store, thumbprintOf } from './tls-facts.js';

const A = 'A'.repeat(40);
const B = 'B'.repeat(40);
const C = 'C'.repeat(40);
const ip = (address: string, port: number, certHash = A): SslBinding => ({ endpoint: { kind: 'ip', ip: address, port }, key: `${address}:${port}`, certHash });
const host = (name: string, port: number, certHash = B): SslBinding => ({ endpoint: { kind: 'hostname', hostname: name, port }, key: `${name}:${port}`, certHash });
const ccs = (port: number): SslBinding => ({ endpoint: { kind: 'ccs', port }, key: `${port}` });

describe('ndesSite', () => {
  const site = (name: string, apps: string[]) => ({ ...iis([]).sites[0]!, name, applications: apps.map((path) => ({ path, applicationPool: 'SCEP', virtualDirectories: [] })) });

  it('is the site with the /CertSrv/mscep application, in any case, even when it is not Default Web Site', () => {
    const config: IisConfigFact = { ...iis([]), sites: [site('Default Web Site', ['/']), site('NDES', ['/', '/CERTSRV/MSCEP'])] };
    expect(ndesSite(config)?.name).toBe('NDES');
  });

  it('is Default Web Site, in any case, when no site has the application', () => {
    const config: IisConfigFact = { ...iis([]), sites: [site('Other', ['/', '/CertSrv']), site('DEFAULT WEB SITE', ['/'])] };
    expect(ndesSite(config)?.name).toBe('DEFAULT WEB SITE');
    expect(ndesSite({ ...iis([]), sites: [site('Other', ['/'])] })).toBeUndefined();
  });
});

describe('sslEntryFor: the HTTP.sys entry that serves an IIS binding', () => {
  const entries = [ip('0.0.0.0', 443, A), ip('10.0.0.5', 443, B), ip('10.0.0.5', 8443, C), host('ndes.contoso.com', 443, C), host('ndes.contoso.com', 8443, A), ccs(443)];

  it('an IP binding takes its own address first, then 0.0.0.0, on its port only', () => {
    expect(sslEntryFor(binding('10.0.0.5:443:'), entries)?.certHash).toBe(B);
    expect(sslEntryFor(binding('10.0.0.6:443:'), entries)?.certHash).toBe(A);
    expect(sslEntryFor(binding('*:443:'), entries)?.certHash).toBe(A);
    expect(sslEntryFor(binding('10.0.0.5:8443:'), entries)?.certHash).toBe(C);
    expect(sslEntryFor(binding('10.0.0.6:8443:'), entries)).toBeUndefined();
    expect(sslEntryFor(binding('*:8443:'), [ip('10.0.0.5', 8443)])).toBeUndefined();
  });

  it('[::] serves IPv6 addresses only, 0.0.0.0 every address (Microsoft, HTTP_SERVICE_CONFIG_SSL_KEY)', () => {
    const v6 = [ip('[::]', 443, B), ip('[2001:db8::1]', 443, C)];
    // IPv4 clients of a binding on every address get no certificate from [::].
    expect(sslEntryFor(binding('*:443:'), v6)).toBeUndefined();
    expect(sslEntryFor(binding('10.0.0.6:443:'), v6)).toBeUndefined();
    expect(sslEntryFor(binding('[2001:DB8::1]:443:'), v6)?.certHash).toBe(C);
    expect(sslEntryFor(binding('[2001:db8:0:0:0:0:0:1]:443:'), v6)?.certHash).toBe(C);
    expect(sslEntryFor(binding('[2001:db8::2]:443:'), v6)?.certHash).toBe(B);
    expect(sslEntryFor(binding('[2001:db8::2]:443:'), [ip('0.0.0.0', 443, A)])?.certHash).toBe(A);
    expect(sslEntryFor(binding('*:443:'), [...v6, ip('0.0.0.0', 443, A)])?.certHash).toBe(A);
  });

  it('an SNI binding takes the entry for its host name, lower-cased, on its port', () => {
    expect(sslEntryFor(binding('*:443:NDES.contoso.com', 1), entries)?.key).toBe('ndes.contoso.com:443');
    expect(sslEntryFor(binding('*:8443:ndes.contoso.com', 1), entries)?.key).toBe('ndes.contoso.com:8443');
    expect(sslEntryFor(binding('*:443:other.contoso.com', 1), entries)).toBeUndefined();
    expect(sslEntryFor(binding('*:9443:ndes.contoso.com', 1), entries)).toBeUndefined();
  });

  it('a central certificate store binding takes the store entry of its port', () => {
    expect(sslEntryFor(binding('*:443:ndes.contoso.com', 2), entries)?.endpoint).toEqual({ kind: 'ccs', port: 443 });
    expect(sslEntryFor(binding('*:443:ndes.contoso.com', 3), entries)?.endpoint.kind).toBe('ccs');
    expect(sslEntryFor(binding('*:8443:ndes.contoso.com', 2), entries)).toBeUndefined();
  });
});

describe('ndesCertBindings and boundCerts', () => {
  it('without an https binding on the site, examines the port-443 entries other than the central store', () => {
    const out = ndesCertBindings(iis([]), [ip('0.0.0.0', 443), ip('0.0.0.0', 8443), ccs(443), host('ndes.contoso.com', 443)]);
    expect(out.map((b) => b.label)).toEqual([
      '0.0.0.0:443 (HTTP.sys only: the NDES site has no https binding)',
      'ndes.contoso.com:443 (HTTP.sys only: the NDES site has no https binding)',
    ]);
  });

  it('judges both entries of a binding on every address, in either order: 0.0.0.0 for IPv4 clients, [::] for IPv6 ones', () => {
    for (const entries of [[ip('[::]', 443, B), ip('0.0.0.0', 443, A)], [ip('0.0.0.0', 443, A), ip('[::]', 443, B)]]) {
      expect(ndesCertBindings(iis([binding('*:443:')]), entries)).toEqual([
        { label: '*:443:', ssl: ip('0.0.0.0', 443, A) },
        { label: '*:443: (IPv6 clients)', ssl: ip('[::]', 443, B) },
      ]);
    }
    // A binding on one IPv4 address is never reached over IPv6.
    expect(ndesCertBindings(iis([binding('10.0.0.5:443:')]), [ip('0.0.0.0', 443, A), ip('[::]', 443, B)]).map((b) => b.label)).toEqual(['10.0.0.5:443:']);
  });

  it('with https bindings, keeps only those HTTP.sys serves', () => {
    expect(ndesCertBindings(iis([binding('*:443:'), binding('*:8443:')]), [ip('0.0.0.0', 443)])).toEqual([{ label: '*:443:', ssl: ip('0.0.0.0', 443) }]);
  });

  it('lists each certificate once, by thumbprint in any case, and leaves out bindings without one or with a certificate not in the store', () => {
    const my = store('my-healthy.json');
    const tp = thumbprintOf(my, 'CN=ndes01.contoso.com');
    const both = iis([binding('*:443:'), binding('10.0.0.5:443:'), binding('10.0.0.6:443:ndes', 1)]);
    const fact = netsh([
      ['0.0.0.0:443', tp],
      ['10.0.0.5:443', tp.toLowerCase()],
    ]);
    const certs = boundCerts(both, [...fact.bindings, { ...host('ndes', 443), certHash: undefined }, host('x', 443, C)], my);
    expect(certs.map((c) => [c.label, c.certHash])).toEqual([['*:443:', tp]]);
    expect(boundCerts(iis([binding('*:443:')]), [ip('0.0.0.0', 443, C)], my)).toEqual([]);
    expect(findCert(my, tp.toLowerCase())?.thumbprint).toBe(tp);
  });

  it('describes a certificate by subject and thumbprint, naming an empty subject', () => {
    expect(describeCert({ thumbprint: A, cert: { subject: 'CN=x' } })).toBe(`CN=x (thumbprint ${A})`);
    expect(describeCert({ thumbprint: A, cert: { subject: '' } })).toBe(`(empty subject) (thumbprint ${A})`);
  });
});
