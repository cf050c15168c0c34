import { readFile } from 'node:fs/promises';
import type { ArtifactRecord } from '../manifest.js';
import { findScepSite, parseApplicationHost } from '../../parse/iis-config.js';
import { physicalDir } from '../../parse/iis-effective.js';
import { decodeText } from '../../parse/text.js';
import { APPLICATION_HOST_CONFIG } from './iis-artifacts.js';

/**
 * Where the web.config for `urlPath` of the NDES site lives, as applicationHost.config maps it,
 * or why it cannot be told. A live collector then copies that file.
 */
export async function locateIisWebConfig(urlPath: string, env: NodeJS.ProcessEnv = process.env): Promise<{ path: string } | { record: ArtifactRecord }> {
  const command = `locate web.config for ${urlPath} in ${APPLICATION_HOST_CONFIG}`;
  let bytes: Uint8Array;
  try {
    bytes = await readFile(APPLICATION_HOST_CONFIG);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const denied = err.code === 'EACCES' || err.code === 'EPERM';
    return { record: { status: 'failed', command, message: err.message, errorCode: denied ? 'E_ACCESS_DENIED' : 'E_FACT_UNAVAILABLE' } };
  }
  return webConfigPathFor(decodeText(bytes), urlPath, env, command);
}

/** The pure half of locateIisWebConfig. */
export function webConfigPathFor(appHostText: string, urlPath: string, env: NodeJS.ProcessEnv, command = 'locate web.config'): { path: string } | { record: ArtifactRecord } {
  let sites;
  try {
    sites = parseApplicationHost(appHostText).sites;
  } catch (e) {
    return { record: { status: 'failed', command, message: `applicationHost.config: ${(e as Error).message}`, errorCode: 'E_FACT_MALFORMED' } };
  }
  const site = findScepSite(sites);
  const dir = site && physicalDir(site, urlPath);
  if (!dir) return { record: { status: 'not-found', command, message: `no site with /CertSrv/mscep maps ${urlPath} to a folder` } };
  return { path: `${expandEnvironment(dir, env)}\\web.config` };
}

/** Expands `%NAME%` the way IIS does for physical paths; unknown names stay as written. */
export function expandEnvironment(path: string, env: NodeJS.ProcessEnv): string {
  const lower = new Map(Object.entries(env).map(([k, v]) => [k.toLowerCase(), v]));
  return path.replace(/%([^%]+)%/g, (whole, name: string) => lower.get(name.toLowerCase()) ?? whole);
}
