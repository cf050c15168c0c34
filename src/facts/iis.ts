import type { RawArtifact } from '../collect/manifest.js';
import { iisArtifacts, IIS_WEB_CONFIG_IDS } from '../collect/windows/iis-artifacts.js';
import { findScepSite, parseApplicationHost, parseAppcmdAppPools, parseWebConfig, type ApplicationHostConfig } from '../parse/iis-config.js';
import { effectiveAttribute, effectiveCollection, joinConfigPath, layersFor, physicalDir, readsWebConfig, sameDir, type ConfigFile, type ConfigLayer, type EffectiveAttribute } from '../parse/iis-effective.js';
import { decodeText } from '../parse/text.js';
import { defineFact, FactError, parsedOnce, parseOrThrow, requireBytes, type Parsed } from './fact.js';
import type { IisConfigFact, IisSite } from './iis-types.js';

/** Sites, bindings, applications and application pools as applicationHost.config declares them. */
export const iisConfig = defineFact({
  artifacts: ['iis.applicationhost'],
  derive(read): IisConfigFact {
    const { parsed, file } = readAppHost(read('iis.applicationhost'));
    return { sites: parsed.sites, appPools: parsed.appPools, source: file };
  },
});

/** A request limit as IIS applies it; `setBy` is absent when the IIS default applies. */
export interface IisLimit {
  value: number;
  setBy?: string;
  /** Config path of the web.config that set it, when one did. */
  webConfigLevel?: string;
  /** Config path the winning value applies from (a <location> or a web.config's level). */
  level?: string;
  /** web.config values in a section locked for that level: IIS answers 500.19 to every request there. */
  refused?: string[];
}

export interface IisSwitch {
  enabled: boolean;
  setBy?: string;
  /** As for IisLimit. */
  refused?: string[];
}

/** The effective configuration for the URL devices call: `<site>/CertSrv/mscep/mscep.dll`. */
export interface IisScepPathFact {
  site: string;
  /** Config path, e.g. `Default Web Site/CertSrv/mscep/mscep.dll`. */
  target: string;
  maxUrl: IisLimit;
  maxQueryString: IisLimit;
  maxAllowedContentLength: IisLimit;
  windowsAuthentication: IisSwitch;
  anonymousAuthentication: IisSwitch;
  /**
   * Whether IIS Request Filtering is installed, from the RequestFilteringModule entry of `<globalModules>`; undefined
   * when applicationHost.config has no such section to tell. Without it no request limit applies, until it is installed.
   */
  requestFilteringInstalled?: boolean;
  /** Configuration that was not taken into account: a web.config not collected, a locked section, a location not inherited. */
  notes: string[];
  /** Configuration files that apply to the path, as bundle files. */
  files: string[];
}

export interface IisMscepAdminFact {
  site: string;
  /** The `/CertSrv/mscep_admin` application as declared, when it exists. */
  application?: string;
  /** The request-filtering rule that makes IIS answer 404 for it, when one exists. */
  hiddenBy?: string;
  files: string[];
  notes: string[];
}

const REQUEST_FILTERING = 'system.webServer/security/requestFiltering';
const AUTH = 'system.webServer/security/authentication';
/** IIS defaults from the requestLimits schema. */
const LIMIT_DEFAULTS = { maxUrl: 4096, maxQueryString: 2048, maxAllowedContentLength: 30000000 } as const;

export const iisScepPath = defineFact({
  artifacts: ['iis.applicationhost', ...IIS_WEB_CONFIG_IDS],
  derive(read): IisScepPathFact {
    const ctx = loadContext(read);
    const site = ctx.site;
    const app = site.applications.find((a) => a.path.toLowerCase() === '/certsrv/mscep')!;
    const target = `${site.name}${app.path}/mscep.dll`;
    const { layers, notes } = resolveLayers(ctx, target);
    const refusedOf = (eff: EffectiveAttribute) => (eff.ignored.length ? { refused: eff.ignored } : {});
    const limit = (name: keyof typeof LIMIT_DEFAULTS): IisLimit => {
      const eff = effectiveAttribute(layers, REQUEST_FILTERING, 'requestLimits', name, ctx.parsed.sectionDefaults);
      notes.push(...eff.ignored);
      const refused = refusedOf(eff);
      if (eff.value === undefined) return { value: LIMIT_DEFAULTS[name], ...refused };
      if (!/^\s*\d+\s*$/.test(eff.value)) {
        throw new FactError('E_FACT_MALFORMED', `${eff.setBy}: ${name} must be a whole number of bytes; IIS refuses this configuration (HTTP 500.19)`);
      }
      return { value: Number(eff.value), setBy: eff.setBy, webConfigLevel: eff.webConfigLevel, level: eff.level, ...refused };
    };
    const toggle = (section: string): IisSwitch => {
      const eff = effectiveAttribute(layers, `${AUTH}/${section}`, '', 'enabled', ctx.parsed.sectionDefaults);
      notes.push(...eff.ignored);
      // Both authentication sections default to disabled in the IIS schema; the stock server level enables anonymous.
      return { enabled: eff.value?.trim().toLowerCase() === 'true', setBy: eff.setBy, ...refusedOf(eff) };
    };
    return {
      site: site.name,
      target,
      maxUrl: limit('maxUrl'),
      maxQueryString: limit('maxQueryString'),
      maxAllowedContentLength: limit('maxAllowedContentLength'),
      windowsAuthentication: toggle('windowsAuthentication'),
      anonymousAuthentication: toggle('anonymousAuthentication'),
      requestFilteringInstalled: requestFilteringInstalled(ctx.parsed),
      notes,
      files: [...new Set(layers.map((l) => l.file.file))],
    };
  },
});

export const iisMscepAdmin = defineFact({
  artifacts: ['iis.applicationhost', ...IIS_WEB_CONFIG_IDS],
  derive(read): IisMscepAdminFact {
    const ctx = loadContext(read);
    const site = ctx.site;
    const app = site.applications.find((a) => a.path.toLowerCase() === '/certsrv/mscep_admin');
    const target = `${site.name}${app?.path ?? '/CertSrv/mscep_admin'}`;
    const { layers, notes } = resolveLayers(ctx, target);
    const hidden = effectiveCollection(layers, `${REQUEST_FILTERING}/hiddenSegments`, 'segment').get('mscep_admin');
    const denied = [...effectiveCollection(layers, `${REQUEST_FILTERING}/denyUrlSequences`, 'sequence')].find(
      ([sequence]) => sequence.includes('mscep_admin') && `/certsrv/mscep_admin/`.includes(sequence),
    )?.[1];
    const out: IisMscepAdminFact = { site: site.name, files: [...new Set(layers.map((l) => l.file.file))], notes };
    if (app) out.application = `${site.name}${app.path}`;
    const rule = hidden ?? denied;
    if (rule && requestFilteringInstalled(ctx.parsed) === false) {
      notes.push(`${rule} would hide it, but IIS Request Filtering is not installed (no RequestFilteringModule in <globalModules>), so no rule applies`);
    } else if (rule) out.hiddenBy = rule;
    return out;
  },
});

/** Whether the Request Filtering module is installed; undefined when applicationHost.config has no `<globalModules>` to tell. */
function requestFilteringInstalled(parsed: ApplicationHostConfig): boolean | undefined {
  return parsed.globalModules?.some((m) => m.toLowerCase() === 'requestfilteringmodule');
}

/** Runtime state of each application pool (`Started`, `Stopped`, ...), by name. */
export const iisAppPoolStates = defineFact({
  artifacts: ['iis.apppools'],
  derive(read): Map<string, string> {
    const raw = requireBytes(read('iis.apppools'));
    return parseOrThrow(raw.file, () => parseAppcmdAppPools(decodeText(raw.bytes, raw.codePage)));
  },
});

interface Context {
  parsed: ApplicationHostConfig;
  appHost: ConfigFile;
  site: IisSite;
  /** Each collected web.config with the folder it was read from, as the site maps its URL path; no file when absent. */
  webConfigs: { dir?: string; file?: ConfigFile }[];
}

/** Three facts read applicationHost.config: it is parsed once per run. */
const appHosts = new WeakMap<Uint8Array, Parsed<ApplicationHostConfig>>();

function readAppHost(raw: RawArtifact): { parsed: ApplicationHostConfig; file: string } {
  return parsedOnce(appHosts, raw, parseApplicationHost);
}

function loadContext(read: (id: (typeof IIS_WEB_CONFIG_IDS)[number] | 'iis.applicationhost') => RawArtifact): Context {
  const { parsed, file } = readAppHost(read('iis.applicationhost'));
  const site = findScepSite(parsed.sites);
  if (!site) {
    throw new FactError(
      'E_FACT_UNAVAILABLE',
      `${file}: no site has a /CertSrv/mscep application, so the NDES role service is not installed in IIS (Install-WindowsFeature ADCS-Device-Enrollment, then configure it)`,
    );
  }
  const webConfigs: Context['webConfigs'] = [];
  for (const id of IIS_WEB_CONFIG_IDS) {
    const raw = read(id);
    const dir = physicalDir(site, iisArtifacts[id].windows.urlPath);
    // A folder without web.config is the normal case.
    if (raw.status === 'not-found') {
      webConfigs.push({ dir });
      continue;
    }
    const ok = requireBytes(raw);
    const scopes = parseOrThrow(ok.file, () => parseWebConfig(decodeText(ok.bytes, ok.codePage)));
    webConfigs.push({ dir, file: { file: ok.file, level: '', scopes, isAppHost: false } });
  }
  return { parsed, appHost: { file, level: '', scopes: parsed.scopes, isAppHost: true }, site, webConfigs };
}

/**
 * The configuration files on the way to `target`: applicationHost.config plus, at each URL level, the
 * collected web.config from the folder the site maps that level to (two applications may share a folder,
 * as /CertSrv/mscep and /CertSrv/mscep_admin do).
 */
function resolveLayers(ctx: Context, target: string): { layers: ConfigLayer[]; notes: string[] } {
  const notes: string[] = [];
  const files: ConfigFile[] = [ctx.appHost];
  const site = ctx.site;
  const segments = target.slice(site.name.length).split('/').filter(Boolean);
  // The last segment of the SCEP target is a file (mscep.dll), not a folder with its own web.config.
  const folders = target.toLowerCase().endsWith('.dll') ? segments.slice(0, -1) : segments;
  for (let i = 0; i <= folders.length; i++) {
    const url = `/${folders.slice(0, i).join('/')}`;
    const dir = physicalDir(site, url);
    if (!dir) continue;
    if (!readsWebConfig(site, url)) {
      notes.push(`${url} maps to ${dir}, below a virtual directory with allowSubDirConfig="false": IIS reads no web.config there`);
      continue;
    }
    const match = ctx.webConfigs.find((w) => w.dir !== undefined && sameDir(w.dir, dir));
    if (match?.file) files.push({ ...match.file, level: `${site.name}${url === '/' ? '' : url}` });
    else if (!match) notes.push(`${url} maps to ${dir}, whose web.config is not collected; settings there are not included`);
  }
  const applications = site.applications.map((app) => joinConfigPath(site.name, app.path));
  const { layers, notInherited } = layersFor(target, files, applications);
  return { layers, notes: [...notes, ...notInherited] };
}

export const iisFacts = {
  iisConfig,
  iisScepPath,
  iisMscepAdmin,
  iisAppPoolStates,
};
