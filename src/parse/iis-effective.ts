import type { IisSite, IisVirtualDirectory } from '../facts/iis-types.js';
import { normalizePath, type ConfigScope } from './iis-config.js';
import { descend } from './xml.js';
import { trimEnd } from './trim.js';

/** One configuration file on the way to a URL, at the config path (`Default Web Site/CertSrv`) it sits at. */
export interface ConfigFile {
  /** Bundle file, for evidence. */
  file: string;
  /** Config path of the file's own level; `''` for applicationHost.config. */
  level: string;
  scopes: ConfigScope[];
  isAppHost: boolean;
}

/** A scope that covers the target path, in the order IIS merges them (later wins). */
export interface ConfigLayer {
  level: string;
  /** `iis/applicationHost.config <location path="Default Web Site/CertSrv/mscep">`, for evidence. */
  where: string;
  scope: ConfigScope;
  file: ConfigFile;
}

export interface EffectiveAttribute {
  /** Undefined when no layer sets it: the IIS default applies. */
  value?: string;
  /** The file and element that set the winning value. */
  setBy?: string;
  /** Config path of the web.config that set it, when a web.config (not applicationHost.config) won. */
  webConfigLevel?: string;
  /** Config path the winning value applies from (its file's level and <location> path joined). */
  level?: string;
  /** Layers whose value IIS does not accept (the section is locked for web.config files). */
  ignored: string[];
}

const key = (path: string) => normalizePath(path).toLowerCase();
const depth = (path: string) => (path === '' ? 0 : path.split('/').length);

export function joinConfigPath(level: string, rel: string): string {
  return [normalizePath(level), normalizePath(rel)].filter((p) => p !== '').join('/');
}

/** True when settings for `scopePath` apply to `target` (same path or a parent; IIS compares case-insensitively). */
export function covers(scopePath: string, target: string): boolean {
  const s = key(scopePath);
  const t = key(target);
  return s === '' || t === s || t.startsWith(`${s}/`);
}

/** The config path of the application `path` is in: the deepest of `applications` (config paths) that covers it. */
function applicationOf(path: string, applications: readonly string[]): string {
  return applications.filter((app) => covers(app, path)).reduce((a, b) => (depth(b) > depth(a) ? b : a), '');
}

/**
 * The scopes that apply to `target`, shallowest first. At one depth, applicationHost.config comes
 * before web.config files, so a web.config at a level overrides an apphost <location> for that level.
 * A <location inheritInChildApplications="false"> reaches only paths in its own application
 * (`applications`: the site's application roots as config paths); those it leaves out are in `notInherited`.
 */
export function layersFor(target: string, files: readonly ConfigFile[], applications: readonly string[] = []): { layers: ConfigLayer[]; notInherited: string[] } {
  const layers: ConfigLayer[] = [];
  const notInherited: string[] = [];
  const targetApplication = key(applicationOf(target, applications));
  for (const file of files) {
    for (const scope of file.scopes) {
      const level = joinConfigPath(file.level, scope.path);
      if (!covers(level, target)) continue;
      const where = scope.element.name === 'location' ? `${file.file} <location path="${scope.element.attrs.path ?? ''}">` : `${file.file} (top level)`;
      const application = scope.notInChildApplications ? applicationOf(level, applications) : undefined;
      if (application !== undefined && key(application) !== targetApplication) {
        notInherited.push(`${where} has inheritInChildApplications="false", so its settings stop at the application ${application || '(server level)'} and do not reach ${target}`);
        continue;
      }
      layers.push({ level, where, scope, file });
    }
  }
  const sorted = layers
    .map((layer, order) => ({ layer, order }))
    .sort((a, b) => depth(a.layer.level) - depth(b.layer.level) || a.order - b.order)
    .map((x) => x.layer);
  return { layers: sorted, notInherited };
}

/**
 * Whether a web.config may set `section` at `level`: the section's overrideModeDefault, changed by any
 * applicationHost.config <location overrideMode> that covers the level and holds the section itself
 * (a location's overrideMode locks or unlocks only the sections written inside it). Only this simple
 * form is honoured.
 */
export function lockedFor(section: string, level: string, appHost: ConfigFile | undefined, defaults: Map<string, string>): boolean {
  let mode = defaults.get(section) ?? 'Allow';
  const scopes = (appHost?.scopes ?? [])
    .filter((s) => s.overrideMode && s.overrideMode.toLowerCase() !== 'inherit' && covers(s.path, level) && descend(s.element, section) !== undefined)
    .sort((a, b) => depth(a.path) - depth(b.path));
  for (const s of scopes) mode = s.overrideMode!;
  return mode.toLowerCase() === 'deny';
}

/** The winning value of `section/element@attribute` across the layers. */
export function effectiveAttribute(
  layers: readonly ConfigLayer[],
  section: string,
  element: string,
  attribute: string,
  defaults: Map<string, string>,
): EffectiveAttribute {
  const out: EffectiveAttribute = { ignored: [] };
  const appHost = layers.find((l) => l.file.isAppHost)?.file;
  for (const layer of layers) {
    const el = descend(layer.scope.element, element === '' ? section : `${section}/${element}`);
    const value = el?.attrs[attribute];
    if (value === undefined) continue;
    const name = `${section}${element === '' ? '' : `/${element}`}@${attribute}="${value}"`;
    if (!layer.file.isAppHost && lockedFor(section, layer.level, appHost, defaults)) {
      out.ignored.push(`${layer.where} ${name}: the section is locked for web.config files, so IIS answers HTTP 500.19 instead of applying it`);
      continue;
    }
    out.value = value;
    out.setBy = `${layer.where} ${name}`;
    out.webConfigLevel = layer.file.isAppHost ? undefined : layer.level;
    out.level = layer.level;
  }
  return out;
}

/** A collection's effective members (`<add>`, `<remove>`, `<clear/>`), by key attribute, with where each was added. */
export function effectiveCollection(
  layers: readonly ConfigLayer[],
  collection: string,
  keyAttribute: string,
): Map<string, string> {
  const members = new Map<string, string>();
  for (const layer of layers) {
    const el = descend(layer.scope.element, collection);
    for (const item of el?.children ?? []) {
      const k = item.attrs[keyAttribute]?.toLowerCase();
      if (item.name === 'clear') members.clear();
      else if (item.name === 'remove' && k !== undefined) members.delete(k);
      else if (item.name === 'add' && k !== undefined) members.set(k, `${layer.where} ${collection}/add[@${keyAttribute}="${item.attrs[keyAttribute]}"]`);
    }
  }
  return members;
}

/** The folder IIS serves a URL path from: the longest matching application, then virtual directory. */
export function physicalDir(site: IisSite, url: string): string | undefined {
  const served = servedFrom(site, url);
  return served && [trimEnd(served.vdir.physicalPath, '\\/'), ...served.rest].join('\\');
}

/**
 * Whether IIS reads the web.config of the folder a URL path maps to: not in a folder below a virtual directory's
 * own when that directory has allowSubDirConfig="false".
 */
export function readsWebConfig(site: IisSite, url: string): boolean {
  const served = servedFrom(site, url);
  return !served || served.rest.length === 0 || served.vdir.allowSubDirConfig;
}

/** The virtual directory serving a URL path, and the folders below its own on the way. */
function servedFrom(site: IisSite, url: string): { vdir: IisVirtualDirectory; rest: string[] } | undefined {
  const lower = url.toLowerCase();
  const under = (base: string) => {
    const b = trimEnd(base.toLowerCase(), '/');
    return b === '' || lower === b || lower.startsWith(`${b}/`);
  };
  const app = site.applications.filter((a) => under(a.path)).sort((a, b) => b.path.length - a.path.length)[0];
  if (!app) return undefined;
  const inApp = url.slice(trimEnd(app.path, '/').length) || '/';
  const lowerInApp = inApp.toLowerCase();
  const vdir = app.virtualDirectories
    .filter((v) => {
      const b = trimEnd(v.path.toLowerCase(), '/');
      return b === '' || lowerInApp === b || lowerInApp.startsWith(`${b}/`);
    })
    .sort((a, b) => b.path.length - a.path.length)[0];
  if (!vdir) return undefined;
  return { vdir, rest: inApp.slice(trimEnd(vdir.path, '/').length).split('/').filter(Boolean) };
}

/** Compares Windows folders; the environment variables IIS writes are expanded to their usual values. */
export function sameDir(a: string, b: string): boolean {
  const norm = (p: string) =>
    trimEnd(
      p
        .replace(/%SystemDrive%/gi, 'C:')
        .replace(/%(SystemRoot|windir)%/gi, 'C:\\Windows')
        .replace(/\//g, '\\'),
      '\\',
    ).toLowerCase();
  return norm(a) === norm(b);
}
