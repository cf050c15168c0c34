import { describe, expect, it } from 'vitest';
import { findScepSite, parseApplicationHost } from '../../src/parse/iis-config.js';
import { realText } from '../helpers/real.js';

const FILES = {
  2019: 'iis/ndes-manual-ws2019-applicationHost.config',
  2022: 'iis/ndes-manual-ws2022-applicationHost.config',
} as const;
const ORIGINALS = {
  2019: 'iis/ndes-manual-ws2019-applicationHost.original.config',
  2022: 'iis/ndes-manual-ws2022-applicationHost.original.config',
} as const;

describe.each([2019, 2022] as const)('applicationHost.config as NDES setup wrote it on Server %i (real capture)', (version) => {
  const cfg = parseApplicationHost(realText(FILES[version]));

  it('finds the NDES site with both SCEP applications in the SCEP pool', () => {
    const site = findScepSite(cfg.sites)!;
    expect(site).toMatchObject({ name: 'Default Web Site', id: '1' });
    expect(site.bindings).toEqual([{ protocol: 'http', bindingInformation: '*:80:', ip: '*', port: 80, host: '', sslFlags: 0 }]);
    expect(site.applications.map((a) => [a.path, a.applicationPool, a.virtualDirectories[0]?.physicalPath])).toEqual([
      ['/', 'DefaultAppPool', '%SystemDrive%\\inetpub\\wwwroot'],
      ['/CertSrv/mscep_admin', 'SCEP', 'C:\\Windows\\system32\\CertSrv\\mscep'],
      ['/CertSrv/mscep', 'SCEP', 'C:\\Windows\\system32\\CertSrv\\mscep'],
    ]);
  });

  it('reads the SCEP pool NDES setup creates with the built-in identity', () => {
    expect(cfg.appPools.find((p) => p.name === 'SCEP')).toEqual({
      name: 'SCEP',
      identityType: 'ApplicationPoolIdentity',
      logonType: 'LogonBatch',
      autoStart: true,
      managedRuntimeVersion: 'v4.0',
    });
  });

  it('lists the two <location> elements NDES adds, not the commented example at the top', () => {
    expect(cfg.scopes.map((s) => s.path)).toEqual(['', 'Default Web Site/CertSrv/mscep_admin', 'Default Web Site/CertSrv/mscep']);
  });

  it('lists the native modules installed: Request Filtering on the 2022 server, not on the 2019 one', () => {
    expect(cfg.globalModules).toEqual(expect.arrayContaining(['StaticFileModule', 'IsapiModule', 'AnonymousAuthenticationModule']));
    expect(cfg.globalModules!.includes('RequestFilteringModule')).toBe(version === 2022);
  });

  it('reads which sections web.config files may set', () => {
    expect(cfg.sectionDefaults.get('system.webServer/security/requestFiltering')).toBe('Allow');
    expect(cfg.sectionDefaults.get('system.webServer/security/authentication/windowsAuthentication')).toBe('Deny');
    expect(cfg.sectionDefaults.get('system.webServer/security/authentication/anonymousAuthentication')).toBe('Deny');
    // The FTP server's own requestFiltering section is a different section.
    expect(cfg.sectionDefaults.get('system.ftpServer/security/requestFiltering')).toBe('Deny');
  });
});

describe.each([2019, 2022] as const)('applicationHost.config of Server %i before NDES setup (real capture)', (version) => {
  it('has no NDES site and no SCEP pool', () => {
    const cfg = parseApplicationHost(realText(ORIGINALS[version]));
    expect(cfg.sites.map((s) => s.name)).toEqual(['Default Web Site']);
    expect(findScepSite(cfg.sites)).toBeUndefined();
    expect(cfg.appPools.map((p) => p.name)).toEqual(['DefaultAppPool']);
    expect(cfg.scopes.map((s) => s.path)).toEqual(['']);
  });
});
