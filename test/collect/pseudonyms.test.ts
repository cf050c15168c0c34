import { describe, expect, it } from 'vitest';
import { Pseudonyms } from '../../src/collect/pseudonyms.js';

const both = () => new Pseudonyms({ hosts: true, users: true }, ['NDES01']);

describe('Pseudonyms', () => {
  it('replaces names by their shapes: DNS names, UPNs, DN parts, DOMAIN\\account, computer accounts', () => {
    const p = both();
    expect(p.apply('https://ndes01.corp.contoso.com/certsrv and contoso.com')).toBe('https://host-1.domain-1.example/certsrv and domain-2.example');
    expect(p.apply('svc-ndes@contoso.com')).toBe('user-1@domain-2.example');
    expect(p.apply('CN=svc-ndes,OU=Service Accounts,DC=contoso,DC=com')).toBe('CN=user-1,OU=Service Accounts,DC=domain-2,DC=example');
    expect(p.apply('Issuer: CN=Contoso Issuing CA, DC=corp, DC=contoso, DC=com')).toContain('DC=domain-1, DC=example');
    // certutil writes one DN part a line.
    expect(p.apply('    DC=contoso\r\n    DC=com\r\n')).toBe('    DC=domain-2\r\n    DC=example\r\n');
    // A separator is kept as written between every part, spaces and comma on two lines included, in any case.
    expect(p.apply('dc=Contoso \n , Dc=COM')).toBe('DC=domain-2 \n , DC=example');
    expect(p.apply('CONTOSO\\svc-ndes and CONTOSO\\NDES01$')).toBe('DOMAIN-1\\user-1 and DOMAIN-1\\host-1$');
  });

  it('gives the same name the same token in every text and any case, and a token is never replaced again', () => {
    const p = both();
    const first = p.apply('NDES01 CONTOSO\\svc-ndes ndes01.contoso.com');
    expect(first).toBe('host-1 DOMAIN-1\\user-1 host-1.domain-1.example');
    expect(p.apply('ndes01 contoso\\SVC-NDES NDES01.CONTOSO.COM')).toBe(first);
    expect(p.apply(first)).toBe(first);
    expect(both().apply(first)).toBe(first);
  });

  it('replaces a learned name where it stands alone: a NetBIOS domain, an account, a computer', () => {
    const p = both();
    p.learn('<Computer>NDES07</Computer> "Name":  "CONTOSO\\\\svc-ndes"', true);
    expect(p.apply('Contoso Issuing CA 01; svc-ndes; NDES07-MSCEP-RA; contoso-root-ca.pem; http://pki/x_Contoso%20CA.crt')).toBe(
      'DOMAIN-1 Issuing CA 01; user-1; host-2-MSCEP-RA; DOMAIN-1-root-ca.pem; http://pki/x_DOMAIN-1%20CA.crt',
    );
    // A part of another word is not the name.
    expect(p.apply('svc-ndes2 mysvc-ndes NDES07X')).toBe('svc-ndes2 mysvc-ndes NDES07X');
  });

  it('learns accounts from JSON only with its doubled backslash: a single one there is an escape', () => {
    const p = both();
    p.learn('{"Text": "CA\\nSecond line", "Name": "FABRIKAM\\\\planted"}', true);
    expect(p.apply('planted CA')).toBe('user-1 CA');
    expect(p.apply('FABRIKAM')).toBe('DOMAIN-1');
  });

  it('replaces only host names with hosts, only account names with users', () => {
    const hosts = new Pseudonyms({ hosts: true, users: false });
    expect(hosts.apply('CONTOSO\\svc-ndes svc-ndes@contoso.com ndes.contoso.com')).toBe('DOMAIN-1\\svc-ndes svc-ndes@domain-1.example host-1.domain-1.example');
    const users = new Pseudonyms({ hosts: false, users: true });
    expect(users.apply('CONTOSO\\svc-ndes svc-ndes@contoso.com ndes.contoso.com')).toBe('CONTOSO\\user-1 user-1@contoso.com ndes.contoso.com');
    expect(hosts.counts).toEqual({ hosts: 3, users: 0 });
    expect(users.counts).toEqual({ hosts: 0, users: 2 });
    expect(new Pseudonyms({ hosts: false, users: false }).apply('CONTOSO\\svc-ndes')).toBe('CONTOSO\\svc-ndes');
  });

  it('replaces the domain of a wildcard name, internal suffixes such as .intern, and the server in a bundle file name', () => {
    const p = both();
    expect(p.apply('DNS SAN *.contoso.com, ndes.contoso.com')).toBe('DNS SAN *.domain-1.example, host-2.domain-1.example');
    // Only a star makes a name start after a dot: the part after `a.` is not a name of its own.
    expect(p.apply('x.contoso.com')).toBe('host-3.domain-1.example');
    expect(p.apply('https://ndes.fabrikam.intern/certsrv and svc@fabrikam.lab')).toBe('https://host-2.domain-3.example/certsrv and user-1@domain-2.example');
    const name = 'ndes-doctor-NDES02-20261120T091402Z.zip';
    expect(p.apply(`--bundle ${name}; NDES02 is up`)).toBe('--bundle ndes-doctor-host-4-20261120T091402Z.zip; host-4 is up');
    expect(p.apply('ndes-doctor-host-4-20261120T091402Z.zip ndes-doctor-server-20261120T091402Z.zip')).toBe('ndes-doctor-host-4-20261120T091402Z.zip ndes-doctor-server-20261120T091402Z.zip');
  });

  it('learns the account of a lower-case DOMAIN\\account once the domain is known, and only then', () => {
    const p = both();
    expect(p.apply('identity contoso\\svc-ndes; inetsrv\\config')).toBe('identity contoso\\svc-ndes; inetsrv\\config');
    p.learn('CONTOSO\\Domain Users');
    expect(p.apply('identity contoso\\svc-ndes; inetsrv\\config')).toBe('identity DOMAIN-1\\user-1; inetsrv\\config');
  });

  it("replaces the customer's host of an application proxy URL and keeps the service's domain", () => {
    const p = both();
    expect(p.apply('https://ndes-contoso.msappproxy.net/certsrv/mscep/mscep.dll')).toBe('https://host-2.msappproxy.net/certsrv/mscep/mscep.dll');
    expect(p.apply('https://host-2.msappproxy.net/x msappproxy.net autoupdate.msappproxy.net')).toBe('https://host-2.msappproxy.net/x msappproxy.net autoupdate.msappproxy.net');
  });

  it('keeps the product words when the server is named after one: check IDs, the tool, the service', () => {
    const p = new Pseudonyms({ hosts: true, users: true }, ['NDES']);
    expect(p.apply('NDES-MSCEP-002: reinstall the NDES role; ndes-doctor explain 10; ndes.contoso.com')).toBe(
      'NDES-MSCEP-002: reinstall the NDES role; ndes-doctor explain 10; host-1.domain-1.example',
    );
  });

  it('learns a probed host: a short name stands for the server, the rest of a long one is a domain', () => {
    const p = both();
    p.learnHost('ndes02');
    p.learnHost('ndes.fabrikam.xyz');
    p.learnHost('10.0.0.5');
    p.learnHost('[::1]');
    expect(p.apply('No TLS handshake with ndes02:443; ndes.fabrikam.xyz; 10.0.0.5; ::1')).toBe('No TLS handshake with host-2:443; host-3.domain-1.example; 10.0.0.5; ::1');
    // Without having been probed, a name under an unknown last label is taken for a file name.
    expect(both().apply('ndes.fabrikam.xyz')).toBe('ndes.fabrikam.xyz');
  });

  it('leaves what only looks like a name: files, versions, .NET, Microsoft services, built-in accounts, paths', () => {
    const p = both();
    const kept = [
      'mscep.dll web.config HTTP.sys 10.0.20348 ASP.NET 4.x C:\\Windows\\Microsoft.NET\\Framework64',
      'https://manage.microsoft.com/ login.microsoftonline.com',
      'NT AUTHORITY\\SYSTEM BUILTIN\\Administrators IIS APPPOOL\\SCEP NT SERVICE\\W3SVC',
      'HKLM\\SOFTWARE\\Microsoft certutil -getreg CA\\Security secedit /cfg "$env:TEMP\\rights.inf"',
      'CONTOSO\\Domain Admins',
    ];
    for (const s of kept.slice(0, 4)) expect(p.apply(s)).toBe(s);
    expect(p.apply(kept[4]!)).toBe('DOMAIN-1\\Domain Admins');
  });
});
