import { describe, expect, it } from 'vitest';
import { parseAppcmdAppPools, parseApplicationHost, parseBinding, parseWebConfig } from '../../src/parse/iis-config.js';
import { decodeText } from '../../src/parse/text.js';
import { descend } from '../../src/parse/xml.js';
import { fixture } from '../facts/iis-fixtures.js';

const text = (name: string) => decodeText(fixture(name));

describe('parseApplicationHost', () => {
  it('keeps of each <location> only the sections the IIS facts read', () => {
    const cfg = parseApplicationHost(text('applicationHost.stock.config'));
    const mscep = cfg.scopes.find((s) => s.path === 'Default Web Site/CertSrv/mscep')!;
    const webServer = mscep.element.children.find((c) => c.name === 'system.webServer')!;
    expect(webServer.children.map((c) => c.name)).toEqual(['security']);
    expect(descend(webServer, 'security/requestFiltering/requestLimits')?.attrs.maxQueryString).toBe('65536');
    expect(descend(webServer, 'security/authentication/windowsAuthentication')?.attrs.enabled).toBe('true');
    // Sections no check reads (handlers, defaultDocument) are parsed, not kept.
    expect(descend(webServer, 'defaultDocument')).toBeUndefined();
  });

  it('says nothing of installed modules when the file has no <globalModules>, and an empty list when it is empty', () => {
    expect(parseApplicationHost(text('applicationHost.stock.config')).globalModules).toBeUndefined();
    const bare = '<configuration><system.applicationHost><sites/></system.applicationHost><system.webServer><globalModules></globalModules></system.webServer></configuration>';
    expect(parseApplicationHost(bare).globalModules).toEqual([]);
  });

  it('reads the stock NDES site, applications and SCEP pool (UTF-8 BOM, CRLF)', () => {
    const raw = fixture('applicationHost.stock.config');
    expect([raw[0], raw[1], raw[2]]).toEqual([0xef, 0xbb, 0xbf]);
    const cfg = parseApplicationHost(text('applicationHost.stock.config'));
    expect(cfg.sites).toHaveLength(1);
    const site = cfg.sites[0]!;
    expect(site).toMatchObject({ name: 'Default Web Site', id: '1' });
    expect(site.bindings).toEqual([{ protocol: 'http', bindingInformation: '*:80:', ip: '*', port: 80, host: '', sslFlags: 0 }]);
    expect(site.applications.map((a) => [a.path, a.applicationPool])).toEqual([
      ['/', 'DefaultAppPool'],
      ['/CertSrv/mscep_admin', 'SCEP'],
      ['/CertSrv/mscep', 'SCEP'],
    ]);
    expect(site.applications[0]!.virtualDirectories).toEqual([{ path: '/', physicalPath: '%SystemDrive%\\inetpub\\wwwroot', allowSubDirConfig: true }]);
    expect(cfg.appPools.find((p) => p.name === 'SCEP')).toEqual({
      name: 'SCEP',
      identityType: 'ApplicationPoolIdentity',
      logonType: 'LogonBatch',
      autoStart: true,
      managedRuntimeVersion: 'v4.0',
    });
  });

  it('skips the commented <location> example at the top and lists the real ones', () => {
    const cfg = parseApplicationHost(text('applicationHost.stock.config'));
    expect(cfg.scopes.map((s) => s.path)).toEqual(['', 'Default Web Site/CertSrv/mscep_admin', 'Default Web Site/CertSrv/mscep']);
    expect(cfg.sectionDefaults.get('system.webServer/security/requestFiltering')).toBe('Allow');
    expect(cfg.sectionDefaults.get('system.webServer/security/authentication/windowsAuthentication')).toBe('Deny');
  });

  it('reports a specific user but never the encrypted password', () => {
    const cfg = parseApplicationHost(text('applicationHost.healthy.config'));
    const scep = cfg.appPools.find((p) => p.name === 'SCEP')!;
    expect(scep).toEqual({ name: 'SCEP', identityType: 'SpecificUser', userName: 'CONTOSO\\svc-ndes', logonType: 'LogonBatch', autoStart: true, managedRuntimeVersion: 'v4.0' });
    expect(JSON.stringify(cfg.appPools)).not.toMatch(/enc:|password/i);
    expect(cfg.sites[0]!.bindings[1]).toMatchObject({ protocol: 'https', port: 443, ip: '*', sslFlags: 0 });
  });

  it('reads a German server: renamed site, gMSA, SNI binding', () => {
    const cfg = parseApplicationHost(text('applicationHost.de.config'));
    expect(cfg.sites[0]!.name).toBe('Standardwebsite');
    expect(cfg.sites[0]!.bindings[1]).toMatchObject({ port: 443, host: 'ndes.contoso.de', sslFlags: 1 });
    expect(cfg.appPools.find((p) => p.name === 'SCEP')).toMatchObject({ identityType: 'SpecificUser', userName: 'CONTOSO\\gmsa-ndes$', autoStart: false });
  });

  it('reads the logonType WAS uses for a pool: the default, the pool defaults, names and numbers', () => {
    const pools = (defaults: string, add: string) =>
      parseApplicationHost(
        `<configuration><system.applicationHost><applicationPools>${add}<applicationPoolDefaults>${defaults}</applicationPoolDefaults></applicationPools><sites/></system.applicationHost></configuration>`,
      ).appPools.map((p) => p.logonType);
    expect(pools('', '<add name="SCEP"/>')).toEqual(['LogonBatch']);
    expect(pools('<processModel logonType="LogonService"/>', '<add name="SCEP"/><add name="B"><processModel logonType="LogonBatch"/></add>')).toEqual(['LogonService', 'LogonBatch']);
    expect(pools('', '<add name="SCEP"><processModel logonType="1"/></add>')).toEqual(['LogonService']);
    expect(() => pools('', '<add name="SCEP"><processModel logonType="LogonInteractive"/></add>')).toThrow(/unknown application pool logonType "LogonInteractive"/);
  });

  it('fails with a reason on truncated, DOCTYPE and unexpected input', () => {
    expect(() => parseApplicationHost(text('applicationHost.truncated.config'))).toThrow(/not well-formed XML/);
    expect(() => parseApplicationHost(text('applicationHost.doctype.config'))).toThrow(/DOCTYPE/);
    expect(() => parseApplicationHost(text('applicationHost.nosites.config'))).toThrow(/unknown application pool identityType "NetworkServce"/);
    expect(() => parseApplicationHost('<configuration><system.webServer/></configuration>')).toThrow(/no <system.applicationHost>/);
    expect(() => parseWebConfig(text('web.config.notconfig'))).toThrow(/<html>, not <configuration>/);
  });
});

describe('parseBinding', () => {
  const b = (info: string, extra: Record<string, string> = {}) =>
    parseBinding({ name: 'binding', attrs: { protocol: 'HTTPS', bindingInformation: info, ...extra }, children: [] });

  it('splits address, port and host, IPv6 included', () => {
    expect(b('10.0.0.5:443:ndes.contoso.com')).toMatchObject({ protocol: 'https', ip: '10.0.0.5', port: 443, host: 'ndes.contoso.com' });
    expect(b('[2001:db8::5]:8443:')).toMatchObject({ ip: '[2001:db8::5]', port: 8443, host: '' });
  });

  it('keeps the certificate hash appcmd prints, normalised', () => {
    expect(b('*:443:', { certificateHash: 'AABBCCDDEEFF00112233445566778899AABBCCDD', sslFlags: '0' }).certificateHash).toBe(
      'aabbccddeeff00112233445566778899aabbccdd',
    );
  });

  it('does not invent a port from garbage: 0 when there is no port from 1 to 65535', () => {
    for (const info of ['nonsense', '', '*::', '*:0:', '*:65536:', '*:-1:']) expect(b(info), info).toMatchObject({ port: 0 });
    expect(b('*:1:')).toMatchObject({ port: 1 });
    expect(b('*:65535:')).toMatchObject({ port: 65535 });
  });
});

describe('parseAppcmdAppPools', () => {
  it('maps pool names to runtime state', () => {
    expect(parseAppcmdAppPools(text('apppools.stopped.xml'))).toEqual(new Map([['DefaultAppPool', 'Started'], ['SCEP', 'Stopped']]));
  });
  it('refuses other XML', () => {
    expect(() => parseAppcmdAppPools('<configuration/>')).toThrow(/not <appcmd>/);
  });
  it('refuses a pool without its name or state, which would read as missing or not running; keeps the state appcmd printed', () => {
    const stopped = text('apppools.stopped.xml');
    expect(() => parseAppcmdAppPools(stopped.replace(/ state="Stopped"/, ''))).toThrow('an <APPPOOL> element has no state (pool "SCEP")');
    expect(() => parseAppcmdAppPools(stopped.replace(/ APPPOOL\.NAME="SCEP"/, ''))).toThrow('an <APPPOOL> element has no APPPOOL.NAME');
    expect(parseAppcmdAppPools(stopped.replace(/state="Stopped"/, 'state="Unknown"')).get('SCEP')).toBe('Unknown');
  });
});
