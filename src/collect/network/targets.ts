/** Where NDES serves SCEP unless the URL says otherwise. */
export const MSCEP_PATH = '/certsrv/mscep/mscep.dll';

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
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new Error(`"${input}" is neither a host name nor a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`"${input}": only http:// and https:// URLs can be probed`);
  if (url.username || url.password) throw new Error(`"${input}": remove the user name and password from the URL`);
  url.search = '';
  url.hash = '';
  if (url.pathname === '/' || url.pathname === '') url.pathname = MSCEP_PATH;
  // Devices append /pkiclient.exe; probes go to mscep.dll itself.
  url.pathname = url.pathname.replace(/\/pkiclient\.exe$/i, '');
  return { input: text, url };
}

/** A --targets file: one target per line; blank lines and # comments ignored. */
export function parseTargetsFile(text: string): string[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter(Boolean);
}
