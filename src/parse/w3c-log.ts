/**
 * Streaming reader of W3C extended log files: IIS W3SVC logs and HTTP.sys HTTPERR logs. Every
 * `#Fields:` directive is honoured, in any order, as often as it appears (IIS writes a new header
 * block after each restart or field change, and collected logs are several files in a row).
 *
 * Works on bytes: a line is split into fields only as far as the wanted fields go, and values are
 * decoded only when a consumer asks, so memory stays flat and throughput close to reading the file.
 */

import { daysFromCivil } from './civil-date.js';

const NL = 10;
const CR = 13;
const SP = 32;
const HASH = 35;

/** Longer lines are not W3C log records (SCEP GET URLs stay below 64 KB); they are skipped. */
export const MAX_LINE_BYTES = 1 << 20;
/** Field values up to this long are decoded once per distinct value; at most this many are kept. */
const MAX_CACHED_TEXT = 512;
const MAX_CACHED_TEXTS = 4096;

/**
 * Lower-case ASCII text as bytes, to compare fields with. A consumer makes its constants once: a
 * field is then compared four bytes at a time, which costs less per line than reading a string's chars.
 */
export type AsciiBytes = Uint8Array & { readonly ascii: true; /** The bytes four at a time, little-endian. */ readonly words: Int32Array };
export function asciiBytes(lower: string): AsciiBytes {
  const bytes = Buffer.from(lower, 'latin1');
  const words = new Int32Array(bytes.length >> 2);
  for (let i = 0; i < words.length; i++) words[i] = bytes.readInt32LE(i * 4);
  return Object.assign(bytes, { words }) as Uint8Array as AsciiBytes;
}

export interface W3cReadStats {
  /** Data lines read against a `#Fields:` header. */
  records: number;
  /** `#Fields:` directives seen. */
  headers: number;
  /** Data lines with fewer fields than their header names, or before any header. */
  malformed: number;
  /** Lines longer than MAX_LINE_BYTES. */
  oversized: number;
  /** `#Software:` values, e.g. `Microsoft Internet Information Services 10.0`, `Microsoft HTTP API 2.0`. */
  software: string[];
  /** `#Remark:` directives (ndes-doctor notes truncation of collected files there). */
  remarks: string[];
  /** The input is UTF-16, which no W3C writer produces. */
  utf16: boolean;
}

/** A record line: the wanted fields of the current header, read on demand. */
export interface W3cLine {
  /** Whether the current header has this wanted field. */
  has(slot: number): boolean;
  /**
   * Bit `slot` set for each wanted field the current header lacks, slots 0 to 30: set once per header, so a
   * consumer counts the records read without a field with one increment per record (a count per value).
   */
  readonly absent: number;
  /** The field's text, UTF-8 decoded; `undefined` when absent from the header or `-`. */
  text(slot: number): string | undefined;
  /** A decimal field's value; -1 when absent, `-` or not a number. */
  int(slot: number): number;
  /** The field equals / starts with this ASCII text, compared case-insensitively (`lower` must be lower case). */
  startsWith(slot: number, lower: AsciiBytes): boolean;
  /** `value` of `name=value` in a query-string field, case-insensitive on the name; undefined when not there. */
  param(slot: number, lowerName: AsciiBytes): string | undefined;
  /** Which of `lowerValues` that value is, case-insensitively, without decoding it: its index, -1 for any other value, -2 when there is none. */
  paramIndex(slot: number, lowerName: AsciiBytes, lowerValues: readonly AsciiBytes[]): number;
  /** `date` + `time` (UTC) in ms since the epoch; NaN when either is missing or malformed. */
  timeMs(): number;
}

export class W3cReader implements W3cLine {
  private readonly wantedIndex: Map<string, number>;
  /** Per wanted slot: its column in the current header, or -1. */
  private readonly column: Int32Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  /** Per column of the current header: the wanted slot it fills, or -1. */
  private slotOfColumn: Int32Array = new Int32Array(0);
  private maxColumn = -1;
  private wantedCount = 0;
  absent = 0;
  private dateSlot: number;
  private timeSlot: number;
  private buf: Buffer = Buffer.alloc(0);
  /** The bytes of the buffer being split, read four at a time; set before each buffer's lines are read. */
  private view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
  /** The unfinished line's pieces, joined once its end arrives: copying them at every chunk would be quadratic. */
  private carry: Buffer[] | undefined;
  private carryBytes = 0;
  private skipping = false;
  /** The input's first bytes until there are four, enough to tell a BOM or UTF-16 however the input is cut; undefined once told. */
  private head: Buffer | undefined = Buffer.alloc(0);
  private readonly texts = new Map<number, DecodedText>();
  private readonly previousText: (DecodedText | undefined)[] = [];
  private readonly stats: W3cReadStats = { records: 0, headers: 0, malformed: 0, oversized: 0, software: [], remarks: [], utf16: false };

  /** `wanted` field names as in `#Fields:` (case-insensitive); a consumer refers to them by their index. */
  constructor(
    wanted: readonly string[],
    private readonly onRecord: (line: W3cLine) => void,
  ) {
    const all = [...wanted.map((w) => w.toLowerCase())];
    for (const f of ['date', 'time']) if (!all.includes(f)) all.push(f);
    this.wantedIndex = new Map(all.map((w, i) => [w, i]));
    this.column = new Int32Array(all.length).fill(-1);
    this.starts = new Int32Array(all.length);
    this.ends = new Int32Array(all.length);
    this.dateSlot = this.wantedIndex.get('date')!;
    this.timeSlot = this.wantedIndex.get('time')!;
  }

  push(chunk: Uint8Array): void {
    let buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.head) {
      if (this.head.length) buf = Buffer.concat([this.head, buf]);
      // A copy: the chunk's buffer may be reused by the reader once push returns.
      if (buf.length < 4) return void (this.head = Buffer.from(buf));
      this.head = undefined;
      buf = this.start(buf);
    }
    this.lines(buf);
  }

  end(): W3cReadStats {
    if (this.head?.length) {
      const head = this.head;
      this.head = undefined;
      this.lines(this.start(head));
    }
    if (this.carry && !this.skipping) {
      const line = Buffer.concat(this.carry);
      this.carry = undefined;
      this.view = viewOf(line);
      this.line(line, 0, line.length);
    }
    return this.stats;
  }

  /** The input's first bytes: UTF-16 is noted, a UTF-8 BOM skipped. */
  private start(buf: Buffer): Buffer {
    if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff) || (buf.length > 3 && buf[1] === 0 && buf[3] === 0)) {
      this.stats.utf16 = true;
    }
    return buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
  }

  private lines(buf: Buffer): void {
    let pos = 0;
    if (this.skipping || this.carry) {
      const nl = buf.indexOf(NL);
      if (nl < 0) {
        this.hold(buf, 0);
        return;
      }
      if (this.skipping) this.skipping = false;
      else {
        const line = Buffer.concat([...this.carry!, buf.subarray(0, nl)]);
        this.carry = undefined;
        this.view = viewOf(line);
        this.line(line, 0, line.length);
      }
      pos = nl + 1;
    }
    // Set on every call, not when the buffer changes: optimised code never meets an untaken branch.
    this.view = viewOf(buf);
    for (;;) {
      const nl = buf.indexOf(NL, pos);
      if (nl < 0) break;
      // Directives apart: a header deep into a log then costs no recompiling of the record path.
      if (buf[pos] === HASH) this.directiveLine(buf, pos, nl);
      else this.line(buf, pos, nl);
      pos = nl + 1;
    }
    if (pos < buf.length) this.hold(buf, pos);
  }

  /** The unfinished line at the end of a chunk waits for the next one, up to MAX_LINE_BYTES. */
  private hold(buf: Buffer, from: number): void {
    if (this.skipping) return;
    const rest = buf.subarray(from);
    const size = (this.carry ? this.carryBytes : 0) + rest.length;
    if (size > MAX_LINE_BYTES) {
      this.stats.oversized++;
      this.carry = undefined;
      this.skipping = true;
      return;
    }
    // A copy: the chunk's buffer may be reused by the reader once push returns.
    (this.carry ??= []).push(Buffer.from(rest));
    this.carryBytes = size;
  }

  private line(buf: Buffer, s: number, e: number): void {
    if (e > s && buf[e - 1] === CR) e--;
    if (e <= s) return;
    if (e - s > MAX_LINE_BYTES) {
      this.stats.oversized++;
      return;
    }
    if (buf[s] === HASH) {
      this.directive(buf.toString('utf8', s + 1, e));
      return;
    }
    if (this.maxColumn < 0) {
      this.stats.malformed++;
      return;
    }
    // Split as far as the last wanted column; long fields (the SCEP message in the query) are
    // skipped with the native search, short ones four bytes at a time in plain code.
    const { starts, ends, slotOfColumn, maxColumn } = this;
    const view = this.view;
    let p = s;
    let found = 0;
    for (let col = 0; col <= maxColumn && p <= e; col++) {
      let q = p;
      const lim = p + 96 < e ? p + 96 : e;
      // Four bytes at a time while none is a space or control byte (they are rare inside a field).
      while (q + 4 <= lim) {
        const x = view.getInt32(q, true);
        if ((x - 0x21212121) & ~x & 0x80808080) break;
        q += 4;
      }
      while (q < lim && buf[q] !== SP) q++;
      if (q === lim && lim < e) {
        q = buf.indexOf(SP, lim);
        if (q < 0 || q > e) q = e;
      }
      const slot = slotOfColumn[col]!;
      if (slot >= 0) {
        starts[slot] = p;
        ends[slot] = q;
        found++;
      }
      p = q + 1;
    }
    if (found < this.wantedCount) {
      this.stats.malformed++;
      return;
    }
    this.buf = buf;
    this.stats.records++;
    this.onRecord(this);
  }

  /** A `#` line whole in one buffer, `e` at its LF. */
  private directiveLine(buf: Buffer, s: number, e: number): void {
    if (e > s && buf[e - 1] === CR) e--;
    if (e - s > MAX_LINE_BYTES) {
      this.stats.oversized++;
      return;
    }
    this.directive(buf.toString('utf8', s + 1, e));
  }

  private directive(text: string): void {
    const m = /^([A-Za-z-]+):\s?(.*)$/.exec(text);
    if (!m) return;
    const name = m[1]!.toLowerCase();
    const value = m[2]!.trim();
    if (name === 'software') {
      if (!this.stats.software.includes(value) && this.stats.software.length < 10) this.stats.software.push(value);
    } else if (name === 'remark') {
      if (this.stats.remarks.length < 100) this.stats.remarks.push(value);
    } else if (name === 'fields') {
      this.stats.headers++;
      const names = value.split(/\s+/).filter(Boolean).map((f) => f.toLowerCase());
      this.column.fill(-1);
      this.slotOfColumn = new Int32Array(names.length).fill(-1);
      this.maxColumn = -1;
      this.wantedCount = 0;
      names.forEach((f, col) => {
        const slot = this.wantedIndex.get(f);
        if (slot === undefined || this.column[slot] !== -1) return;
        this.column[slot] = col;
        this.slotOfColumn[col] = slot;
        this.maxColumn = col;
        this.wantedCount++;
      });
      if (this.maxColumn < 0) this.maxColumn = names.length ? 0 : -1;
      this.absent = 0;
      for (let slot = 0; slot < Math.min(this.column.length, 31); slot++) if (this.column[slot]! < 0) this.absent |= 1 << slot;
    }
  }

  has(slot: number): boolean {
    return this.column[slot]! >= 0;
  }

  text(slot: number): string | undefined {
    if (this.column[slot]! < 0) return undefined;
    const s = this.starts[slot]!;
    const e = this.ends[slot]!;
    if (e - s === 1 && this.buf[s] === 45) return undefined;
    if (e - s > MAX_CACHED_TEXT) return this.buf.toString('utf8', s, e);
    // A log repeats a few user agents and reasons on every line: each is decoded once, and found
    // again by its hash, or first by comparing with the slot's previous value (requests come in runs).
    const b = this.buf;
    const previous = this.previousText[slot];
    if (previous && previous.bytes.length === e - s && this.sameBytes(previous, s)) return previous.text;
    let h = e - s;
    // Four bytes per multiply: the multiplies form one dependency chain, which sets the pace.
    let i = s;
    const view = this.view;
    for (; i + 4 <= e; i += 4) h = Math.imul(h ^ view.getInt32(i, true), 16777619);
    for (; i < e; i++) h = Math.imul(h ^ b[i]!, 16777619);
    const hit = this.texts.get(h);
    if (hit && hit.bytes.length === e - s && this.sameBytes(hit, s)) {
      this.previousText[slot] = hit;
      return hit.text;
    }
    return this.decode(slot, s, e, h, hit);
  }

  /** A value not met before (or not cached), decoded; cached while there is room. Apart from `text` so that it stays small. */
  private decode(slot: number, s: number, e: number, h: number, collided: DecodedText | undefined): string {
    const text = this.buf.toString('utf8', s, e);
    if (collided || this.texts.size >= MAX_CACHED_TEXTS) return text;
    const fresh = decodedText(this.buf.subarray(s, e), text);
    this.texts.set(h, fresh);
    this.previousText[slot] = fresh;
    return text;
  }

  int(slot: number): number {
    if (this.column[slot]! < 0) return -1;
    const s = this.starts[slot]!;
    const e = this.ends[slot]!;
    if (e <= s || e - s > 15) return -1;
    let v = 0;
    for (let i = s; i < e; i++) {
      const d = this.buf[i]! - 48;
      if (d < 0 || d > 9) return -1;
      v = v * 10 + d;
    }
    return v;
  }

  startsWith(slot: number, lower: AsciiBytes): boolean {
    if (this.column[slot]! < 0) return false;
    return this.foldedEqual(this.starts[slot]!, this.ends[slot]!, lower, false);
  }

  param(slot: number, lowerName: AsciiBytes): string | undefined {
    const at = this.paramAt(slot, lowerName);
    if (at < 0) return undefined;
    let amp = this.buf.indexOf(38, at);
    const e = this.ends[slot]!;
    if (amp < 0 || amp > e) amp = e;
    return this.buf.toString('latin1', at, amp);
  }

  paramIndex(slot: number, lowerName: AsciiBytes, lowerValues: readonly AsciiBytes[]): number {
    const at = this.paramAt(slot, lowerName);
    if (at < 0) return -2;
    const b = this.buf;
    const e = this.ends[slot]!;
    let end = at;
    while (end < e && b[end] !== 38) end++;
    for (let v = 0; v < lowerValues.length; v++) if (this.foldedEqual(at, end, lowerValues[v]!, true)) return v;
    return -1;
  }

  /** Whether the current line's bytes from `at` on are `known`'s (their lengths are equal). */
  private sameBytes(known: DecodedText, at: number): boolean {
    const { view: a, bytes } = known;
    const b = this.view;
    const n = bytes.length;
    let i = 0;
    for (; i + 4 <= n; i += 4) if (a.getInt32(i, true) !== b.getInt32(at + i, true)) return false;
    for (; i < n; i++) if (bytes[i] !== this.buf[at + i]) return false;
    return true;
  }

  /** Where the value of `name=value` starts in a query-string field, case-insensitive on the name; -1 when not there. */
  private paramAt(slot: number, name: AsciiBytes): number {
    if (this.column[slot]! < 0) return -1;
    const b = this.buf;
    const e = this.ends[slot]!;
    // Parameters are `&`-separated; the SCEP message itself can be tens of kilobytes, so only the
    // start of each parameter is compared.
    for (let p = this.starts[slot]!; p < e; ) {
      if (e - p > name.length && b[p + name.length] === 61 && this.foldedEqual(p, p + name.length, name, true)) return p + name.length + 1;
      let amp = b.indexOf(38, p);
      if (amp < 0 || amp > e) amp = e;
      p = amp + 1;
    }
    return -1;
  }

  /** Whether the bytes from `s` to `e` start with (or, if `whole`, are) `lower`, ignoring ASCII case. */
  private foldedEqual(s: number, e: number, lower: AsciiBytes, whole: boolean): boolean {
    const n = lower.length;
    if (whole ? e - s !== n : e - s < n) return false;
    const { words } = lower;
    const view = this.view;
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      // Four bytes folded at once: 0x20 is added to each byte from A to Z (and no other), as below.
      const x = view.getInt32(s + i, true);
      const low7 = x & 0x7f7f7f7f;
      const upper = ((low7 + 0x3f3f3f3f) ^ (low7 + 0x25252525)) & ~x & 0x80808080;
      if ((x | (upper >>> 2)) !== words[i >> 2]) return false;
    }
    const b = this.buf;
    for (; i < n; i++) {
      let c = b[s + i]!;
      if (c >= 65 && c <= 90) c += 32;
      if (c !== lower[i]) return false;
    }
    return true;
  }

  timeMs(): number {
    if (this.column[this.dateSlot]! < 0 || this.column[this.timeSlot]! < 0) return NaN;
    const b = this.buf;
    const d = this.starts[this.dateSlot]!;
    if (this.ends[this.dateSlot]! - d !== 10 || b[d + 4] !== 45 || b[d + 7] !== 45) return NaN;
    const year = digits(b, d, 4);
    const month = digits(b, d + 5, 2);
    const day = digits(b, d + 8, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31) return NaN;
    const t = this.starts[this.timeSlot]!;
    const tl = this.ends[this.timeSlot]! - t;
    if (tl < 8 || b[t + 2] !== 58 || b[t + 5] !== 58) return NaN;
    const h = digits(b, t, 2);
    const mi = digits(b, t + 3, 2);
    const se = digits(b, t + 6, 2);
    if (h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60) return NaN;
    return utcDayMs(year, month, day) + ((h * 60 + mi) * 60 + se) * 1000;
  }
}

const viewOf = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

interface DecodedText {
  bytes: Buffer;
  /** `bytes` read four at a time. */
  view: DataView;
  text: string;
}

function decodedText(raw: Uint8Array, text: string): DecodedText {
  const bytes = Buffer.from(raw);
  return { bytes, view: viewOf(bytes), text };
}

/** Date.UTC(year, month - 1, day), years below 100 read as 19xx as Date.UTC reads them, without a branch (see daysFromCivil). */
function utcDayMs(year: number, month: number, day: number): number {
  return daysFromCivil(year + (((year - 100) >> 31) & 1900), month, day) * 86_400_000;
}

function digits(b: Buffer, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}
