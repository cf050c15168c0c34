/**
 * Streaming reader of Windows event exports in XML: `wevtutil qe ... /f:xml` (concatenated
 * `<Event>` elements without a root), `/f:RenderedXml`, `Get-WinEvent | % ToXml()`, and the same
 * wrapped in a root element (`wevtutil /e:Events`). It reads only the locale-independent System
 * fields and the EventData/UserData values; the rendered Message is kept for display only.
 *
 * Entities are never expanded beyond the five predefined ones and character references, so a
 * DOCTYPE cannot inject anything. A trailing event cut off by truncation is reported, not read.
 */

export interface EventDatum {
  /** `Name` attribute of a `<Data>` element, or the element name inside `<UserData>`. */
  name?: string;
  value: string;
}

/** One event. `data()` parses the EventData on demand: most events only need their System fields. */
export interface EventView {
  provider: string;
  eventId: number;
  /** 1 critical, 2 error, 3 warning, 4 information (0 = LogAlways, classic "information"). */
  level?: number;
  /** `TimeCreated/@SystemTime` in ms since the epoch (UTC). */
  timeMs?: number;
  recordId?: number;
  channel?: string;
  data(): EventDatum[];
  /** `<Binary>` hex of classic events (Service Control Manager puts the service name there). */
  binary(): string | undefined;
  /** RenderingInfo/Message of a RenderedXml export: localized, for display only. */
  message(): string | undefined;
}

export interface EventReadStats {
  events: number;
  /** `<Event>` elements without a provider or a numeric EventID. */
  malformed: number;
  /** The export ends inside an event (a cut-off file). */
  truncated: boolean;
  /** Text outside events that is neither whitespace, markup nor a wrapper element. */
  strayText: boolean;
  /** An event larger than MAX_EVENT_CHARS was skipped. */
  oversized: number;
}

/** No real event comes near this; a larger one is skipped so memory stays bounded. */
export const MAX_EVENT_CHARS = 4 * 1024 * 1024;

type Encoding = 'utf8' | 'utf16le';

/** ASCII markup as bytes in the stream's encoding, made once per text. */
class Needles {
  private readonly cache = new Map<string, Buffer>();
  constructor(readonly enc: Encoding) {}
  get(text: string): Buffer {
    let b = this.cache.get(text);
    if (!b) this.cache.set(text, (b = Buffer.from(text, this.enc)));
    return b;
  }
}

/**
 * One top-level XML fragment (an `<Event>`, an `<E2ETraceEvent>`) as bytes in the stream's
 * encoding. Markup is found by byte search, and only the values a reader asks for are decoded,
 * so the many events nobody looks into cost a few searches each. Valid during the callback.
 */
export class XmlFragment {
  /** Bytes per code unit: 2 in UTF-16, where a match must start on an even offset. */
  readonly w: number;

  constructor(
    readonly buf: Buffer,
    private readonly needles: Needles,
  ) {
    this.w = needles.enc === 'utf16le' ? 2 : 1;
  }

  get length(): number {
    return this.buf.length;
  }

  /** The first `text` in [from, to), or -1. */
  find(text: string, from = 0, to = this.buf.length): number {
    const needle = this.needles.get(text);
    for (let i = this.buf.indexOf(needle, from); i >= 0 && i + needle.length <= to; i = this.buf.indexOf(needle, i + 1)) {
      if (this.w === 1 || (i & 1) === 0) return i;
    }
    return -1;
  }

  /** `<tag` followed by whitespace, `>` or `/`, so `<Level` does not match `<LevelX`. */
  findTag(open: string, from = 0, to = this.buf.length): number {
    const n = this.needles.get(open).length;
    for (let i = this.find(open, from, to); i >= 0; i = this.find(open, i + this.w, to)) {
      const c = this.buf[i + n];
      if ((this.w === 1 || this.buf[i + n + 1] === 0) && (c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13)) return i;
    }
    return -1;
  }

  decode(from = 0, to = this.buf.length): string {
    return this.buf.toString(this.needles.enc, from, to);
  }

  /** An attribute of the first `<tag ...>` in [from, to), quoted with ' or ". Raw (entities not decoded). */
  attrOf(open: string, name: string, from = 0, to = this.buf.length): string | undefined {
    const i = this.findTag(open, from, to);
    if (i < 0) return undefined;
    const gt = this.find('>', i, to);
    if (gt < 0) return undefined;
    // Windows writes Name='value'; anything else is read the slow way.
    for (const q of ["'", '"']) {
      const at = this.find(` ${name}=${q}`, i, gt);
      if (at >= 0) {
        const start = at + this.needles.get(` ${name}=${q}`).length;
        const end = this.find(q, start, gt);
        return end < 0 ? undefined : this.decode(start, end);
      }
    }
    const m = attrPattern(name).exec(this.decode(i + this.needles.get(open).length, gt));
    return m ? (m[1] ?? m[2]) : undefined;
  }
}

/**
 * Splits a byte stream of XML into top-level `<name ...>...</name>` fragments (events without a
 * root, or inside one), holding at most one unfinished fragment between chunks. The encoding comes
 * from the first bytes: a byte-order mark, else the UTF-16LE shape, else UTF-8.
 */
export class XmlFragmentReader {
  private pending: Buffer = Buffer.alloc(0);
  /** Reused for the unfinished fragment plus the next chunk, so reading allocates nothing per chunk. */
  private work: Buffer = Buffer.alloc(0);
  private head: Buffer | undefined = Buffer.alloc(0);
  private needles: Needles | undefined;
  private utf16be: TextDecoder | undefined;
  readonly stats = { fragments: 0, truncated: false, strayText: false, oversized: 0 };

  constructor(
    private readonly name: string,
    private readonly onFragment: (f: XmlFragment) => void,
  ) {}

  push(chunk: Uint8Array): void {
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.head) {
      // Four bytes tell the encoding.
      const head: Buffer = Buffer.concat([this.head, bytes]);
      if (head.length < 4) {
        this.head = head;
        return;
      }
      this.head = undefined;
      bytes = this.start(head);
    } else if (this.utf16be) {
      bytes = Buffer.from(this.utf16be.decode(bytes, { stream: true }), 'utf8');
    }
    this.scan(this.pending.length ? this.join(bytes) : bytes);
  }

  end(): void {
    if (this.head?.length) this.scan(this.start(this.head));
    else if (this.utf16be) this.scan(Buffer.concat([this.pending, Buffer.from(this.utf16be.decode(), 'utf8')]));
    const s = this.pending;
    if (this.needles && this.findStart(s, 0) >= 0) this.stats.truncated = true;
    else if (this.needles) this.noteBetween(s, 0, s.length);
    this.pending = Buffer.alloc(0);
  }

  /** The pending bytes followed by `bytes`, in the reused work buffer (pending may already live there). */
  private join(bytes: Buffer): Buffer {
    const need = this.pending.length + bytes.length;
    if (this.work.length < need) {
      const grown = Buffer.allocUnsafe(Math.max(need, this.work.length * 2));
      this.pending.copy(grown, 0);
      this.work = grown;
    } else if (this.pending.buffer === this.work.buffer) {
      this.work.copyWithin(0, this.pending.byteOffset - this.work.byteOffset, this.pending.byteOffset - this.work.byteOffset + this.pending.length);
    } else {
      this.pending.copy(this.work, 0);
    }
    bytes.copy(this.work, this.pending.length);
    return this.work.subarray(0, need);
  }

  private start(bytes: Buffer): Buffer {
    let enc: Encoding = 'utf8';
    let skip = 0;
    if (bytes[0] === 0xff && bytes[1] === 0xfe) [enc, skip] = ['utf16le', 2];
    else if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) skip = 3;
    else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
      // Nothing on Windows writes UTF-16BE; it is read by turning it into UTF-8.
      this.utf16be = new TextDecoder('utf-16be');
      this.needles = new Needles('utf8');
      return Buffer.from(this.utf16be.decode(bytes.subarray(2), { stream: true }), 'utf8');
    } else if (looksUtf16le(bytes)) enc = 'utf16le';
    this.needles = new Needles(enc);
    return bytes.subarray(skip);
  }

  private scan(s: Buffer): void {
    const needles = this.needles!;
    const close = needles.get(`</${this.name}>`);
    const w = needles.enc === 'utf16le' ? 2 : 1;
    let cursor = 0;
    for (;;) {
      const start = this.findStart(s, cursor);
      if (start < 0) {
        // Keep a tag that may continue in the next chunk (a split start tag or wrapper tag), never more than a little.
        let keep = lastIndexAligned(s, needles.get('<'), w);
        if (keep < cursor || s.length - keep > 4096) keep = Math.max(cursor, s.length - needles.get(`<${this.name}`).length - w);
        keep -= (keep - cursor) % w;
        this.noteBetween(s, cursor, keep);
        cursor = keep;
        break;
      }
      this.noteBetween(s, cursor, start);
      let end = s.indexOf(close, start);
      while (end >= 0 && w === 2 && (end - start) % 2 !== 0) end = s.indexOf(close, end + 1);
      if (end < 0) {
        if (s.length - start > MAX_EVENT_CHARS * w) {
          this.stats.oversized++;
          cursor = start + w;
          continue;
        }
        cursor = start;
        break;
      }
      end += close.length;
      if (end - start > MAX_EVENT_CHARS * w) this.stats.oversized++;
      else {
        this.stats.fragments++;
        this.onFragment(new XmlFragment(s.subarray(start, end), needles));
      }
      cursor = end;
    }
    // What waits for the next chunk is kept in the reader's own buffer: a caller may reuse its chunk.
    this.pending = cursor < s.length ? this.keep(s.subarray(cursor)) : Buffer.alloc(0);
  }

  private keep(rest: Buffer): Buffer {
    if (rest.buffer === this.work.buffer) return rest;
    if (this.work.length < rest.length) this.work = Buffer.allocUnsafe(Math.max(rest.length, this.work.length * 2));
    rest.copy(this.work, 0);
    return this.work.subarray(0, rest.length);
  }

  /** The next start tag of the fragment element itself (not `<EventData` for `<Event`). */
  private findStart(s: Buffer, from: number): number {
    const needles = this.needles!;
    const open = needles.get(`<${this.name}`);
    const w = needles.enc === 'utf16le' ? 2 : 1;
    // Fragments usually follow each other with a line end between: look there before searching.
    let near = from;
    while (near < s.length && (s[near] === 13 || s[near] === 10 || s[near] === 32 || s[near] === 9) && (w === 1 || s[near + 1] === 0)) near += w;
    if (near + open.length < s.length && startsWithAt(s, open, near)) {
      const c = s[near + open.length];
      if ((w === 1 || s[near + open.length + 1] === 0) && (c === 32 || c === 62 || c === 9 || c === 10 || c === 13 || c === 47)) return near;
    }
    for (let i = s.indexOf(open, from); i >= 0; i = s.indexOf(open, i + 1)) {
      if (w === 2 && (i - from) % 2 !== 0) continue;
      const at = i + open.length;
      if (at >= s.length) return i;
      const c = s[at];
      if ((w === 1 || s[at + 1] === 0) && (c === 32 || c === 62 || c === 9 || c === 10 || c === 13 || c === 47)) return i;
    }
    return -1;
  }

  private noteBetween(s: Buffer, from: number, to: number): void {
    if (this.stats.strayText || to <= from) return;
    const w = this.needles!.enc === 'utf16le' ? 2 : 1;
    let blank = true;
    for (let i = from; i < to && blank; i += w) {
      const c = s[i];
      blank = (w === 1 || s[i + 1] === 0) && (c === 32 || c === 9 || c === 10 || c === 13);
    }
    if (blank) return;
    // Between fragments only whitespace, the XML declaration, comments and wrapper tags belong.
    const between = s
      .toString(this.needles!.enc, from, to)
      .replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE(?:[^[>]|\[[^\]]*\])*>|<\/?[A-Za-z_][^<>]*>/g, '');
    if (/[^\s\uFEFF]/.test(between)) this.stats.strayText = true;
  }
}

function startsWithAt(s: Buffer, needle: Buffer, at: number): boolean {
  for (let k = 0; k < needle.length; k++) if (s[at + k] !== needle[k]) return false;
  return true;
}

function looksUtf16le(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length - (bytes.length % 2), 512);
  let zeros = 0;
  for (let i = 1; i < n; i += 2) if (bytes[i] === 0) zeros++;
  return n >= 4 && zeros / (n / 2) > 0.6;
}

function lastIndexAligned(s: Buffer, needle: Buffer, w: number): number {
  for (let i = s.lastIndexOf(needle); i >= 0; i = s.lastIndexOf(needle, i - 1)) if (w === 1 || (i & 1) === 0) return i;
  return -1;
}

export class EventXmlReader {
  private readonly fragments: XmlFragmentReader;
  private malformed = 0;
  private events = 0;

  constructor(private readonly onEvent: (e: EventView) => void) {
    this.fragments = new XmlFragmentReader('Event', (f) => this.read(f));
  }

  push(chunk: Uint8Array): void {
    this.fragments.push(chunk);
  }

  end(): EventReadStats {
    this.fragments.end();
    const { truncated, strayText, oversized } = this.fragments.stats;
    return { events: this.events, malformed: this.malformed, truncated, strayText, oversized };
  }

  private read(f: XmlFragment): void {
    // Only the System block is decoded for every event (a few hundred characters); the rest only
    // for the events a reader looks into.
    const found = f.find('</System>');
    const sysEnd = found < 0 ? f.length : found;
    const sys = f.decode(0, sysEnd);
    const rawProvider = attrOf(sys, '<Provider', 'Name', 0, sys.length);
    const provider = rawProvider === undefined ? undefined : decodeEntities(rawProvider);
    const eventId = intOf(textOf(sys, '<EventID', 0, sys.length));
    if (!provider || Number.isNaN(eventId)) {
      this.malformed++;
      return;
    }
    const level = intOf(textOf(sys, '<Level', 0, sys.length));
    const recordId = intOf(textOf(sys, '<EventRecordID', 0, sys.length));
    const systemTime = attrOf(sys, '<TimeCreated', 'SystemTime', 0, sys.length);
    const timeMs = systemTime === undefined ? NaN : parseSystemTime(systemTime);
    this.events++;
    this.onEvent(new FragmentEvent(f, sys, sysEnd, provider, eventId, Number.isNaN(level) ? undefined : level, Number.isNaN(timeMs) ? undefined : timeMs, Number.isNaN(recordId) ? undefined : recordId));
  }
}

const intOf = (text: string | undefined) => (text !== undefined && /^\s*\d{1,15}\s*$/.test(text) ? Number(text) : NaN);

/** An event's System fields read at once; the rest decoded when asked, during the callback. */
class FragmentEvent implements EventView {
  private restText: string | undefined;

  constructor(
    private readonly f: XmlFragment,
    private readonly sys: string,
    private readonly sysEnd: number,
    readonly provider: string,
    readonly eventId: number,
    readonly level: number | undefined,
    readonly timeMs: number | undefined,
    readonly recordId: number | undefined,
  ) {}

  get channel(): string | undefined {
    return textOf(this.sys, '<Channel', 0, this.sys.length);
  }

  private get rest(): string {
    return (this.restText ??= this.f.decode(this.sysEnd));
  }

  data(): EventDatum[] {
    return eventData(this.rest, 0, this.rest.length);
  }

  binary(): string | undefined {
    return textOf(this.rest, '<Binary', 0, this.rest.length)?.trim() || undefined;
  }

  message(): string | undefined {
    const info = this.rest.indexOf('<RenderingInfo');
    if (info < 0) return undefined;
    const m = textOf(this.rest, '<Message', info, this.rest.length);
    return m === undefined ? undefined : decodeEntities(m);
  }
}

let dayKey = '';
let dayMs = NaN;

/** `2026-11-19T08:00:00.1234567Z` (7 fraction digits, as Windows writes it) in ms; NaN when malformed. */
export function parseSystemTime(t: string): number {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/.exec(t);
  if (!m || (m[6] && m[6] !== 'Z')) return Date.parse(t);
  if (m[1] !== dayKey) {
    dayKey = m[1]!;
    dayMs = Date.parse(`${m[1]}T00:00:00Z`);
  }
  const [h, mi, se] = [Number(m[2]), Number(m[3]), Number(m[4])];
  if (h > 23 || mi > 59 || se > 60) return NaN;
  return dayMs + ((h * 60 + mi) * 60 + se) * 1000 + (m[5] ? Math.floor(Number(`0.${m[5]}`) * 1000) : 0);
}

function indexOrEnd(s: string, needle: string, from: number, end: number): number {
  const i = s.indexOf(needle, from);
  return i < 0 || i > end ? end : i;
}

/** The raw text content of the first `<tag ...>` element in [from, to); undefined when absent or empty-tag. */
function textOf(s: string, open: string, from: number, to: number): string | undefined {
  const i = findTag(s, open, from, to);
  if (i < 0) return undefined;
  const gt = s.indexOf('>', i);
  if (gt < 0 || gt >= to || s.charCodeAt(gt - 1) === 47) return undefined;
  const lt = s.indexOf('<', gt + 1);
  if (lt < 0 || lt > to) return undefined;
  return s.slice(gt + 1, lt);
}

/** An attribute of the first `<tag ...>` in [from, to), quoted with ' or ". Raw (entities not decoded). */
function attrOf(s: string, open: string, name: string, from: number, to: number): string | undefined {
  const i = findTag(s, open, from, to);
  if (i < 0) return undefined;
  const gt = s.indexOf('>', i);
  if (gt < 0 || gt > to) return undefined;
  const m = attrPattern(name).exec(s.slice(i + open.length, gt));
  return m ? (m[1] ?? m[2]) : undefined;
}

const ATTR_PATTERNS = new Map<string, RegExp>();
function attrPattern(name: string): RegExp {
  let re = ATTR_PATTERNS.get(name);
  if (!re) ATTR_PATTERNS.set(name, (re = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:'([^']*)'|"([^"]*)")`)));
  return re;
}

/** `<tag` followed by whitespace, `>` or `/`, so `<Level` does not match `<LevelX`. */
function findTag(s: string, open: string, from: number, to: number): number {
  for (let i = s.indexOf(open, from); i >= 0 && i < to; i = s.indexOf(open, i + 1)) {
    const c = s.charCodeAt(i + open.length);
    if (c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13) return i;
  }
  return -1;
}

const ELEMENT = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=>/]+\s*=\s*(?:'[^']*'|"[^"]*"))*)\s*(\/?)>|<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->/g;

/**
 * The values under `<EventData>` (its `<Data>` elements, named or not) or `<UserData>` (its leaf
 * elements, named by tag), in document order.
 */
function eventData(s: string, from: number, end: number): EventDatum[] {
  let open = s.indexOf('<EventData', from);
  let closeTag = '</EventData>';
  if (open < 0 || open > end) {
    open = s.indexOf('<UserData', from);
    closeTag = '</UserData>';
  }
  if (open < 0 || open > end) return [];
  const gt = s.indexOf('>', open);
  if (gt < 0 || gt > end || s.charCodeAt(gt - 1) === 47) return [];
  const close = indexOrEnd(s, closeTag, gt, end);
  const body = s.slice(gt + 1, close);
  const out: EventDatum[] = [];
  const user = closeTag === '</UserData>';
  // A stack of open elements; a leaf element's text is its value.
  let current: { name: string; attrName?: string; text: string; hasChild: boolean } | undefined;
  const stack: (typeof current)[] = [];
  let last = 0;
  ELEMENT.lastIndex = 0;
  for (let m = ELEMENT.exec(body); m; m = ELEMENT.exec(body)) {
    if (current) current.text += body.slice(last, m.index);
    last = ELEMENT.lastIndex;
    if (m[5] !== undefined) {
      if (current) current.text += m[5].replace(/&/g, '&amp;');
      continue;
    }
    if (!m[2]) continue; // comment
    const [, closing, name, attrs, selfClosing] = m;
    if (closing) {
      if (current && current.name === name) {
        if (!current.hasChild) pushDatum(out, current, user);
        current = stack.pop();
      }
      continue;
    }
    if (current) current.hasChild = true;
    const attrName = attrPattern('Name').exec(attrs ?? '');
    const el = { name: name!, attrName: attrName ? decodeEntities(attrName[1] ?? attrName[2]!) : undefined, text: '', hasChild: false };
    if (selfClosing) pushDatum(out, el, user);
    else {
      stack.push(current);
      current = el;
    }
  }
  return out;
}

function pushDatum(out: EventDatum[], el: { name: string; attrName?: string; text: string }, user: boolean): void {
  if (el.name === 'Binary' && !user) return;
  const value = decodeEntities(el.text);
  if (user) out.push({ name: el.name, value });
  else if (el.name === 'Data') out.push(el.attrName === undefined ? { value } : { name: el.attrName, value });
  else out.push({ name: el.name, value });
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The five predefined entities and character references; anything else stays as written. */
export function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED[ref] ?? whole;
  });
}

/**
 * The text a `<Binary>` element holds when it is UTF-16LE (Service Control Manager writes the
 * service key name there, e.g. `EventLog/1`); undefined when it is not printable text.
 */
export function binaryText(hex: string | undefined): string | undefined {
  if (!hex || hex.length % 4 !== 0 || !/^[0-9A-Fa-f]+$/.test(hex)) return undefined;
  const text = Buffer.from(hex, 'hex').toString('utf16le').replace(/\0+$/, '');
  return /^[\x20-\x7e]+$/.test(text) ? text : undefined;
}
