/**
 * Parsers for the two native registry dumps: `reg export` files and `reg query` output.
 * Neither depends on English words: `reg export` is keyed by brackets and `"name"=` shapes,
 * `reg query` by the untranslated `REG_*` type tokens.
 */
import iconv from 'iconv-lite';
import { excerpt, ParseError } from './errors.js';
import { trailingWhitespace, trimEnd } from './trim.js';

export const REG_TYPES = [
  'REG_SZ',
  'REG_EXPAND_SZ',
  'REG_MULTI_SZ',
  'REG_DWORD',
  'REG_QWORD',
  'REG_BINARY',
  'REG_NONE',
  'REG_DWORD_BIG_ENDIAN',
  'REG_LINK',
  'REG_RESOURCE_LIST',
  'REG_FULL_RESOURCE_DESCRIPTOR',
  'REG_RESOURCE_REQUIREMENTS_LIST',
] as const;
export type RegType = (typeof REG_TYPES)[number];

export type RegistryValue =
  | { name: string; type: 'REG_SZ' | 'REG_EXPAND_SZ'; data: string }
  | { name: string; type: 'REG_MULTI_SZ'; data: string[] }
  | { name: string; type: 'REG_DWORD'; data: number }
  | { name: string; type: 'REG_QWORD'; data: bigint }
  | { name: string; type: Exclude<RegType, 'REG_SZ' | 'REG_EXPAND_SZ' | 'REG_MULTI_SZ' | 'REG_DWORD' | 'REG_QWORD'>; data: Uint8Array };

export interface RegistryKey {
  /** Full path as printed, e.g. `HKEY_LOCAL_MACHINE\SYSTEM\...`. */
  path: string;
  /** Values by lower-cased name (registry names are case-insensitive); `""` is the default value. */
  values: Map<string, RegistryValue>;
}

export class RegistryParseError extends ParseError {
  override name = 'RegistryParseError';
}

/**
 * Parses either format, told apart by the export header. A `[HKEY_...]` line without the header
 * is a damaged export, not `reg query` output, so it goes to the export parser to be reported.
 */
export function parseRegistryText(text: string): RegistryKey[] {
  const isExport = /^\uFEFF?\s*(Windows Registry Editor Version|REGEDIT4)/.test(text) || /^[ \t]*\[-?HKEY_/m.test(text);
  return isExport ? parseRegExport(text) : parseRegQuery(text);
}

/**
 * reg.exe and regedit end every line, the last one included, with a line break. A file whose last
 * line has none was cut short there, possibly in the middle of a value that would still parse
 * (`dword:0000ff` for `dword:0000fffe`).
 */
function requireFinalLineBreak(text: string): void {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '' || /[\r\n]/.test(trailingWhitespace(body)) || !/[\r\n]/.test(body.trimEnd())) return;
  const last = body.trimEnd().split(/\r\n?|\n/).pop()!;
  throw new RegistryParseError(`the file ends in the middle of a line ("${last.slice(0, 60)}"); it looks cut short`);
}

/** Finds a key by path, case-insensitively, accepting `HKLM\` for `HKEY_LOCAL_MACHINE\`. */
export function findKey(keys: readonly RegistryKey[], path: string): RegistryKey | undefined {
  const want = normalizeKeyPath(path);
  return keys.find((k) => normalizeKeyPath(k.path) === want);
}

export function normalizeKeyPath(path: string): string {
  return trimEnd(
    path
      .trim()
      .replace(/^HKLM(?=\\)/i, 'HKEY_LOCAL_MACHINE')
      .replace(/^HKCU(?=\\)/i, 'HKEY_CURRENT_USER'),
    '\\',
  ).toLowerCase();
}

// ---------------------------------------------------------------- reg export

interface SourceLine {
  text: string;
  /** 1-based line number in the file, of the line where a continued value starts. */
  lineNo: number;
}

export function parseRegExport(text: string): RegistryKey[] {
  const lines = joinContinuations(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n'));
  const header = lines.findIndex((l) => l.text.trim() !== '');
  if (header < 0 || !/^(Windows Registry Editor Version [\d.]+|REGEDIT4)\s*$/.test(lines[header]!.text.trim())) {
    throw new RegistryParseError('not a .reg export: the "Windows Registry Editor Version 5.00" header is missing');
  }
  // REGEDIT4 (regedit /a) writes the strings of hex(2) and hex(7) data in the ANSI code page, one byte a character.
  const ansi = lines[header]!.text.trim().startsWith('REGEDIT4');
  const keys: RegistryKey[] = [];
  let current: RegistryKey | undefined;
  for (let i = header + 1; i < lines.length; i++) {
    const { text: raw, lineNo } = lines[i]!;
    const line = raw.trim();
    if (line === '' || line.startsWith(';')) continue;
    const keyMatch = /^\[(-?)(.+)\]$/.exec(line);
    if (keyMatch) {
      current = keyMatch[1] ? undefined : { path: keyMatch[2]!, values: new Map() };
      if (current) keys.push(current);
      continue;
    }
    if (!current) throw new RegistryParseError(`line ${lineNo}: a value before any [key] line`);
    const value = parseExportValue(line, lineNo, ansi);
    current.values.set(value.name.toLowerCase(), value);
  }
  requireFinalLineBreak(text);
  return keys;
}

/**
 * regedit wraps long hex data with a trailing `\`; a wrap followed by nothing means the file was cut short.
 * Pieces are collected and joined once, so a value wrapped over 40,000 lines costs no more than its length.
 */
function joinContinuations(lines: string[]): SourceLine[] {
  const out: SourceLine[] = [];
  let pending: { parts: string[]; lineNo: number } | undefined;
  lines.forEach((raw, i) => {
    // A file cut inside a UTF-16 character ends in U+FFFD (see decodeText): as empty as nothing.
    if (pending && raw.replace(/\uFFFD/g, '').trim() === '') {
      throw new RegistryParseError(`line ${pending.lineNo}: hex data continues with "\\" but line ${i + 1} is empty; the export looks truncated`);
    }
    const piece = pending ? raw.trimStart() : raw;
    const wraps = /\\\s*$/.test(piece) && (pending !== undefined || /=hex(\([0-9a-f]+\))?:/i.test(piece));
    if (wraps) {
      // A slice, not a copy: the pieces are joined once below.
      const cut = piece.slice(0, piece.lastIndexOf('\\'));
      if (pending) pending.parts.push(cut);
      else pending = { parts: [cut], lineNo: i + 1 };
    } else if (pending) {
      pending.parts.push(piece);
      out.push({ text: pending.parts.join(''), lineNo: pending.lineNo });
      pending = undefined;
    } else if (raw.trim() !== '') {
      // Blank lines say nothing: a file of millions of them would hold an object for each.
      out.push({ text: raw, lineNo: i + 1 });
    }
  });
  if (pending) throw new RegistryParseError(`line ${pending.lineNo}: the file ends inside hex data continued with "\\"; the export looks truncated`);
  return out;
}

function parseExportValue(line: string, lineNo: number, ansi: boolean): RegistryValue {
  let name: string;
  let rest: string;
  if (line.startsWith('@=')) {
    name = '';
    rest = line.slice(2);
  } else {
    const m = /^"((?:[^"\\]|\\.)*)"=(.*)$/.exec(line);
    if (!m) throw new RegistryParseError(`line ${lineNo}: not a "name"=value line: ${excerpt(line)}`);
    name = unescapeRegString(m[1]!);
    rest = m[2]!;
  }
  if (rest.startsWith('"')) {
    const m = /^"((?:[^"\\]|\\.)*)"$/.exec(rest);
    if (!m) throw new RegistryParseError(`line ${lineNo}: unterminated string value for "${excerpt(name)}"`);
    return { name, type: 'REG_SZ', data: unescapeRegString(m[1]!) };
  }
  // reg export always writes all eight digits; fewer means the line was cut.
  const dword = /^dword:([0-9a-f]*)$/i.exec(rest);
  if (dword) {
    const digits = dword[1]!.length;
    if (digits !== 8) throw new RegistryParseError(`line ${lineNo}: "${rest}" for "${name}" has ${digits} hex digits, not 8${digits < 8 ? '; the value looks cut short' : ''}`);
    return { name, type: 'REG_DWORD', data: parseInt(dword[1]!, 16) };
  }
  const hex = /^hex(?:\(([0-9a-f]+)\))?:([0-9a-f,\s]*)$/i.exec(rest);
  if (!hex) throw new RegistryParseError(`line ${lineNo}: unknown value form for "${excerpt(name)}": ${excerpt(rest, 24)}`);
  const kind = hex[1] === undefined ? 3 : parseInt(hex[1], 16);
  const bytes = hexBytes(hex[2]!, lineNo, name);
  const problem = incomplete(kind, bytes, ansi);
  if (problem) throw new RegistryParseError(`line ${lineNo}: the data of "${excerpt(name)}" ${problem}; the value looks cut short`);
  return fromRawBytes(name, kind, bytes, ansi ? 'windows-1252' : 'utf16le');
}

/**
 * `41,00,42,00` to bytes, piece by piece: a value of millions of bytes never becomes an array of
 * strings. reg export writes every byte as two digits, comma-separated; anything else means the
 * line was cut or damaged.
 */
function hexBytes(list: string, lineNo: number, name: string): Uint8Array {
  if (list.trim() === '') return new Uint8Array();
  const out = new Uint8Array((list.length >> 1) + 1);
  let n = 0;
  for (let at = 0; at <= list.length; ) {
    const comma = list.indexOf(',', at);
    const end = comma < 0 ? list.length : comma;
    const hi = hexDigit(list.charCodeAt(at));
    const lo = hexDigit(list.charCodeAt(at + 1));
    // The usual piece, two digits and nothing else, is read without making a string.
    if (end - at === 2 && hi >= 0 && lo >= 0) out[n++] = hi * 16 + lo;
    else {
      const piece = list.slice(at, end).trim();
      if (piece === '') throw new RegistryParseError(`line ${lineNo}: the data of "${excerpt(name)}" ends with a comma; the value looks cut short`);
      if (!/^[0-9a-f]{2}$/i.test(piece)) throw new RegistryParseError(`line ${lineNo}: "${excerpt(piece, 12)}" is not a hex byte in the data of "${excerpt(name)}"`);
      out[n++] = parseInt(piece, 16);
    }
    at = end + 1;
  }
  return out.slice(0, n);
}

/** 0-15 for an ASCII hex digit, else -1. */
function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 32;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/** What a typed value's bytes lack, when they are too few for their type. */
function incomplete(kind: number, bytes: Uint8Array, ansi: boolean): string | undefined {
  const type = TYPE_BY_KIND[kind];
  if ((type === 'REG_DWORD' || type === 'REG_DWORD_BIG_ENDIAN') && bytes.length !== 4) return `has ${bytes.length} bytes, not the 4 of a ${type}`;
  if (type === 'REG_QWORD' && bytes.length !== 8) return `has ${bytes.length} bytes, not the 8 of a REG_QWORD`;
  if (!ansi && (type === 'REG_SZ' || type === 'REG_EXPAND_SZ' || type === 'REG_MULTI_SZ')) {
    if (bytes.length % 2 !== 0) return `has an odd number of bytes (${bytes.length}), which UTF-16 text never has`;
  }
  return undefined;
}

const TYPE_BY_KIND: Record<number, RegType> = {
  0: 'REG_NONE', 1: 'REG_SZ', 2: 'REG_EXPAND_SZ', 3: 'REG_BINARY', 4: 'REG_DWORD', 5: 'REG_DWORD_BIG_ENDIAN',
  6: 'REG_LINK', 7: 'REG_MULTI_SZ', 8: 'REG_RESOURCE_LIST', 9: 'REG_FULL_RESOURCE_DESCRIPTOR',
  10: 'REG_RESOURCE_REQUIREMENTS_LIST', 11: 'REG_QWORD',
};

function fromRawBytes(name: string, kind: number, bytes: Uint8Array, encoding: 'utf16le' | 'windows-1252'): RegistryValue {
  const type = TYPE_BY_KIND[kind] ?? 'REG_BINARY';
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = () => trimEnd(encoding === 'utf16le' ? buf.toString('utf16le') : iconv.decode(buf, encoding), '\0');
  switch (type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return { name, type, data: text() };
    case 'REG_MULTI_SZ':
      return { name, type, data: text().split('\0').filter((s) => s !== '') };
    case 'REG_DWORD':
      return { name, type, data: buf.length >= 4 ? buf.readUInt32LE(0) : 0 };
    case 'REG_QWORD':
      return { name, type, data: buf.length >= 8 ? buf.readBigUInt64LE(0) : 0n };
    default:
      return { name, type, data: bytes };
  }
}

function unescapeRegString(s: string): string {
  return s.replace(/\\(.)/g, '$1');
}

// ---------------------------------------------------------------- reg query

/** `s`: a U+2028 in a line is text, not a line end where `.` stops (which made the pattern quadratic on it). */
const QUERY_VALUE = new RegExp(`^ {4}(.*?) {4}(${REG_TYPES.join('|')}) {4}(.*)$`, 's');
const QUERY_VALUE_EMPTY = new RegExp(`^ {4}(.*?) {4}(${REG_TYPES.join('|')})\\s*$`, 's');
const KEY_LINE = /^(HKEY_[A-Z_]+|HKLM|HKCU|HKCR|HKU|HKCC)(\\.*)?$/;

/**
 * Parses `reg query` output. Lines that are neither a key path nor a value line (localized
 * error messages, "End of search" summaries) are skipped: the tokens carry the meaning.
 */
export function parseRegQuery(text: string): RegistryKey[] {
  const keys: RegistryKey[] = [];
  let current: RegistryKey | undefined;
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  lines.forEach((line, i) => {
    const trimmedEnd = line.trimEnd();
    if (KEY_LINE.test(trimmedEnd)) {
      current = { path: trimmedEnd, values: new Map() };
      keys.push(current);
      return;
    }
    const m = QUERY_VALUE.exec(trimmedEnd) ?? QUERY_VALUE_EMPTY.exec(trimmedEnd);
    if (!m || !current) return;
    let value: RegistryValue;
    try {
      value = parseQueryValue(m[1]!, m[2] as RegType, m[3] ?? '');
    } catch (e) {
      throw new RegistryParseError(`line ${i + 1}: ${(e as Error).message}`);
    }
    current.values.set(value.name.toLowerCase(), value);
  });
  if (keys.length === 0) {
    const first = lines.find((l) => l.trim() !== '')?.trim();
    throw new RegistryParseError(
      first === undefined
        ? 'the file is empty; expected "reg query" output or a .reg export'
        : `no registry key line (HKEY_...) found; expected "reg query" output or a .reg export, got "${excerpt(first)}"`,
    );
  }
  requireFinalLineBreak(text);
  return keys;
}

/** `(Default)` is localized (`(Standard)`, `(par défaut)`), so any parenthesised lone name counts. */
function queryValueName(name: string): string {
  return /^\([^()]+\)$/.test(name) ? '' : name;
}

function parseQueryValue(rawName: string, type: RegType, data: string): RegistryValue {
  const name = queryValueName(rawName);
  switch (type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return { name, type, data };
    case 'REG_MULTI_SZ':
      return { name, type, data: data === '' ? [] : data.split('\\0').filter((s) => s !== '') };
    case 'REG_DWORD':
      return { name, type, data: Number(queryNumber(name, data)) };
    case 'REG_QWORD':
      return { name, type, data: queryNumber(name, data) };
    default: {
      const hex = data.trim();
      if (!/^([0-9a-f]{2})*$/i.test(hex)) throw new RegistryParseError(`value "${name}": "${hex.slice(0, 40)}" is not whole hex bytes`);
      return { name, type, data: Uint8Array.from((hex.match(/../g) ?? []).map((b) => parseInt(b, 16))) };
    }
  }
}

function queryNumber(name: string, data: string): bigint {
  const text = data.trim();
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(text)) throw new RegistryParseError(`value "${excerpt(name)}": "${excerpt(text, 24)}" is not a number`);
  return BigInt(text);
}

/** Value as a human reads it, for evidence: DWORDs in decimal with hex. */
export function formatRegistryValue(v: RegistryValue): string {
  switch (v.type) {
    case 'REG_DWORD':
      return `${v.data} (0x${v.data.toString(16)}) ${v.type}`;
    case 'REG_QWORD':
      return `${v.data} ${v.type}`;
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return `"${v.data}" ${v.type}`;
    case 'REG_MULTI_SZ':
      return `[${v.data.map((s) => `"${s}"`).join(', ')}] ${v.type}`;
    default:
      return `${Buffer.from(v.data).toString('hex')} ${v.type}`;
  }
}
