import { describe, expect, it } from 'vitest';
import { parseWebConfig } from '../../src/parse/iis-config.js';
import { lockedFor, type ConfigFile } from '../../src/parse/iis-effective.js';

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
