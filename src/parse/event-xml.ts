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

/**
 * Splits a stream of XML text into top-level `<name ...>...</name>` fragments (events without a
 * root, or inside one), holding at most one unfinished fragment between chunks.
 */
export class XmlFragmentSplitter {
  private pending = '';
  private readonly open: string;
  private readonly close: string;
  readonly stats = { fragments: 0, truncated: false, strayText: false, oversized: 0 };

  constructor(
    name: string,
    private readonly onFragment: (s: string, start: number, end: number) => void,
  ) {
    this.open = `<${name}`;
    this.close = `</${name}>`;
  }

  push(text: string): void {
    this.pending = this.pending.length ? this.pending + text : text;
    const s = this.pending;
    let cursor = 0;
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
      const close = s.indexOf(this.close, start);
      if (close < 0) {
        if (s.length - start > MAX_EVENT_CHARS) {
          this.stats.oversized++;
          cursor = start + 1;
          continue;
        }
        cursor = start;
        break;
      }
      const end = close + this.close.length;
      if (end - start > MAX_EVENT_CHARS) this.stats.oversized++;
      else {
        this.stats.fragments++;
        this.onFragment(s, start, end);
      }
      cursor = end;
    }
    this.pending = cursor ? s.slice(cursor) : s;
  }

  end(): void {
    const s = this.pending;
    if (this.findStart(s, 0) >= 0) this.stats.truncated = true;
    else this.noteBetween(s, 0, s.length);
    this.pending = '';
  }

  private noteBetween(s: string, from: number, to: number): void {
    if (this.stats.strayText || to <= from) return;
    // Between fragments only whitespace, the XML declaration, comments and wrapper tags belong.
    const between = s.slice(from, to).replace(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<\/?[A-Za-z_][^<>]*>/g, '');
    if (/[^\s\uFEFF]/.test(between)) this.stats.strayText = true;
  }

  /** The next start tag of the fragment element itself (not `<EventData` for `<Event`). */
  private findStart(s: string, from: number): number {
    const n = this.open.length;
    for (let i = s.indexOf(this.open, from); i >= 0; i = s.indexOf(this.open, i + n)) {
      const c = s.charCodeAt(i + n);
      if (c === 32 || c === 62 || c === 9 || c === 10 || c === 13 || c === 47 || Number.isNaN(c)) return i;
    }
    return -1;
  }
}

export class EventXmlReader {
  private readonly splitter: XmlFragmentSplitter;
  private malformed = 0;
  private events = 0;

  constructor(private readonly onEvent: (e: EventView) => void) {
    this.splitter = new XmlFragmentSplitter('Event', (s, start, end) => this.read(s, start, end));
  }

  push(text: string): void {
    this.splitter.push(text);
  }

  end(): EventReadStats {
    this.splitter.end();
    const { truncated, strayText, oversized } = this.splitter.stats;
    return { events: this.events, malformed: this.malformed, truncated, strayText, oversized };
  }

  private read(whole: string, from: number, to: number): void {
    // A slice bounds every search to this event (V8 slices without copying).
    const s = whole.slice(from, to);
    const end = s.length;
    const sysEnd = indexOrEnd(s, '</System>', 0, end);
    const provider = attrOf(s, '<Provider', 'Name', 0, sysEnd);
    const idText = textOf(s, '<EventID', 0, sysEnd);
    const eventId = idText !== undefined && /^\s*\d+\s*$/.test(idText) ? Number(idText) : NaN;
    if (!provider || Number.isNaN(eventId)) {
      this.malformed++;
      return;
    }
    const levelText = textOf(s, '<Level', 0, sysEnd);
    const recordText = textOf(s, '<EventRecordID', 0, sysEnd);
    const systemTime = attrOf(s, '<TimeCreated', 'SystemTime', 0, sysEnd);
    const timeMs = systemTime ? Date.parse(systemTime) : NaN;
    this.events++;
    this.onEvent({
      provider: decodeEntities(provider),
      eventId,
      level: levelText && /^\d+$/.test(levelText) ? Number(levelText) : undefined,
      timeMs: Number.isNaN(timeMs) ? undefined : timeMs,
      recordId: recordText && /^\d+$/.test(recordText) ? Number(recordText) : undefined,
      channel: textOf(s, '<Channel', 0, sysEnd),
      data: () => eventData(s, sysEnd, end),
      binary: () => textOf(s, '<Binary', sysEnd, end)?.trim() || undefined,
      message: () => {
        const info = s.indexOf('<RenderingInfo', sysEnd);
        if (info < 0) return undefined;
        const m = textOf(s, '<Message', info, end);
        return m === undefined ? undefined : decodeEntities(m);
      },
    });
  }
}

function indexOrEnd(s: string, needle: string, from: number, end: number): number {
  const i = s.indexOf(needle, from);
  return i < 0 || i > end ? end : i;
}

/** The raw text content of the first `<tag ...>` element in [from, to); undefined when absent or empty-tag. */
export function textOf(s: string, open: string, from: number, to: number): string | undefined {
  const i = findTag(s, open, from, to);
  if (i < 0) return undefined;
  const gt = s.indexOf('>', i);
  if (gt < 0 || gt >= to || s.charCodeAt(gt - 1) === 47) return undefined;
  const lt = s.indexOf('<', gt + 1);
  if (lt < 0 || lt > to) return undefined;
  return s.slice(gt + 1, lt);
}

/** An attribute of the first `<tag ...>` in [from, to), quoted with ' or ". Raw (entities not decoded). */
export function attrOf(s: string, open: string, name: string, from: number, to: number): string | undefined {
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
