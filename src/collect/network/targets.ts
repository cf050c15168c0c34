import { MSCEP_PATH } from '../../recordings/probes.js';

export interface ProbeTarget {
  input: string;
  /** The mscep.dll URL, without a query. */
  url: URL;
}

/**
 * Accepts a host name, a host:port, or a full URL. A URL without a path means the default NDES
 * path; a URL with one (e.g. `.../mscep.dll` or an application proxy prefix) is probed as given.
 */
export function parseTarget(input: string): ProbeTarget {
  const text = input.trim();
  if (!text) throw new Error('an empty target');
  // Error messages quote the input, never a password in it.
  const shown = withoutCredentials(text);
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new Error(`"${shown}" is neither a host name nor a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`"${shown}": only http:// and https:// URLs can be probed`);
  if (url.username || url.password) throw new Error(`"${shown}": remove the user name and password from the URL; NDES endpoints are probed without credentials`);
  url.search = '';
  url.hash = '';
  if (url.pathname === '/' || url.pathname === '') url.pathname = MSCEP_PATH;
  // Devices append /pkiclient.exe; probes go to mscep.dll itself.
  url.pathname = url.pathname.replace(/\/pkiclient\.exe$/i, '');
  return { input: text, url };
}

/** A --targets file: one target per line, with its line number; blank lines and # comments ignored. */
export function parseTargetLines(text: string): { line: number; target: string }[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((raw, i) => ({ line: i + 1, target: withoutComment(raw).trim() }))
    .filter((t) => t.target !== '');
}

export function parseTargetsFile(text: string): string[] {
  return parseTargetLines(text).map((t) => t.target);
}

/** `# comment` at the start or after whitespace; found by index, so a long line costs its length. */
function withoutComment(line: string): string {
  for (let at = line.indexOf('#'); at >= 0; at = line.indexOf('#', at + 1)) {
    if (at === 0 || /\s/.test(line[at - 1]!)) return line.slice(0, at);
  }
  return line;
}

/**
 * `https://user:secret@host` -> `https://user:***@host`, in a URL or a command-line argument holding
 * one (`--url=...`). Token by token with index searches, so a long line costs its length.
 */
export function withoutCredentials(s: string): string {
  if (!s.includes('@')) return s;
  return s.replace(/\S+/g, (token) => {
    const at = token.lastIndexOf('@');
    if (at < 0) return token;
    const head = token.slice(0, at);
    const scheme = head.indexOf('://');
    const start = Math.max(scheme >= 0 ? scheme + 3 : 0, head.indexOf('=') + 1);
    const userinfo = head.slice(start);
    const colon = userinfo.indexOf(':');
    if (colon < 0 || userinfo.includes('/')) return token;
    return `${token.slice(0, start)}${userinfo.slice(0, colon)}:***${token.slice(at)}`;
  });
}
