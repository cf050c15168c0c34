/**
 * Streaming reader of Windows event exports in XML: `wevtutil qe ... /f:xml` (concatenated
 * `<Event>` elements without a root), `/f:RenderedXml`, `Get-WinEvent | % ToXml()`, and the same
 * wrapped in a root element (`wevtutil /e:Events`). It reads only the locale-independent System
 * fields and the EventData/UserData values; the rendered Message is kept for display only.
 *
 * Entities are never expanded beyond the five predefined ones and character references, so a
 * DOCTYPE cannot inject anything. A trailing event cut off by truncation is reported, not read.
 */

import { daysFromCivil } from './civil-date.js';
import { own, TextStream } from './text-stream.js';
import { ownValue } from './own-value.js';
import { trimEnd } from './trim.js';

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

/** No real event comes near this (in characters); a larger one is skipped so memory stays bounded. */
export const MAX_EVENT_CHARS = 4 * 1024 * 1024;
/** An unfinished fragment longer than this is held as pieces (see XmlFragmentReader.growing). */
const GROWING_CHARS = 64 * 1024;
/** Bytes decoded into one string (see XmlFragmentReader.push). */
const DECODE_BYTES = 64 * 1024;

/**
 * One top-level XML fragment (an `<Event>`, an `<E2ETraceEvent>`) as text. Markup is found by
 * string search, and values are sliced out only when a reader asks for them, so the many events
 * nobody looks into cost a few searches each.
 */
export class XmlFragment {
  private sliced: string | undefined;

  /**
   * The fragment is [start, end) of `source`, the decoded chunk: a reader in a hurry reads it
   * there, as V8 reads a character of a slice several times slower than one of the chunk.
   */
  constructor(
    readonly source: string,
    readonly start: number,
    readonly end: number,
  ) {}

  get text(): string {
    return (this.sliced ??= this.source.slice(this.start, this.end));
  }

  get length(): number {
    return this.end - this.start;
  }

  /** The first `needle` in [from, to), or -1. */
  find(needle: string, from = 0, to = this.text.length): number {
    const i = indexOfMarkup(this.text, needle, from);
    return i >= 0 && i + needle.length <= to ? i : -1;
  }

  /** `<tag` followed by whitespace, `>` or `/`, so `<Level` does not match `<LevelX`. */
  findTag(open: string, from = 0, to = this.text.length): number {
    return findTag(this.text, open.slice(1), from, to);
  }

  decode(from = 0, to = this.text.length): string {
    return this.text.slice(from, to);
  }

  /** An attribute of the first `<tag ...>` in [from, to), quoted with ' or ". Raw (entities not decoded). */
  attrOf(open: string, name: string, from = 0, to = this.text.length): string | undefined {
    return attrOf(this.text, open, name, from, to);
  }
}

/**
 * Splits a byte stream of XML into top-level `<name ...>...</name>` fragments (events without a
 * root, or inside one), holding at most one unfinished fragment between chunks. Each chunk is
 * decoded once (the encoding from the first bytes: a byte-order mark, else the UTF-16LE shape, else
 * UTF-8) and searched as text, which in UTF-16 is several times faster than searching the bytes.
 */
export class XmlFragmentReader {
  private readonly decoder = new TextStream();
  private pending = '';
  /**
   * A long unfinished fragment, as the pieces it arrived in: only each new piece (and the seam before
   * it) can hold its end, so it is neither searched nor copied again at every chunk.
   */
  private growing: { pieces: string[]; chars: number; tail: string } | undefined;
  private readonly open: string;
  private readonly close: string;
  private readonly closeName: string;
  readonly stats = { fragments: 0, truncated: false, strayText: false, oversized: 0 };

  constructor(
    private readonly name: string,
    /** Called with the fragment as [start, end) of the decoded text `s` (new XmlFragment(s, start, end) reads it). */
    private readonly onFragment: (s: string, start: number, end: number) => void,
  ) {
    this.open = `<${name}`;
    this.close = `</${name}>`;
    this.closeName = `${name}>`;
  }

  /** `s.indexOf(this.close, from)`, searched from the name on (see indexOfMarkup). */
  private findClose(s: string, from: number): number {
    return indexAfter(s, '</', this.closeName, from);
  }

  push(chunk: Uint8Array): void {
    // Decoded a piece at a time: V8 puts a string over 128 KB in its large-object space, where a
    // dead one waits for a full collection; smaller ones go with the next young one, so a large
    // export holds less memory (UTF-8 decoded a megabyte at a time peaked near 130 MB).
    for (let at = 0; at < chunk.length; at += DECODE_BYTES) this.pushPiece(chunk.subarray(at, at + DECODE_BYTES));
  }

  private pushPiece(chunk: Uint8Array): void {
    const text = this.decoder.push(chunk);
    if (!text) return;
    if (this.growing && this.grow(text)) return;
    const close = this.pending ? this.findClose(text, 0) : -1;
    if (close < 0) return this.scan(this.pending ? this.pending + text : text, 0);
    // The unfinished fragment is finished with the head of the chunk, and the rest of the chunk is
    // searched as decoded: a joined string is much slower to search than the chunk itself, and a
    // slice of it is slower to read than the chunk.
    const head = close + this.close.length;
    this.scan(this.pending + text.slice(0, head), 0);
    if (this.pending) this.scan(this.pending + text.slice(head), 0);
    else this.scan(text, head);
  }

  end(): void {
    this.stopGrowing();
    const text = this.decoder.end();
    if (text) this.scan(this.pending + text, 0);
    const rest = this.pending;
    if (this.findStart(rest, 0) >= 0) this.stats.truncated = true;
    else this.noteBetween(rest, 0, rest.length);
    this.pending = '';
  }

  /** Reads the fragments in `s` from `cursor` on and keeps what follows the last one as pending. */
  private scan(s: string, cursor: number): void {
    for (;;) {
      const start = this.findStart(s, cursor);
      if (start < 0) {
        // Keep a tag that may continue in the next chunk (a split start tag or wrapper tag), never more than a little.
        let keep = s.lastIndexOf('<');
        if (keep < cursor || s.length - keep > 4096) keep = Math.max(cursor, s.length - this.open.length);
        this.noteBetween(s, cursor, keep);
        cursor = keep;
        break;
      }
      this.noteBetween(s, cursor, start);
      let end = this.findClose(s, start);
      if (end < 0) {
        if (s.length - start > MAX_EVENT_CHARS) {
          // No end tag after this start is none after any later one either, and a later start inside this
          // fragment would make it hold two: only the last start can still begin an event. Searching again
          // from each start instead would be quadratic.
          this.stats.oversized++;
          cursor = Math.max(start + 1, this.findLastStart(s, start));
          continue;
        }
        cursor = start;
        if (s.length - start > GROWING_CHARS) {
          const rest = s.slice(start);
          this.growing = { pieces: [rest], chars: rest.length, tail: rest.slice(1 - this.close.length) };
          this.pending = '';
          return;
        }
        break;
      }
      end += this.close.length;
      if (end - start > MAX_EVENT_CHARS) this.stats.oversized++;
      else {
        this.stats.fragments++;
        this.onFragment(s, start, end);
      }
      cursor = end;
    }
    this.pending = s.slice(cursor);
  }

  /** Adds text to the unfinished fragment when its end is not in it; false hands the text back to scan. */
  private grow(text: string): boolean {
    const g = this.growing!;
    const seam = g.tail + text.slice(0, this.close.length - 1);
    if (!seam.includes(this.close) && this.findClose(text, 0) < 0 && g.chars + text.length <= MAX_EVENT_CHARS) {
      g.pieces.push(text);
      g.chars += text.length;
      g.tail = (g.tail + text).slice(1 - this.close.length);
      return true;
    }
    this.stopGrowing();
    return false;
  }

  private stopGrowing(): void {
    if (!this.growing) return;
    this.pending = this.growing.pieces.join('');
    this.growing = undefined;
  }

  /** The next start tag of the fragment element itself (not `<EventData` for `<Event`). */
  private findStart(s: string, from: number): number {
    // Fragments usually follow each other with a line end between: look there before searching.
    let near = from;
    while (near < s.length && isBlank(s.charCodeAt(near))) near++;
    if (s.startsWith(this.open, near) && isTagEnd(charAt(s, near + this.open.length))) return near;
    for (let i = indexAfter(s, '<', this.name, from); i >= 0; i = indexAfter(s, '<', this.name, i + 1)) {
      const at = i + this.open.length;
      if (at >= s.length || isTagEnd(s.charCodeAt(at))) return i;
    }
    return -1;
  }

  /** The last start tag of the fragment element at or after `from`, or -1. */
  private findLastStart(s: string, from: number): number {
    for (let i = s.lastIndexOf(this.open); i >= from; i = s.lastIndexOf(this.open, i - 1)) {
      const at = i + this.open.length;
      if (at >= s.length || isTagEnd(s.charCodeAt(at))) return i;
    }
    return -1;
  }

  private noteBetween(s: string, from: number, to: number): void {
    if (this.stats.strayText || to <= from) return;
    let blank = true;
    for (let i = from; i < to && blank; i++) blank = isBlank(s.charCodeAt(i));
    if (blank) return;
    // Between fragments only whitespace, the XML declaration, comments and wrapper tags belong.
    const between = s.slice(from, to).replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!DOCTYPE(?:[^[>]|\[[^\]]*\])*>|<\/?[A-Za-z_][^<>]*>/g, '');
    if (/[^\s\uFEFF]/.test(between)) this.stats.strayText = true;
  }
}

const isTagEnd = (c: number) => c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13;

/** The character at `i`, 0 past the end: NaN would make V8 drop the code it compiled for small integers. */
const charAt = (s: string, i: number) => (i < s.length ? s.charCodeAt(i) : 0);

export class EventXmlReader {
  private readonly fragments: XmlFragmentReader;
  private malformed = 0;
  private events = 0;

  constructor(private readonly onEvent: (e: EventView) => void) {
    this.fragments = new XmlFragmentReader('Event', (s, start, end) => this.read(s, start, end));
  }

  push(chunk: Uint8Array): void {
    this.fragments.push(chunk);
  }

  end(): EventReadStats {
    this.fragments.end();
    const { truncated, strayText, oversized } = this.fragments.stats;
    return { events: this.events, malformed: this.malformed, truncated, strayText, oversized };
  }

  /** Provider names, each held once in memory of its own (a slice would keep its chunk alive). */
  private readonly names = new Map<string, string>();

  private name(raw: string): string {
    let name = this.names.get(raw);
    if (name === undefined) {
      name = own(raw);
      if (this.names.size < 1000) this.names.set(name, name);
    }
    return name;
  }

  /** The provider of the event before, which the next event usually shares: compared, not looked up. */
  private lastProvider = { raw: '', name: '' };

  /** The event [start, end) of the decoded text `s`. */
  private read(s: string, start: number, end: number): void {
    // Only the System block is read for every event (a few hundred characters), in place in the
    // decoded text (V8 reads a character of a slice several times slower); the rest only for the
    // events a reader looks into. Reading up to `</System>` finds what reading a copy of the block
    // would: no tag searched for can run past its `<`.
    const found = indexAfter(s, '</', 'System>', start);
    const e = new FragmentEvent(s, start, end, found >= 0 && found + 9 <= end ? found : end);
    const n = e.systemEnd;
    const providerTag = e.tag('Provider');
    const providerAt = providerTag < 0 ? -1 : attrAt(s, providerTag, 'Provider', 'Name', n);
    if (providerAt >= 0) {
      const raw = s.slice(providerAt, attrEnd(s, providerAt));
      if (raw === this.lastProvider.raw) e.provider = this.lastProvider.name;
      else {
        e.provider = this.name(decodeEntities(raw));
        this.lastProvider = { raw: own(raw), name: e.provider };
      }
    }
    e.eventId = intIn(s, e.tag('EventID'), n);
    if (!e.provider || Number.isNaN(e.eventId)) {
      this.malformed++;
      return;
    }
    const level = intIn(s, e.tag('Level'), n);
    if (!Number.isNaN(level)) e.level = level;
    const timeTag = e.tag('TimeCreated');
    const timeAt = timeTag < 0 ? -1 : attrAt(s, timeTag, 'TimeCreated', 'SystemTime', n);
    const timeMs = timeAt < 0 ? NaN : parseSystemTimeIn(s, timeAt, attrEnd(s, timeAt));
    if (!Number.isNaN(timeMs)) e.timeMs = timeMs;
    this.events++;
    this.onEvent(e);
  }
}

/**
 * The content of the element whose start tag is at `tag`, ending before `to`, as a decimal of 1 to
 * 15 digits, blanks around allowed; NaN otherwise (no such tag, an empty tag, not a number). Read
 * in place, by hand: it runs for every event.
 */
function intIn(text: string, tag: number, to: number): number {
  if (tag < 0) return NaN;
  const gt = text.indexOf('>', tag);
  if (gt < 0 || gt >= to || text.charCodeAt(gt - 1) === 47) return NaN;
  let end = text.indexOf('<', gt + 1);
  if (end < 0 || end >= to) return NaN;
  let i = gt + 1;
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  while (end > i && isBlank(text.charCodeAt(end - 1))) end--;
  if (end === i || end - i > 15) return NaN;
  let v = 0;
  for (; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}

const isBlank = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * An event, [start, end) of the decoded text `s`, its System block ending at `systemEnd`. The
 * System fields the digests read for every event are set by EventXmlReader.read; the rest (the
 * record ID, which a digest keeps for the latest event only, and the data) is read when asked.
 */
class FragmentEvent implements EventView {
  provider = '';
  eventId = NaN;
  level: number | undefined;
  timeMs: number | undefined;
  /** Where the last System child was found (see tag). */
  private at: number;
  private restText: string | undefined;
  private record: number | undefined | null = null;

  constructor(
    private readonly s: string,
    private readonly start: number,
    private readonly end: number,
    readonly systemEnd: number,
  ) {
    this.at = start;
  }

  /**
   * The next `<name` child of System. Windows writes them in one order: each search starts at the
   * tag found before, and looks from the start only when that fails.
   */
  tag(name: string): number {
    const i = findTag(this.s, name, this.at, this.systemEnd);
    return i >= 0 ? (this.at = i) : findTag(this.s, name, this.start, this.at);
  }

  get recordId(): number | undefined {
    if (this.record === null) {
      const id = intIn(this.s, this.tag('EventRecordID'), this.systemEnd);
      this.record = Number.isNaN(id) ? undefined : id;
    }
    return this.record;
  }

  get channel(): string | undefined {
    const sys = this.s.slice(this.start, this.systemEnd);
    const channel = textOf(sys, '<Channel', 0, sys.length);
    return channel === undefined ? undefined : own(channel);
  }

  private get rest(): string {
    return (this.restText ??= this.s.slice(this.systemEnd, this.end));
  }

  data(): EventDatum[] {
    return eventData(this.rest, 0, this.rest.length);
  }

  binary(): string | undefined {
    const hex = textOf(this.rest, '<Binary', 0, this.rest.length)?.trim();
    return hex ? own(hex) : undefined;
  }

  message(): string | undefined {
    const info = this.rest.indexOf('<RenderingInfo');
    if (info < 0) return undefined;
    const m = textOf(this.rest, '<Message', info, this.rest.length);
    return m === undefined ? undefined : own(decodeEntities(m));
  }
}

/** `2026-11-19T08:00:00.1234567Z` (7 fraction digits, as Windows writes it) in ms; NaN when malformed. */
export function parseSystemTime(t: string): number {
  return parseSystemTimeIn(t, 0, t.length);
}

/** parseSystemTime of [from, to) of `s`, read in place. */
function parseSystemTimeIn(s: string, from: number, to: number): number {
  // The usual form is read by hand (it runs for every event); anything else goes to Date.parse.
  const n = to - from;
  if (n < 20 || s.charCodeAt(to - 1) !== 90 || s.charCodeAt(from + 10) !== 84 || s.charCodeAt(from + 4) !== 45 || s.charCodeAt(from + 7) !== 45 || s.charCodeAt(from + 13) !== 58 || s.charCodeAt(from + 16) !== 58) {
    return Date.parse(s.slice(from, to));
  }
  const year = digitsAt(s, from, 4);
  const month = digitsAt(s, from + 5, 2);
  const day = digitsAt(s, from + 8, 2);
  const h = digitsAt(s, from + 11, 2);
  const mi = digitsAt(s, from + 14, 2);
  const se = digitsAt(s, from + 17, 2);
  let ms = 0;
  if (n > 20) {
    // `.` and at least one digit, of which the first three are the milliseconds.
    if (s.charCodeAt(from + 19) !== 46 || n === 21) return NaN;
    const frac = digitsAt(s, from + 20, n - 21);
    if (frac < 0) return NaN;
    ms = n - 21 >= 3 ? digitsAt(s, from + 20, 3) : frac * (n - 21 === 1 ? 100 : 10);
  } else if (n !== 20) return NaN;
  if (year < 0 || month < 0 || day < 0 || h < 0 || mi < 0 || se < 0 || h > 23 || mi > 59 || se > 60) return NaN;
  return epochDay(year, month, day) * 86_400_000 + ((h * 60 + mi) * 60 + se) * 1000 + ms;
}

/**
 * Days from 1970-01-01 to a date as Date.parse counts them (a day past the end of its month runs
 * on into the next); NaN when the month or day is out of range. Computed, not parsed: a call to
 * Date.parse only when the day changed made V8 drop the compiled event reader at each new day.
 */
function epochDay(year: number, month: number, day: number): number {
  if (month < 1 || month > 12 || day < 1 || day > 31) return NaN;
  return daysFromCivil(year, month, day);
}

/** The decimal of `n` digits at `at`; -1 when one is not a digit. */
function digitsAt(t: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = t.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function indexOrEnd(s: string, needle: string, from: number, end: number): number {
  const i = s.indexOf(needle, from);
  return i < 0 || i > end ? end : i;
}

/** The raw text content of the first `<tag ...>` element in [from, to); undefined when absent or empty-tag. */
function textOf(s: string, open: string, from: number, to: number): string | undefined {
  const i = findTag(s, open.slice(1), from, to);
  if (i < 0) return undefined;
  const gt = s.indexOf('>', i);
  if (gt < 0 || gt >= to || s.charCodeAt(gt - 1) === 47) return undefined;
  const lt = s.indexOf('<', gt + 1);
  if (lt < 0 || lt > to) return undefined;
  return s.slice(gt + 1, lt);
}

/** An attribute of the first `<tag ...>` in [from, to), quoted with ' or ". Raw (entities not decoded). */
function attrOf(s: string, open: string, name: string, from: number, to: number): string | undefined {
  const tag = open.slice(1);
  const i = findTag(s, tag, from, to);
  const at = i < 0 ? -1 : attrAt(s, i, tag, name, to);
  return at < 0 ? undefined : s.slice(at, attrEnd(s, at));
}

/** Where the value of an attribute of the `<tag` at `i` starts (after its quote), or -1 (see attrOf). */
function attrAt(s: string, i: number, tag: string, name: string, to: number): number {
  const gt = s.indexOf('>', i);
  if (gt < 0 || gt > to) return -1;
  // Windows writes ` Name='value'`: found by search; any other spacing is read the slow way.
  const needle = attrNeedle(name);
  // The quotes of the tag up to `scanned`, counted on from one candidate to the next: counted again from the
  // tag's start, a value holding many candidates took quadratic time.
  let scanned = i;
  let quote = 0;
  for (let at = s.indexOf(needle, i); at >= 0 && at < gt; at = s.indexOf(needle, at + 1)) {
    const q = s.charCodeAt(at + name.length + 2);
    if (q !== 39 && q !== 34) break;
    const end = s.indexOf(q === 39 ? "'" : '"', at + name.length + 3);
    if (end < 0 || end > gt) break;
    // Windows writes it right after the tag name, where no other value can enclose it.
    if (at === i + 1 + tag.length) return at + name.length + 3;
    for (; scanned < at; scanned++) {
      const c = s.charCodeAt(scanned);
      if (quote === 0 ? c === 39 || c === 34 : c === quote) quote = quote === 0 ? c : 0;
    }
    if (quote === 0) return at + name.length + 3;
  }
  const attrs = i + 1 + tag.length;
  const m = attrPattern(name).exec(s.slice(attrs, gt));
  // The match ends with the closing quote.
  return m ? attrs + m.index + m[0].length - 1 - (m[1] ?? m[2])!.length : -1;
}

/** Where the attribute value starting at `at` ends: at the quote it was opened with. */
function attrEnd(s: string, at: number): number {
  return s.indexOf(s.charCodeAt(at - 1) === 39 ? "'" : '"', at);
}

const ATTR_NEEDLES = new Map<string, string>();
/** ` name=`, made once: a pattern built at each search is also flattened at each search. */
function attrNeedle(name: string): string {
  let needle = ATTR_NEEDLES.get(name);
  if (needle === undefined) ATTR_NEEDLES.set(name, (needle = ` ${name}=`));
  return needle;
}

const ATTR_PATTERNS = new Map<string, RegExp>();
function attrPattern(name: string): RegExp {
  let re = ATTR_PATTERNS.get(name);
  if (!re) ATTR_PATTERNS.set(name, (re = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:'([^']*)'|"([^"]*)")`)));
  return re;
}

/** The first `<tag` at or after `from` and before `to`, followed by whitespace, `>` or `/` (so `<Level` does not match `<LevelX`). */
function findTag(s: string, tag: string, from: number, to: number): number {
  for (let i = indexAfter(s, '<', tag, from); i >= 0 && i < to; i = indexAfter(s, '<', tag, i + 1)) {
    if (isTagEnd(charAt(s, i + 1 + tag.length))) return i;
  }
  return -1;
}

/**
 * `s.indexOf(prefix + rest, from)`, found by searching for `rest` and checking the prefix before
 * it. V8 finds a pattern by its first character first (memchr), then compares: starting at `<`,
 * which every tag has, it stops at every tag; starting at a name's first letter, at a few.
 */
function indexAfter(s: string, prefix: '<' | '</', rest: string, from: number): number {
  const n = prefix.length;
  // Compared by character: startsWith at an offset costs more than the search.
  for (let i = s.indexOf(rest, Math.max(0, from) + n); i >= 0; i = s.indexOf(rest, i + 1)) {
    if (s.charCodeAt(i - n) === 60 && (n === 1 || s.charCodeAt(i - 1) === 47)) return i - n;
  }
  return -1;
}

/** `s.indexOf(needle, from)`; a needle that starts with `<` or `</` and a name is searched from its name (see indexAfter). */
function indexOfMarkup(s: string, needle: string, from: number): number {
  if (needle.charCodeAt(0) !== 60 || needle.length < 3) return s.indexOf(needle, from);
  const close = needle.charCodeAt(1) === 47;
  return indexAfter(s, close ? '</' : '<', needle.slice(close ? 2 : 1), from);
}

/**
 * A tag, a CDATA section or a comment. An unterminated section or comment runs to the end of the text: else the
 * search for its end would be made again from every `<!--` after it, which takes quadratic time.
 */
const ELEMENT = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=>/]+\s*=\s*(?:'[^']*'|"[^"]*"))*)\s*(\/?)>|<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$)/g;

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
    const el = { name: own(name!), attrName: attrName ? own(decodeEntities(attrName[1] ?? attrName[2]!)) : undefined, text: '', hasChild: false };
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
  const value = own(decodeEntities(el.text));
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
    return ownValue(PREDEFINED, ref) ?? whole;
  });
}

/**
 * The text a `<Binary>` element holds when it is UTF-16LE (Service Control Manager writes the
 * service key name there, e.g. `EventLog/1`); undefined when it is not printable text.
 */
export function binaryText(hex: string | undefined): string | undefined {
  if (!hex || hex.length % 4 !== 0 || !/^[0-9A-Fa-f]+$/.test(hex)) return undefined;
  const text = trimEnd(Buffer.from(hex, 'hex').toString('utf16le'), '\0');
  return /^[\x20-\x7e]+$/.test(text) ? text : undefined;
}
