import { findScepSite, parseApplicationHost } from '../../parse/iis-config.js';
import { child, descend, parseXml } from '../../parse/xml.js';
import { trimEnd } from '../../parse/trim.js';
import type { ArtifactRecord } from '../manifest.js';
import { expandEnvironment } from './iis-web-config.js';

const IIS_DEFAULT_LOG_DIR = '%SystemDrive%\\inetpub\\logs\\LogFiles';
const HTTPERR_DEFAULT_DIR = '%SystemRoot%\\System32\\LogFiles';

/**
 * The folder IIS writes the NDES site's W3C log to, as applicationHost.config configures it: the
 * site's own `<logFile directory>` or `<siteDefaults><logFile>`, plus `W3SVC<site id>` (or
 * `W3SVC` under central W3C logging). Pure, so it is tested on configuration files.
 */
export function iisLogFolder(appHostText: string, env: NodeJS.ProcessEnv): { path: string; siteId: string } | { record: ArtifactRecord } {
  const command = 'locate the IIS log folder of the NDES site in applicationHost.config';
  let root;
  let site;
  try {
    root = parseXml(appHostText);
    site = findScepSite(parseApplicationHost(appHostText).sites);
  } catch (e) {
    return { record: { status: 'failed', command, message: `applicationHost.config: ${(e as Error).message}`, errorCode: 'E_FACT_MALFORMED' } };
  }
  if (!site) return { record: { status: 'not-found', command, message: 'no IIS site has the /CertSrv/mscep application' } };
  const host = child(root, 'system.applicationHost');
  const central = child(host, 'log');
  if ((central?.attrs.centralLogFileMode ?? '').toLowerCase() === 'centralw3c') {
    const dir = child(central, 'centralW3CLogFile')?.attrs.directory ?? IIS_DEFAULT_LOG_DIR;
    return { path: `${expandEnvironment(dir, env)}\\W3SVC`, siteId: site.id };
  }
  const siteElement = (child(host, 'sites')?.children ?? []).find((c) => c.name === 'site' && c.attrs.id === site.id && c.attrs.name === site.name);
  const defaults = descend(host, 'sites/siteDefaults/logFile');
  const own = child(siteElement, 'logFile');
  const attr = (name: string) => own?.attrs[name] ?? defaults?.attrs[name];
  if ((attr('enabled') ?? 'true').toLowerCase() === 'false') {
    return { record: { status: 'not-found', command, message: `IIS logging is turned off for site "${site.name}" (logFile enabled="false")` } };
  }
  const format = attr('logFormat') ?? 'W3C';
  if (format.toLowerCase() !== 'w3c') {
    return {
      record: { status: 'failed', command, message: `site "${site.name}" logs in the ${format} format; ndes-doctor reads W3C logs (logFormat="W3C")`, errorCode: 'E_FACT_UNAVAILABLE' },
    };
  }
  return { path: `${expandEnvironment(attr('directory') ?? IIS_DEFAULT_LOG_DIR, env)}\\W3SVC${site.id}`, siteId: site.id };
}

/** HTTP.sys writes to `<ErrorLoggingDir>\HTTPERR`; the registry value may hold %SystemRoot%. */
export function httpErrFolder(errorLoggingDir: string | undefined, env: NodeJS.ProcessEnv): string {
  return `${trimEnd(expandEnvironment(errorLoggingDir?.trim() || HTTPERR_DEFAULT_DIR, env), '\\')}\\HTTPERR`;
}
