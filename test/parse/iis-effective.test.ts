import { describe, expect, it } from 'vitest';
import { parseWebConfig } from '../../src/parse/iis-config.js';
import { effectiveAttribute, layersFor, lockedFor, type ConfigFile } from '../../src/parse/iis-effective.js';

const RF = 'system.webServer/security/requestFiltering';
const ANON = 'system.webServer/security/authentication/anonymousAuthentication';
/** As applicationHost.config declares them: request filtering delegated, authentication locked. */
const DEFAULTS = new Map([
  [RF, 'Allow'],
  [ANON, 'Deny'],
]);

/** applicationHost.config with one <location> holding `inner`. */
const appHost = (attrs: string, inner: string): ConfigFile => ({
  file: 'iis/applicationHost.config',
  level: '',
  scopes: parseWebConfig(`<configuration><location path="Default Web Site" ${attrs}><system.webServer>${inner}</system.webServer></location></configuration>`),
  isAppHost: true,
});

const REQUEST_FILTERING = '<security><requestFiltering><requestLimits maxUrl="8192" /></requestFiltering></security>';
const ANONYMOUS = '<security><authentication><anonymousAuthentication enabled="true" /></authentication></security>';
const ASP_ONLY = '<asp />';

describe('lockedFor: a <location overrideMode> (un)locks only the sections written inside it', () => {
  it('Deny on a location that holds the section locks it for web.config files below', () => {
    expect(lockedFor(RF, 'Default Web Site', appHost('overrideMode="Deny"', REQUEST_FILTERING), DEFAULTS)).toBe(true);
    expect(lockedFor(RF, 'Default Web Site', appHost('allowOverride="false"', REQUEST_FILTERING), DEFAULTS)).toBe(true);
  });

  it('Deny on a location that holds other sections leaves a delegated section open', () => {
    expect(lockedFor(RF, 'Default Web Site', appHost('overrideMode="Deny"', ASP_ONLY), DEFAULTS)).toBe(false);
    expect(lockedFor(RF, 'Default Web Site', appHost('overrideMode="Deny"', ANONYMOUS), DEFAULTS)).toBe(false);
  });

  it('Allow on a location that holds the section unlocks it', () => {
    expect(lockedFor(ANON, 'Default Web Site/CertSrv/mscep', appHost('overrideMode="Allow"', ANONYMOUS), DEFAULTS)).toBe(false);
  });

  it('Allow on a location that holds other sections leaves a locked section locked', () => {
    expect(lockedFor(ANON, 'Default Web Site/CertSrv/mscep', appHost('overrideMode="Allow"', REQUEST_FILTERING), DEFAULTS)).toBe(true);
    expect(lockedFor(ANON, 'Default Web Site/CertSrv/mscep', appHost('overrideMode="Allow"', ASP_ONLY), DEFAULTS)).toBe(true);
  });

  it('a location for another site changes nothing', () => {
    const other = appHost('overrideMode="Deny"', REQUEST_FILTERING);
    other.scopes = other.scopes.map((s) => (s.path ? { ...s, path: 'Other Site' } : s));
    expect(lockedFor(RF, 'Default Web Site', other, DEFAULTS)).toBe(false);
  });
});

describe('effectiveAttribute: where the winning value applies from', () => {
  const at = (path: string): ConfigFile => ({
    file: 'iis/applicationHost.config',
    level: '',
    scopes: parseWebConfig(
      `<configuration><system.webServer><security><requestFiltering><requestLimits maxQueryString="65534" /></requestFiltering></security></system.webServer>` +
        `<location path="${path}"><system.webServer><security><requestFiltering><requestLimits maxQueryString="2048" /></requestFiltering></security></system.webServer></location></configuration>`,
    ),
    isAppHost: true,
  });
  const target = 'Default Web Site/CertSrv/mscep/mscep.dll';
  const winning = (file: ConfigFile) => effectiveAttribute(layersFor(target, [file]).layers, RF, 'requestLimits', 'maxQueryString', DEFAULTS);

  it('a <location> for mscep.dll itself wins, and says so', () => {
    expect(winning(at('Default Web Site/CertSrv/mscep/mscep.dll'))).toMatchObject({ value: '2048', level: 'Default Web Site/CertSrv/mscep/mscep.dll', webConfigLevel: undefined });
  });

  it('a <location> for the site wins over the top level, from the site', () => {
    expect(winning(at('Default Web Site'))).toMatchObject({ value: '2048', level: 'Default Web Site' });
  });
});

describe('layersFor: inheritInChildApplications="false"', () => {
  const APPS = ['Default Web Site', 'Default Web Site/CertSrv/mscep', 'Default Web Site/CertSrv/mscep_admin'];
  const file = (path: string, inherit: string): ConfigFile => ({
    file: 'iis/applicationHost.config',
    level: '',
    scopes: parseWebConfig(
      `<configuration><location path="${path}" ${inherit}><system.webServer><security><requestFiltering><requestLimits maxQueryString="65534" /></requestFiltering></security></system.webServer></location></configuration>`,
    ),
    isAppHost: true,
  });
  const value = (target: string, f: ConfigFile) => effectiveAttribute(layersFor(target, [f], APPS).layers, RF, 'requestLimits', 'maxQueryString', DEFAULTS).value;

  it('a site-level value marked not to reach child applications does not reach mscep, an application of its own', () => {
    const f = file('Default Web Site', 'inheritInChildApplications="false"');
    expect(value('Default Web Site/CertSrv/mscep/mscep.dll', f)).toBeUndefined();
    expect(layersFor('Default Web Site/CertSrv/mscep/mscep.dll', [f], APPS).notInherited).toEqual([
      'iis/applicationHost.config <location path="Default Web Site"> has inheritInChildApplications="false", so its settings stop at the application Default Web Site and do not reach Default Web Site/CertSrv/mscep/mscep.dll',
    ]);
  });

  it('it still applies in its own application, and without the attribute (or with "true") it reaches mscep', () => {
    expect(value('Default Web Site/CertSrv', file('Default Web Site', 'inheritInChildApplications="false"'))).toBe('65534');
    expect(value('Default Web Site/CertSrv/mscep/mscep.dll', file('Default Web Site/CertSrv/mscep', 'inheritInChildApplications="False"'))).toBe('65534');
    expect(value('Default Web Site/CertSrv/mscep/mscep.dll', file('Default Web Site', ''))).toBe('65534');
    expect(value('Default Web Site/CertSrv/mscep/mscep.dll', file('Default Web Site', 'inheritInChildApplications="true"'))).toBe('65534');
  });
});
