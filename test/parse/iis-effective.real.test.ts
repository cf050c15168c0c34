import { describe, expect, it } from 'vitest';
import { findScepSite, parseApplicationHost, parseWebConfig } from '../../src/parse/iis-config.js';
import { effectiveAttribute, layersFor, physicalDir, type ConfigFile } from '../../src/parse/iis-effective.js';
import { realText } from '../helpers/real.js';

const appHostText = realText('iis/ndes-manual-ws2022-applicationHost.config');
const cfg = parseApplicationHost(appHostText);
const appHost: ConfigFile = { file: 'iis/applicationHost.config', level: '', scopes: cfg.scopes, isAppHost: true };
const MSCEP = 'Default Web Site/CertSrv/mscep';
const RF = 'system.webServer/security/requestFiltering';

// What IIS Manager writes to the site's web.config for the Intune step "Request Filtering > Edit
// Feature Settings": the section is delegated (overrideModeDefault="Allow"), so it lands there.
const siteWebConfig: ConfigFile = {
  file: 'iis/webconfig/site-root/web.config',
  level: 'Default Web Site',
  scopes: parseWebConfig(
    '<?xml version="1.0" encoding="UTF-8"?>\n<configuration>\n<system.webServer>\n<security>\n<requestFiltering>\n' +
      '<requestLimits maxUrl="65534" maxQueryString="65534" />\n</requestFiltering>\n</security>\n</system.webServer>\n</configuration>\n',
  ),
  isAppHost: false,
};

describe('effective IIS settings of the NDES applications on a real Server 2022 configuration', () => {
  it('maps the URLs NDES serves to the folders setup configured', () => {
    const site = findScepSite(cfg.sites)!;
    expect(physicalDir(site, '/CertSrv/mscep')).toBe('C:\\Windows\\system32\\CertSrv\\mscep');
    expect(physicalDir(site, '/CertSrv/mscep_admin')).toBe('C:\\Windows\\system32\\CertSrv\\mscep');
    expect(physicalDir(site, '/')).toBe('%SystemDrive%\\inetpub\\wwwroot');
    expect(physicalDir(site, '/CertSrv')).toBe('%SystemDrive%\\inetpub\\wwwroot\\CertSrv');
  });

  it('sees the query-string limit NDES setup writes (65536) and no maxUrl of its own', () => {
    const layers = layersFor(MSCEP, [appHost]).layers;
    const qs = effectiveAttribute(layers, RF, 'requestLimits', 'maxQueryString', cfg.sectionDefaults);
    expect(qs.value).toBe('65536');
    expect(qs.setBy).toContain(`<location path="${MSCEP}">`);
    expect(effectiveAttribute(layers, RF, 'requestLimits', 'maxUrl', cfg.sectionDefaults).value).toBeUndefined();
  });

  it('after the documented site-level change: maxUrl from web.config, maxQueryString still from the deeper <location>', () => {
    const layers = layersFor(MSCEP, [appHost, siteWebConfig]).layers;
    const url = effectiveAttribute(layers, RF, 'requestLimits', 'maxUrl', cfg.sectionDefaults);
    expect(url).toMatchObject({ value: '65534', webConfigLevel: 'Default Web Site', ignored: [] });
    expect(effectiveAttribute(layers, RF, 'requestLimits', 'maxQueryString', cfg.sectionDefaults).value).toBe('65536');
  });

  it('reads the authentication NDES setup leaves: anonymous and Windows on mscep, Windows only on mscep_admin', () => {
    const auth = 'system.webServer/security/authentication';
    const on = (path: string, el: string) => effectiveAttribute(layersFor(path, [appHost]).layers, auth, el, 'enabled', cfg.sectionDefaults).value;
    expect(on(MSCEP, 'anonymousAuthentication')).toBe('true');
    expect(on(MSCEP, 'windowsAuthentication')).toBe('true');
    expect(on(`${MSCEP}_admin`, 'anonymousAuthentication')).toBe('false');
    expect(on(`${MSCEP}_admin`, 'windowsAuthentication')).toBe('true');
    // The server-wide defaults that apply everywhere else.
    expect(on('Default Web Site', 'anonymousAuthentication')).toBe('true');
    expect(on('Default Web Site', 'windowsAuthentication')).toBe('false');
  });
});
