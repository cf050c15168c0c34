/**
 * Parsers for `certutil -config <CA> -ping` and `certutil -config <CA> -cainfo type`, as the
 * collector runs them: certutil's console output followed by `==== ndes-doctor exit <code>`.
 * The sentences are translated; the interface name `ICertRequest2`, the HRESULTs with their
 * symbolic names (`0x800706ba (WIN32: 1722 RPC_S_SERVER_UNAVAILABLE)`), the CA type number and
 * its `ENUM_*` name are not.
 */
import { ParseError } from './errors.js';

export class CertutilCaParseError extends ParseError {
  override name = 'CertutilCaParseError';
}

export interface CertutilError {
  /** `0x800706ba`. */
  hresult: string;
  /** `RPC_S_SERVER_UNAVAILABLE`, when certutil printed the name. */
  name?: string;
  /** The Win32 error inside the HRESULT (1722), when certutil printed it. */
  win32?: number;
  line: string;
}

const EXIT = /^==== ndes-doctor exit (-?\d+)\s*$/m;
const HRESULT = /\b(0x8[0-9a-f]{7})\s*\((?:(-?\d+)|WIN32:\s*(\d+)|WinHttp:\s*(\d+))(?:\s+([A-Z][A-Z0-9_]+))?\)?/i;

function exitCode(text: string): number {
  const m = EXIT.exec(text);
  if (!m) throw new CertutilCaParseError('the output has no exit code line: the collection was cut short');
  return Number(m[1]);
}

/** The first HRESULT certutil reported. */
export function certutilError(text: string): CertutilError | undefined {
  for (const line of text.split('\n')) {
    const m = HRESULT.exec(line);
    if (m) return { hresult: m[1]!.toLowerCase(), name: m[5], win32: m[3] ? Number(m[3]) : undefined, line: line.trim() };
  }
  return undefined;
}

export type PingResult = { alive: true; exitCode: number } | { alive: false; exitCode: number; error?: CertutilError; said: string };

export function parseCertutilPing(text: string): PingResult {
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const code = exitCode(body);
  const error = certutilError(body);
  if (code === 0 && !error && /\bICertRequest2\b/.test(body)) return { alive: true, exitCode: code };
  const said = body.replace(EXIT, '').split('\n').map((l) => l.trim()).filter(Boolean).join(' ').slice(0, 240);
  if (code === 0 && !error) throw new CertutilCaParseError(`certutil -ping exited 0 without naming ICertRequest2: "${said}"`);
  return { alive: false, exitCode: code, error, said };
}

/** CAINFO.CAType (MS-WCCE 2.2.2.4). */
export const CA_TYPES = {
  0: 'ENUM_ENTERPRISE_ROOTCA',
  1: 'ENUM_ENTERPRISE_SUBCA',
  3: 'ENUM_STANDALONE_ROOTCA',
  4: 'ENUM_STANDALONE_SUBCA',
  5: 'ENUM_UNKNOWN_CA',
} as const satisfies Record<number, string>;
export type CaTypeName = (typeof CA_TYPES)[keyof typeof CA_TYPES];

export type CaTypeResult = { ok: true; type: number; name: CaTypeName } | { ok: false; exitCode: number; error?: CertutilError; said: string };

export function parseCertutilCaType(text: string): CaTypeResult {
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const code = exitCode(body);
  const byName = /\b(ENUM_(?:ENTERPRISE|STANDALONE)_(?:ROOT|SUB)CA|ENUM_UNKNOWN_CA)\b(?:\s*--\s*(\d+))?/.exec(body);
  if (code === 0 && byName) {
    const entry = Object.entries(CA_TYPES).find(([, n]) => n === byName[1]);
    return { ok: true, type: Number(entry![0]), name: byName[1] as CaTypeName };
  }
  // Without the symbolic line, the value is the first number after the label's colon: `CA type: 1 -- ...`.
  // The label stops at any line end the m flag knows (U+2028 too): else it ran on from every one of them.
  const byNumber = /^[^:\n\r\u2028\u2029]+:\s*(\d+)\s*--/m.exec(body);
  if (code === 0 && byNumber && Number(byNumber[1]) in CA_TYPES) {
    const type = Number(byNumber[1]) as keyof typeof CA_TYPES;
    return { ok: true, type, name: CA_TYPES[type] };
  }
  const said = body.replace(EXIT, '').split('\n').map((l) => l.trim()).filter(Boolean).join(' ').slice(0, 240);
  if (code === 0) throw new CertutilCaParseError(`certutil -cainfo type printed no CA type: "${said}"`);
  return { ok: false, exitCode: code, error: certutilError(body), said };
}
