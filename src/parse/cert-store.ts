/**
 * Parses the JSON that the collector's PowerShell prints for a certificate store
 * (`{ thumbprint, hasPrivateKey, rawData }` per certificate, rawData = base64 DER); each
 * certificate is described by ./x509.js. A file that is not a list of certificates fails as a
 * whole; a certificate whose data is cut short, that x509.js cannot describe, or whose HasPrivateKey
 * is not true or false becomes an `unreadable` entry, which every check that might need it reports
 * as an error, not a verdict.
 */
import { describeCertificate, type CertInfo } from './x509.js';
import { excerpt, jsonProblem, ParseError, plainMessage } from './errors.js';
import { jsonArrayElements } from './powershell-json.js';

// Only a readable entry has a private-key flag: an unreadable one's is unknown, not false.
export type StoreCert = { thumbprint: string } & (
  | { status: 'ok'; hasPrivateKey: boolean; cert: CertInfo }
  | { status: 'unreadable'; reason: string }
);

export class CertStoreParseError extends ParseError {
  override name = 'CertStoreParseError';
}

/** Parses the collector's JSON: `[]` is an empty store (ConvertTo-Json -InputObject @()), empty output a lost one. */
export function parseCertStoreJson(text: string): StoreCert[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw new CertStoreParseError('the file is empty; the collector writes [] for an empty store, so its output was lost');
  return oneByOne(trimmed) ?? atOnce(trimmed);
}

/**
 * The store read an entry at a time, when it is an array of objects as the collector writes it;
 * undefined for any other text. Parsed at once, thousands of entries (a few megabytes of base64)
 * live through several young collections, and V8 grows its young generation for them (15 MB more
 * memory touched by a store of 5,000, and 4% of its run); parsed one by one, each dies young.
 */
function oneByOne(text: string): StoreCert[] | undefined {
  const elements = jsonArrayElements(text);
  if (!elements?.every((source) => source.startsWith('{'))) return undefined;
  const certs: StoreCert[] = [];
  for (const [i, source] of elements.entries()) {
    let item: unknown;
    try {
      item = JSON.parse(source);
    } catch {
      // atOnce reports it, placed in the whole text.
      return undefined;
    }
    certs.push(storeCert(certificateEntry(item, i), i));
  }
  return certs;
}

function atOnce(text: string): StoreCert[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new CertStoreParseError(`not the JSON the collector writes (${jsonProblem(e)}); it starts with: ${excerpt(text.split(/\r?\n/, 1)[0] ?? '')}`);
  }
  const items = listOf(data);
  items.forEach((item, i) => certificateEntry(item, i));
  return items.map((item, i) => storeCert(item, i));
}

function certificateEntry(item: unknown, i: number): object {
  if (isCertificateEntry(item)) return item;
  const shape = item && typeof item === 'object' ? `an object with ${Object.keys(item).slice(0, 4).join(', ') || 'no properties'}` : JSON.stringify(item);
  throw new CertStoreParseError(`entry ${i + 1} is not a certificate (no Thumbprint, no RawData): ${shape}; this is not a certificate store export`);
}

/** ConvertTo-Json prints one object bare, an array as an array, and in Windows PowerShell 5.1 sometimes `{ value, Count }`. */
function listOf(data: unknown): unknown[] {
  if (Array.isArray(data)) return data;
  if (data === null) return [];
  if (typeof data === 'object') {
    const value = prop(data, 'value');
    if (Array.isArray(value) && prop(data, 'count') !== undefined) return value;
    return [data];
  }
  throw new CertStoreParseError(`expected a JSON array of certificates, found ${typeof data}`);
}

/**
 * Whether an entry is a certificate as the collector writes it. Anything else (store objects from
 * `Get-ChildItem Cert:\LocalMachine`, an error record) means the file is not a certificate list,
 * and reading it as an empty or partial store would invent an answer.
 */
function isCertificateEntry(item: unknown): item is object {
  return !!item && typeof item === 'object' && !Array.isArray(item) && (prop(item, 'rawdata') !== undefined || prop(item, 'thumbprint') !== undefined);
}

/** Base64 as PowerShell writes it is padded to whole quartets; a DER certificate's outer length covers all of it. */
function cutShort(b64: string, der: Buffer): string | undefined {
  if (b64.length % 4 !== 0) return `its base64 has ${b64.length} characters, not a multiple of 4`;
  if (der[0] !== 0x30 || der.length < 2) return undefined; // not DER at all: x509 reports it
  const first = der[1]!;
  const lengthBytes = first & 0x80 ? first & 0x7f : 0;
  if (der.length < 2 + lengthBytes) return `its DER is ${der.length} bytes, shorter than its own header`;
  const declared = lengthBytes ? der.subarray(2, 2 + lengthBytes).reduce((n, b) => n * 256 + b, 0) : first;
  const total = 2 + lengthBytes + declared;
  return der.length < total ? `its DER declares ${total} bytes but holds ${der.length}` : undefined;
}

function prop(obj: object, name: string): unknown {
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : (obj as Record<string, unknown>)[key];
}

function storeCert(item: unknown, index: number): StoreCert {
  if (!item || typeof item !== 'object') {
    return { thumbprint: '', status: 'unreadable', reason: `entry ${index + 1} is not an object` };
  }
  const listed = prop(item, 'thumbprint');
  const thumbprint = typeof listed === 'string' ? listed.replace(/\s/g, '').toUpperCase() : '';
  const raw = prop(item, 'rawdata');
  const b64 = typeof raw === 'string' ? raw.replace(/\s/g, '') : '';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) {
    return { thumbprint, status: 'unreadable', reason: 'rawData is missing or not base64' };
  }
  const der = Buffer.from(b64, 'base64');
  const cut = cutShort(b64, der);
  if (cut) return { thumbprint, status: 'unreadable', reason: `RawData is cut short: ${cut}` };
  // The collector selects HasPrivateKey, which PowerShell always writes as true or false: anything
  // else is a damaged or hand-made entry, and reading it as false would fail a certificate that has its key.
  const hasPrivateKey = prop(item, 'hasprivatekey');
  if (typeof hasPrivateKey !== 'boolean') {
    const found = hasPrivateKey === undefined ? 'missing' : JSON.stringify(hasPrivateKey);
    return { thumbprint, status: 'unreadable', reason: `HasPrivateKey is ${found}; the collector always writes true or false` };
  }
  try {
    const cert = describeCertificate(der);
    return { thumbprint: thumbprint || cert.thumbprint, hasPrivateKey, status: 'ok', cert };
  } catch (e) {
    return { thumbprint, status: 'unreadable', reason: plainMessage(e) };
  }
}
