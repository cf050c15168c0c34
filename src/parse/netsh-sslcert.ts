/**
 * Parser for `netsh http show sslcert`. netsh translates its labels ("Certificate Hash",
 * "Zertifikathash", ...), so entries are read by position and value shape only: an entry
 * starts with its endpoint (`0.0.0.0:443`, `[::]:443`, `ndes.contoso.com:443`, or a bare port
 * for the IIS central certificate store), the certificate hash is the 40-hex value, the
 * application id the braced GUID, and the store name the line after the application id.
 */
import { excerpt, ParseError } from './errors.js';
import { trailingWhitespace } from './trim.js';

export type SslEndpoint =
  | { kind: 'ip'; ip: string; port: number }
  | { kind: 'hostname'; hostname: string; port: number }
  | { kind: 'ccs'; port: number };

export interface SslBinding {
  endpoint: SslEndpoint;
  /** As printed: `0.0.0.0:443`, `ndes.contoso.com:443`. */
  key: string;
  /** SHA-1 thumbprint, upper-case; absent for central-store entries. */
  certHash?: string;
  /** Braced GUID, lower-case. */
  appId?: string;
  storeName?: string;
}

export class NetshParseError extends ParseError {
  override name = 'NetshParseError';
}

/** IIS registers its bindings with this application id. */
export const IIS_APP_ID = '{4dc3e181-e14b-4a21-b022-59fc669b0914}';

const HASH = /^[0-9a-f]{40}$/i;
const GUID = /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i;
const IPV4_PORT = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/;
const IPV6_PORT = /^\[([0-9a-f:.%]+)\]:(\d{1,5})$/i;
const HOST_PORT = /^([a-z0-9*_](?:[a-z0-9_.*-]*[a-z0-9_])?):(\d{1,5})$/i;
const PORT = /^\d{1,5}$/;

export function parseNetshSslcert(text: string): SslBinding[] {
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n\s*\n/);
  const bindings: SslBinding[] = [];
  let orphanHash = false;
  for (const block of blocks) {
    const values = block
      .split('\n')
      .map(pairValue)
      .filter((v): v is string => v !== undefined);
    if (values.length === 0) continue;
    const endpoint = endpointOf(values[0]!);
    if (!endpoint) {
      if (values.some((v) => HASH.test(v))) orphanHash = true;
      continue;
    }
    const appIndex = values.findIndex((v) => GUID.test(v));
    // A bare number also starts the `Extended Properties` sub-blocks (`PropertyId : 1`); only a
    // central-store entry pairs it with an application id.
    if (endpoint.kind === 'ccs' && appIndex < 0) continue;
    const hash = values.find((v) => HASH.test(v));
    const store = appIndex >= 0 ? values[appIndex + 1] : undefined;
    bindings.push({
      endpoint,
      key: values[0]!,
      certHash: hash?.toUpperCase(),
      appId: appIndex >= 0 ? values[appIndex]!.toLowerCase() : undefined,
      storeName: store && !HASH.test(store) && !GUID.test(store) ? store : undefined,
    });
  }
  if (bindings.length === 0 && orphanHash) {
    throw new NetshParseError('found certificate hashes but no binding endpoint (IP:port or hostname:port) before them');
  }
  // With no binding, only the header tells netsh's answer from any other text: its title is translated, the line of
  // dashes under it is not. A query for one endpoint that has none answers Windows' "cannot find the file" instead.
  if (bindings.length === 0 && !/^[ \t]*-{5,}[ \t]*\r?$/m.test(text) && !/cannot find the file specified/i.test(text)) {
    throw new NetshParseError(
      text.trim() === ''
        ? 'the output is empty; netsh prints its "SSL Certificate bindings:" header even when there is no binding, so the output was lost'
        : `no binding and no "SSL Certificate bindings:" header; this is not netsh http show sslcert output (it starts with: ${excerpt(text.trim().split(/\r?\n/, 1)[0]!)})`,
    );
  }
  // netsh ends every line with a line break, and every IP or host name binding has a hash and an
  // application id: output that lacks them was cut short, and later bindings may be missing.
  if (text.trim() !== '' && !trailingWhitespace(text).includes('\n')) {
    throw new NetshParseError(`the output ends in the middle of a line ("${text.trimEnd().split(/\r?\n/).pop()!.trim().slice(0, 60)}"); it looks cut short`);
  }
  const partial = bindings.find((b) => b.endpoint.kind !== 'ccs' && (!b.certHash || !b.appId));
  if (partial) throw new NetshParseError(`the binding ${partial.key} has no ${partial.certHash ? 'application id' : 'certificate hash'}; the output looks cut short`);
  return bindings;
}

/**
 * The value of a `Label   : value` line: after the first ` : ` that has a label before it and a
 * value after. Searched for directly: a lazy regular expression was quadratic on long blank runs.
 */
function pairValue(line: string): string | undefined {
  const separator = /\s:\s+(?=\S)/g;
  for (let m = separator.exec(line); m; m = separator.exec(line)) {
    if (line.slice(0, m.index).trim() !== '') return line.slice(m.index + m[0].length).trimEnd();
    separator.lastIndex = m.index + 1;
  }
  return undefined;
}

function endpointOf(value: string): SslEndpoint | undefined {
  const v4 = IPV4_PORT.exec(value);
  if (v4) return portOk({ kind: 'ip', ip: v4[1]!, port: Number(v4[2]) });
  const v6 = IPV6_PORT.exec(value);
  if (v6) return portOk({ kind: 'ip', ip: `[${v6[1]!}]`, port: Number(v6[2]) });
  const host = HOST_PORT.exec(value);
  if (host) return portOk({ kind: 'hostname', hostname: host[1]!.toLowerCase(), port: Number(host[2]) });
  if (PORT.test(value)) return portOk({ kind: 'ccs', port: Number(value) });
  return undefined;
}

function portOk(e: SslEndpoint): SslEndpoint | undefined {
  return e.port > 0 && e.port <= 65535 ? e : undefined;
}
