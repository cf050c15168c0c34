import type { AppPoolIdentityType, AppPoolLogonType, IisAppPool, IisBinding, IisSite } from '../facts/iis-types.js';
import { child, children, parseXml, type KeepSpec, type XmlElement } from './xml.js';
import { excerpt, ParseError } from './errors.js';
import { trimEnd } from './trim.js';

/** An IIS configuration file that is XML but not the document expected. */
export class IisConfigError extends ParseError {
  override name = 'IisConfigError';
}

/** A `<location>` element, or the file's top level (path `''`), that can carry configuration sections. */
export interface ConfigScope {
  /** Path as written, relative to the file's own level (`Default Web Site/CertSrv/mscep`, `mscep`, or `''`). */
  path: string;
  /** `Allow`, `Deny` or `Inherit` as written; `allowOverride="false"` is reported as `Deny`. */
  overrideMode?: string;
  /** `inheritInChildApplications="false"`: the settings stop at the application the path is in. */
  notInChildApplications?: true;
  element: XmlElement;
}

export interface ApplicationHostConfig {
  sites: IisSite[];
  appPools: IisAppPool[];
  /** The top level first, then every `<location>` in file order. */
  scopes: ConfigScope[];
  /** `overrideModeDefault` of each declared section, by full section path (`system.webServer/security/requestFiltering`). */
  sectionDefaults: Map<string, string>;
  /** The native modules installed (`<globalModules>`, e.g. `RequestFilteringModule`); undefined when the file has no such section. */
  globalModules?: string[];
}

const IDENTITY_TYPES: readonly AppPoolIdentityType[] = ['ApplicationPoolIdentity', 'NetworkService', 'LocalService', 'LocalSystem', 'SpecificUser'];
const LOGON_TYPES: readonly AppPoolLogonType[] = ['LogonBatch', 'LogonService'];

/** The sections the IIS facts read in a scope (the top level or a `<location>`). */
const SCOPE_SECTIONS = {
  'system.webServer': {
    security: {
      requestFiltering: { requestLimits: {}, hiddenSegments: 'all', denyUrlSequences: 'all' },
      authentication: { windowsAuthentication: {}, anonymousAuthentication: {} },
    },
  },
} as const satisfies KeepSpec;

/**
 * What is built of applicationHost.config; the rest is only checked for well-formedness. A
 * shared-hosting server's file runs to tens of megabytes of sections no check reads.
 */
const APPLICATION_HOST_KEEP = {
  configSections: 'all',
  'system.applicationHost': {
    sites: {
      applicationDefaults: {},
      virtualDirectoryDefaults: {},
      site: { applicationDefaults: {}, virtualDirectoryDefaults: {}, application: { virtualDirectory: {}, virtualDirectoryDefaults: {} }, bindings: { binding: {} } },
    },
    applicationPools: { add: { processModel: {} }, applicationPoolDefaults: { processModel: {} } },
  },
  'system.webServer': { ...SCOPE_SECTIONS['system.webServer'], globalModules: { add: {} } },
  location: SCOPE_SECTIONS,
} as const satisfies KeepSpec;

export function parseApplicationHost(text: string): ApplicationHostConfig {
  const root = configurationRoot(text, APPLICATION_HOST_KEEP);
  const host = child(root, 'system.applicationHost');
  if (!host) throw new IisConfigError('no <system.applicationHost> element; this is not an applicationHost.config');
  return {
    sites: parseSites(child(host, 'sites')),
    appPools: parseAppPools(child(host, 'applicationPools')),
    scopes: scopesOf(root),
    sectionDefaults: sectionDefaults(child(root, 'configSections')),
    ...globalModules(child(child(root, 'system.webServer'), 'globalModules')),
  };
}

function globalModules(section: XmlElement | undefined): { globalModules?: string[] } {
  return section ? { globalModules: children(section, 'add').flatMap((m) => (m.attrs.name ? [m.attrs.name] : [])) } : {};
}

/** The site that hosts NDES: the one with a `/CertSrv/mscep` application (`Default Web Site` unless renamed). */
export function findScepSite(sites: readonly IisSite[]): IisSite | undefined {
  return sites.find((s) => s.applications.some((a) => a.path.toLowerCase() === '/certsrv/mscep'));
}

/** A web.config: only its scopes matter here. */
export function parseWebConfig(text: string): ConfigScope[] {
  return scopesOf(configurationRoot(text));
}

function configurationRoot(text: string, keep?: KeepSpec): XmlElement {
  const root = parseXml(text, keep);
  if (root.name !== 'configuration') throw new IisConfigError(`the root element is <${excerpt(root.name)}>, not <configuration>`);
  return root;
}

function scopesOf(root: XmlElement): ConfigScope[] {
  const scopes: ConfigScope[] = [{ path: '', element: root }];
  for (const loc of children(root, 'location')) {
    const allowOverride = loc.attrs.allowOverride?.toLowerCase();
    scopes.push({
      path: normalizePath(loc.attrs.path ?? ''),
      overrideMode: loc.attrs.overrideMode ?? (allowOverride === 'false' ? 'Deny' : allowOverride === 'true' ? 'Allow' : undefined),
      ...(loc.attrs.inheritInChildApplications?.trim().toLowerCase() === 'false' && { notInChildApplications: true as const }),
      element: loc,
    });
  }
  return scopes;
}

/** `.` and `` both mean "this level"; IIS also accepts surrounding slashes. */
export function normalizePath(path: string): string {
  const p = trimEnd(path.trim().replace(/\\/g, '/').replace(/^\/+/, ''), '/');
  return p === '.' ? '' : p;
}

function sectionDefaults(configSections: XmlElement | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (el: XmlElement, prefix: string) => {
    for (const c of el.children) {
      const name = c.attrs.name;
      if (!name) continue;
      if (c.name === 'sectionGroup') walk(c, `${prefix}${name}/`);
      else if (c.name === 'section' && c.attrs.overrideModeDefault) out.set(`${prefix}${name}`, c.attrs.overrideModeDefault);
    }
  };
  if (configSections) walk(configSections, '');
  return out;
}

function parseSites(sites: XmlElement | undefined): IisSite[] {
  const defaultPool = child(sites, 'applicationDefaults')?.attrs.applicationPool ?? 'DefaultAppPool';
  const defaultSubDirConfig = allowSubDirConfig(sites, true);
  return children(sites, 'site').map((site) => {
    const sitePool = child(site, 'applicationDefaults')?.attrs.applicationPool ?? defaultPool;
    const siteSubDirConfig = allowSubDirConfig(site, defaultSubDirConfig);
    return {
      name: site.attrs.name ?? '',
      id: site.attrs.id ?? '',
      bindings: children(child(site, 'bindings'), 'binding').map(parseBinding),
      applications: children(site, 'application').map((app) => {
        const appSubDirConfig = allowSubDirConfig(app, siteSubDirConfig);
        return {
          path: app.attrs.path ?? '/',
          applicationPool: app.attrs.applicationPool ?? sitePool,
          virtualDirectories: children(app, 'virtualDirectory').map((vd) => ({
            path: vd.attrs.path ?? '/',
            physicalPath: vd.attrs.physicalPath ?? '',
            allowSubDirConfig: booleanAttr(vd.attrs.allowSubDirConfig) ?? appSubDirConfig,
          })),
        };
      }),
    };
  });
}

/** allowSubDirConfig of the `<virtualDirectoryDefaults>` under `parent`, else `inherited`. */
function allowSubDirConfig(parent: XmlElement | undefined, inherited: boolean): boolean {
  return booleanAttr(child(parent, 'virtualDirectoryDefaults')?.attrs.allowSubDirConfig) ?? inherited;
}

/** IIS reads a boolean attribute as `true` or `false`, in any case; anything else is no value. */
function booleanAttr(value: string | undefined): boolean | undefined {
  const v = value?.trim().toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

export function parseBinding(el: XmlElement): IisBinding {
  const bindingInformation = el.attrs.bindingInformation ?? '';
  // The address may itself contain colons (IPv6 in brackets); the host header never does.
  const m = /^(.*):(\d*):([^:]*)$/.exec(bindingInformation);
  const binding: IisBinding = {
    protocol: (el.attrs.protocol ?? '').toLowerCase(),
    bindingInformation,
    ip: m?.[1] || '*',
    port: m?.[2] && Number(m[2]) >= 1 && Number(m[2]) <= 65535 ? Number(m[2]) : 0,
    host: m?.[3] ?? '',
    sslFlags: Number(el.attrs.sslFlags ?? 0) || 0,
  };
  if (el.attrs.certificateHash) binding.certificateHash = el.attrs.certificateHash.replace(/\s/g, '').toLowerCase();
  return binding;
}

function parseAppPools(pools: XmlElement | undefined): IisAppPool[] {
  const defaults = child(pools, 'applicationPoolDefaults');
  const defaultIdentity = child(defaults, 'processModel')?.attrs.identityType;
  const defaultLogon = child(defaults, 'processModel')?.attrs.logonType;
  return children(pools, 'add').map((pool) => {
    const pm = child(pool, 'processModel');
    // The password attribute is deliberately never read.
    const identityType = identityTypeOf(pm?.attrs.identityType ?? defaultIdentity);
    const out: IisAppPool = {
      name: pool.attrs.name ?? '',
      identityType,
      logonType: logonTypeOf(pm?.attrs.logonType ?? defaultLogon),
      autoStart: (pool.attrs.autoStart ?? defaults?.attrs.autoStart ?? 'true').toLowerCase() !== 'false',
      managedRuntimeVersion: pool.attrs.managedRuntimeVersion ?? defaults?.attrs.managedRuntimeVersion ?? 'v4.0',
    };
    if (identityType === 'SpecificUser' && pm?.attrs.userName) out.userName = pm.attrs.userName;
    return out;
  });
}

function identityTypeOf(value: string | undefined): AppPoolIdentityType {
  if (value === undefined) return 'ApplicationPoolIdentity';
  // Older tools write the numeric enum (0 LocalSystem, 1 LocalService, 2 NetworkService, 3 SpecificUser, 4 ApplicationPoolIdentity).
  const numeric = ['LocalSystem', 'LocalService', 'NetworkService', 'SpecificUser', 'ApplicationPoolIdentity'][Number(value)];
  const found = IDENTITY_TYPES.find((t) => t.toLowerCase() === (numeric ?? value).toLowerCase());
  if (!found) throw new IisConfigError(`unknown application pool identityType "${excerpt(value)}"`);
  return found;
}

function logonTypeOf(value: string | undefined): AppPoolLogonType {
  if (value === undefined) return 'LogonBatch';
  // The numeric enum: 0 LogonBatch, 1 LogonService.
  const found = LOGON_TYPES.find((t) => t.toLowerCase() === (LOGON_TYPES[Number(value)] ?? value).toLowerCase());
  if (!found) throw new IisConfigError(`unknown application pool logonType "${excerpt(value)}"`);
  return found;
}

/** Application pool runtime states from `appcmd list apppool /xml`, by pool name. */
export function parseAppcmdAppPools(text: string): Map<string, string> {
  const root = parseXml(text);
  if (root.name !== 'appcmd') throw new IisConfigError(`the root element is <${excerpt(root.name)}>, not <appcmd>`);
  const out = new Map<string, string>();
  for (const el of children(root, 'APPPOOL')) {
    const name = el.attrs['APPPOOL.NAME'];
    const state = el.attrs.state;
    // appcmd prints both for every pool ("Unknown" itself when WAS cannot tell); a missing one would read as a pool
    // that is not there or not running.
    if (name === undefined || state === undefined) throw new IisConfigError(`an <APPPOOL> element has no ${name === undefined ? 'APPPOOL.NAME' : `state (pool "${excerpt(name)}")`}`);
    out.set(name, state);
  }
  return out;
}

