/**
 * Parses the JSON that the collector's PowerShell prints for a certificate store
 * (`{ thumbprint, hasPrivateKey, rawData }` per certificate, rawData = base64 DER); each
 * certificate is described by ./x509.js. A damaged certificate becomes an `unreadable` entry
 * instead of failing the whole store.
 */
import { describeCertificate, type CertInfo } from './x509.js';
import { excerpt, jsonProblem, ParseError, plainMessage } from './errors.js';

export type StoreCert = { thumbprint: string; hasPrivateKey: boolean } & (
  | { status: 'ok'; cert: CertInfo }
  | { status: 'unreadable'; reason: string }
);

export class CertStoreParseError extends ParseError {
  override name = 'CertStoreParseError';
}

/** Parses the collector's JSON. Empty output is an empty store (ConvertTo-Json prints nothing for `@()`). */
export function parseCertStoreJson(text: string): StoreCert[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return [];
  let data: unknown;
  try {
    data = JSON.parse(trimmed);
  } catch (e) {
    throw new CertStoreParseError(`not the JSON the collector writes (${jsonProblem(e)}); it starts with: ${excerpt(trimmed.split('\n', 1)[0] ?? '')}`);
  }
  return listOf(data).map((item, i) => storeCert(item, i));
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

function prop(obj: object, name: string): unknown {
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : (obj as Record<string, unknown>)[key];
}

function storeCert(item: unknown, index: number): StoreCert {
  if (!item || typeof item !== 'object') {
    return { thumbprint: '', hasPrivateKey: false, status: 'unreadable', reason: `entry ${index + 1} is not an object` };
  }
  const listed = prop(item, 'thumbprint');
  const thumbprint = typeof listed === 'string' ? listed.replace(/\s/g, '').toUpperCase() : '';
  const hasPrivateKey = prop(item, 'hasprivatekey') === true;
  const raw = prop(item, 'rawdata');
  if (typeof raw !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(raw.replace(/\s/g, ''))) {
    return { thumbprint, hasPrivateKey, status: 'unreadable', reason: 'rawData is missing or not base64' };
  }
  try {
    const cert = describeCertificate(Buffer.from(raw, 'base64'));
    return { thumbprint: thumbprint || cert.thumbprint, hasPrivateKey, status: 'ok', cert };
  } catch (e) {
    return { thumbprint, hasPrivateKey, status: 'unreadable', reason: plainMessage(e) };
  }
}
