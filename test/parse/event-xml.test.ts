import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binaryText, EventXmlReader, MAX_EVENT_CHARS, parseSystemTime, type EventView } from '../../src/parse/event-xml.js';

/** What the fixture is written in: UTF-16LE has NUL in its odd bytes. */
const looksWide = (b: Uint8Array) => b[1] === 0 || (b[0] === 0xff && b[1] === 0xfe);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/logs/${name}`, import.meta.url)));

/** Reads bytes in chunks of `size` (a chunk boundary anywhere, even inside a UTF-16 character). */
function read(bytes: Uint8Array, size = 1 << 20, reuse = false) {
  const events: (Omit<EventView, 'data' | 'binary' | 'message'> & { data: ReturnType<EventView['data']>; binary?: string; message?: string })[] = [];
  const reader = new EventXmlReader((e) =>
    events.push({ provider: e.provider, eventId: e.eventId, level: e.level, timeMs: e.timeMs, recordId: e.recordId, channel: e.channel, data: e.data(), binary: e.binary(), message: e.message() }),
  );
  // A caller may hand every chunk in one buffer it overwrites (the bundle reader does).
  const shared = new Uint8Array(size);
  for (let i = 0; i < bytes.length; i += size) {
    const chunk = bytes.subarray(i, i + size);
    if (reuse) shared.fill(0x3c).set(chunk);
    reader.push(reuse ? shared.subarray(0, chunk.length) : chunk);
  }
  return { events, stats: reader.end(), encoding: looksWide(bytes) ? 'utf-16le' : 'utf-8' };
}

describe('EventXmlReader on real and documented exports', () => {
  it('reads a real wevtutil System event, its named data and the service name in <Binary>', () => {
    const { events, stats } = read(fixture('system-scm-7036-datadog.xml'));
    expect(stats).toEqual({ events: 1, malformed: 0, truncated: false, strayText: false, oversized: 0 });
    const [e] = events;
    expect(e).toMatchObject({ provider: 'Service Control Manager', eventId: 7036, level: 4, recordId: 2, channel: 'System', timeMs: Date.parse('2013-08-22T14:51:44.205Z') });
    expect(e!.data).toEqual([
      { name: 'param1', value: 'Windows Event Log' },
      { name: 'param2', value: 'stopped' },
    ]);
    expect(binaryText(e!.binary)).toBe('EventLog/1');
  });

  it('reads wevtutil /uni:true output (UTF-16LE without BOM) whatever the chunk size', () => {
    const bytes = fixture('connector-operational-uni.xml');
    const whole = read(bytes);
    expect(whole.encoding).toBe('utf-16le');
    expect(whole.events.map((e) => e.eventId)).toEqual([5000, 4005, 4003, 4008, 4006, 4004, 4003, 4008, 4006, 4004, 4003]);
    for (const size of [1, 3, 7, 4096]) expect(read(bytes, size).events).toEqual(whole.events);
    for (const size of [5, 333]) expect(read(bytes, size, true).events).toEqual(whole.events);
    const failure = whole.events.find((e) => e.eventId === 4005)!;
    expect(failure.level).toBe(2);
    expect(failure.data.find((d) => d.name === 'ErrorMessage')?.value).toMatch(/^Subject Name in CSR CN="Test User \(TESTCOMPANY\\, LLC\)/);
  });

  it('keeps NDES event 31 data as written: ErrorCode may hold the text and ErrorMessage the HRESULT', () => {
    const { events } = read(fixture('application-ndes-utf8.xml'));
    expect(events.map((e) => [e.provider, e.eventId])).toEqual([
      ['Microsoft-Windows-NetworkDeviceEnrollmentService', 31],
      ['Microsoft-Windows-NetworkDeviceEnrollmentService', 31],
      ['Microsoft-Windows-NetworkDeviceEnrollmentService', 10],
      ['Application Error', 1000],
    ]);
    expect(events[0]!.data).toEqual([
      { name: 'ErrorCode', value: 'The requested certificate template is not supported by this CA.' },
      { name: 'ErrorMessage', value: '0x80004005' },
    ]);
    expect(events[3]!.data.slice(0, 2)).toEqual([
      { name: 'AppName', value: 'w3wp.exe' },
      { name: 'AppVersion', value: '10.0.20348.1' },
    ]);
  });

  it('takes provider, ID and level from <System> only, never from the localized RenderingInfo', () => {
    const { events } = read(fixture('application-rendered-de.xml'));
    expect(events.map((e) => [e.eventId, e.level, e.channel])).toEqual([
      [31, 2, 'Application'],
      [10, 2, 'Application'],
    ]);
    expect(events[0]!.message).toMatch(/^Der Registrierungsdienst für Netzwerkgeräte/);
    expect(events[0]!.data[1]).toEqual({ name: 'ErrorMessage', value: '0x80004005' });
  });

  it('reads Get-WinEvent ToXml output saved by Out-File (UTF-16LE with BOM) and a root-wrapped export alike', () => {
    const ps = read(fixture('get-winevent-toxml.xml'));
    const wrapped = read(fixture('events-with-root.xml'));
    expect(ps.encoding).toBe('utf-16le');
    expect(ps.events.map((e) => e.eventId)).toEqual([10, 31]);
    expect(wrapped.events.map((e) => e.eventId)).toEqual([31, 10]);
    expect(wrapped.stats.strayText).toBe(false);
  });

  it('reads the complete events of a truncated export and reports the cut one', () => {
    const { events, stats } = read(fixture('truncated.xml'));
    expect(events.map((e) => e.eventId)).toEqual([31, 31]);
    expect(stats.truncated).toBe(true);
  });

  it('never expands entities a DOCTYPE declares', () => {
    const { events } = read(fixture('doctype-entities.xml'));
    expect(events).toHaveLength(1);
    expect(events[0]!.data[1]).toEqual({ name: 'ErrorMessage', value: '&c;&c;&c;' });
  });

  it('finds no event in a file that is not an event export, and says there was other text', () => {
    const { events, stats } = read(fixture('not-events.xml'));
    expect(events).toEqual([]);
    expect(stats.strayText).toBe(true);
  });
});

describe('EventXmlReader on edge cases', () => {
  const evt = (inner: string) => `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>${inner}</Event>`;
  const system = (id: string, extra = '') =>
    `<System><Provider Name='P'/><EventID>${id}</EventID><Level>2</Level><TimeCreated SystemTime='2026-01-02T03:04:05.0000000Z'/>${extra}</System>`;
  const parse = (text: string) => read(new TextEncoder().encode(text));

  it('counts an event without a numeric EventID or provider as malformed and keeps reading', () => {
    const { events, stats } = parse(evt(system('x')) + evt('<System><EventID>4</EventID></System>') + evt(system('7')));
    expect(events.map((e) => e.eventId)).toEqual([7]);
    expect(stats.malformed).toBe(2);
  });

  it('reads an attribute after values that hold its name, however many', () => {
    const decoys = ` SystemTime='1999-01-01T00:00:00Z'`.repeat(3);
    const { events } = parse(
      evt(`<System><Provider Guid="{x} Name='Fake'" Name='Real'/><EventID>1</EventID><Level>2</Level><TimeCreated A="${decoys}" B='"' SystemTime='2026-01-02T03:04:05.0000000Z'/></System>`),
    );
    expect(events.map((e) => [e.provider, e.timeMs])).toEqual([['Real', Date.UTC(2026, 0, 2, 3, 4, 5)]]);
  });

  it('reads an unterminated comment or CDATA section as running to the end of the data', () => {
    const data = (inner: string) => parse(evt(`${system('1')}<EventData>${inner}</EventData>`)).events[0]!.data;
    expect(data('<Data>a</Data><!-- <Data>b</Data>')).toEqual([{ value: 'a' }]);
    expect(data('<Data>a</Data><!-- x --><Data>b</Data>')).toEqual([{ value: 'a' }, { value: 'b' }]);
    expect(data('<Data>a</Data><Data>b<![CDATA[ </Data>')).toEqual([{ value: 'a' }]);
  });

  it('reads unnamed <Data>, decodes character references and CDATA, and reads UserData leaves by element name', () => {
    const classic = parse(evt(`${system('1000')}<EventData><Data>w3wp.exe</Data><Data>a &amp; b &#x41;&#66;</Data><Data><![CDATA[x < y]]></Data></EventData>`));
    expect(classic.events[0]!.data).toEqual([{ value: 'w3wp.exe' }, { value: 'a & b AB' }, { value: 'x < y' }]);
    const user = parse(evt(`${system('5')}<UserData><Outer xmlns='x'><Reason>expired</Reason><Code>0x00000411</Code></Outer></UserData>`));
    expect(user.events[0]!.data).toEqual([
      { name: 'Reason', value: 'expired' },
      { name: 'Code', value: '0x00000411' },
    ]);
  });

  it('in UTF-16 matches markup only on character boundaries, not inside CJK text whose bytes look like it', () => {
    // U+3C3C U+2F00 U+4500 ... has the bytes of "</Event>" one byte off the character grid.
    const tricky = '\u3C3C\u2F00\u4500\u7600\u6500\u6E00\u7400\u3E00\u2000 証明書';
    const text = evt(`${system('4005')}<EventData><Data Name='Message'>${tricky}</Data></EventData>`) + '\r\n' + evt(system('4006'));
    for (const size of [5, 4096]) {
      const { events, stats } = read(new Uint8Array(Buffer.from(text, 'utf16le')), size);
      expect(events.map((e) => e.eventId)).toEqual([4005, 4006]);
      expect(events[0]!.data).toEqual([{ name: 'Message', value: tricky }]);
      expect(stats.strayText).toBe(false);
    }
  });

  it('skips an event larger than the limit and reads the next one', () => {
    const huge = evt(`${system('1')}<EventData><Data>${'x'.repeat(MAX_EVENT_CHARS)}</Data></EventData>`);
    const { events, stats } = parse(huge + '\r\n' + evt(system('2')));
    expect(events.map((e) => e.eventId)).toEqual([2]);
    expect(stats.oversized).toBe(1);
  });

  it('takes start tags that are never closed, over the limit, as a few oversized fragments, not one per tag', () => {
    // Searching for an end tag again from each of them was quadratic: 6 MB of them ran for minutes.
    const bytes = new TextEncoder().encode('<Event>'.repeat(Math.ceil((2 * MAX_EVENT_CHARS) / 7)));
    for (const { events, stats } of [parse(new TextDecoder().decode(bytes)), read(bytes, 64 * 1024)]) {
      expect(events).toEqual([]);
      expect(stats.truncated).toBe(true);
      expect(stats.oversized).toBeGreaterThan(0);
      expect(stats.oversized).toBeLessThan(10);
    }
  });

  it('reads a long event arriving in many chunks, its end tag split across any two of them', () => {
    const long = evt(`${system('7')}<EventData><Data Name='Blob'>${'y'.repeat(300_000)}</Data></EventData>`);
    const bytes = new TextEncoder().encode(long + '\r\n' + evt(system('8')) + '\r\n' + long);
    const whole = read(bytes);
    expect(whole.events.map((e) => [e.eventId, e.data.find((d) => d.name === 'Blob')?.value.length])).toEqual([
      [7, 300_000],
      [8, undefined],
      [7, 300_000],
    ]);
    for (const size of [4096, 4099, 65_537]) expect(read(bytes, size).events).toEqual(whole.events);
  });

  it('skips an event over the limit that arrives in many chunks, and reads the next one', () => {
    const huge = evt(`${system('1')}<EventData><Data>${'x'.repeat(MAX_EVENT_CHARS)}</Data></EventData>`);
    const { events, stats } = read(new TextEncoder().encode(huge + '\r\n' + evt(system('2'))), 16 * 1024);
    expect(events.map((e) => e.eventId)).toEqual([2]);
    expect(stats.oversized).toBe(1);
  });

  it('reports an event cut off while it was arriving in many chunks', () => {
    const cut = evt(`${system('3')}<EventData><Data>${'z'.repeat(200_000)}</Data></EventData>`).slice(0, -20);
    const { events, stats } = read(new TextEncoder().encode(evt(system('2')) + '\r\n' + cut), 8192);
    expect(events.map((e) => e.eventId)).toEqual([2]);
    expect(stats.truncated).toBe(true);
  });

  it('is not confused by <EventData> or <EventID> looking like an event start', () => {
    const { events } = parse(`<EventData>stray</EventData>${evt(system('3'))}`);
    expect(events.map((e) => e.eventId)).toEqual([3]);
  });
});

describe('EventXmlReader on any chunk boundaries', () => {
  /** The bytes pushed in pieces cut at `cuts` (any byte offsets, in any order). */
  function readCut(bytes: Uint8Array, cuts: number[]) {
    const events: { provider: string; eventId: number; level?: number; timeMs?: number; data: ReturnType<EventView['data']> }[] = [];
    const reader = new EventXmlReader((e) => events.push({ provider: e.provider, eventId: e.eventId, level: e.level, timeMs: e.timeMs, data: e.data() }));
    let from = 0;
    for (const cut of [...new Set(cuts)].sort((a, b) => a - b).concat(bytes.length)) {
      reader.push(bytes.slice(from, cut));
      from = cut;
    }
    return { events, stats: reader.end() };
  }

  /**
   * Characters that take 1 to 4 bytes in UTF-8 and a surrogate pair in UTF-16, the ones XML
   * escapes, and end-tag names that in CDATA follow a `<` but no `/`.
   */
  const piece = fc.constantFrom('a', 'Z', ' ', '0x80004005', 'é', '証明書', '😀', '&', '<', '>', "'", '"', ']]', '\t', 'Event>', 'System>');
  const value = fc.array(piece, { maxLength: 8 }).map((p) => p.join(''));
  const escape = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&#x3E;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');
  const event = fc.record({
    provider: fc.constantFrom('Microsoft-Intune-CertificateConnectors', 'Service Control Manager', 'A & B'),
    eventId: fc.integer({ min: 0, max: 65_535 }),
    level: fc.integer({ min: 0, max: 5 }),
    timeMs: fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2030-01-01T00:00:00Z') }),
    quote: fc.constantFrom("'", '"'),
    data: fc.array(fc.record({ name: fc.constantFrom('ErrorCode', 'ErrorMessage', 'DeviceId'), value, cdata: fc.boolean() }), { maxLength: 3 }),
  });
  type EventModel = typeof event extends fc.Arbitrary<infer T> ? T : never;
  const xml = (e: EventModel) => {
    const q = e.quote;
    const data = e.data.map((d) => `<Data Name=${q}${d.name}${q}>${d.cdata && !d.value.includes(']]>') ? `<![CDATA[${d.value}]]>` : escape(d.value)}</Data>`).join('');
    return (
      `<Event xmlns=${q}http://schemas.microsoft.com/win/2004/08/events/event${q}><System><Provider Name=${q}${escape(e.provider)}${q}/>` +
      `<EventID>${e.eventId}</EventID><Level>${e.level}</Level><TimeCreated SystemTime=${q}${new Date(e.timeMs).toISOString().replace('Z', '0000Z')}${q}/>` +
      `<Channel>Application</Channel></System><EventData>${data}</EventData></Event>`
    );
  };
  const encodings = {
    'utf-8': (t: string) => Buffer.from(t, 'utf8'),
    'utf-8 with BOM': (t: string) => Buffer.from('\uFEFF' + t, 'utf8'),
    'utf-16le': (t: string) => Buffer.from(t, 'utf16le'),
    'utf-16le with BOM': (t: string) => Buffer.from('\uFEFF' + t, 'utf16le'),
  };

  it('reads the events as written whatever the encoding and wherever the chunks end, even inside a character', () => {
    fc.assert(
      fc.property(
        fc.array(event, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('\r\n', '', '\n  '),
        fc.constantFrom(...(Object.keys(encodings) as (keyof typeof encodings)[])),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }),
        (written, separator, encoding, fractions) => {
          const bytes = new Uint8Array(encodings[encoding](written.map(xml).join(separator)));
          const { events, stats } = readCut(
            bytes,
            fractions.map((f) => Math.floor(f * bytes.length)),
          );
          expect(stats).toEqual({ events: written.length, malformed: 0, truncated: false, strayText: false, oversized: 0 });
          expect(events).toEqual(written.map((e) => ({ provider: e.provider, eventId: e.eventId, level: e.level, timeMs: e.timeMs, data: e.data.map((d) => ({ name: d.name, value: d.value })) })));
        },
      ),
      { seed: 20_261_201, numRuns: 300 },
    );
  });

  it('reads an event cut in two at every byte, a UTF-16 code unit and a surrogate pair included', () => {
    const text = `<Event><System><Provider Name='P'/><EventID>7</EventID><Level>2</Level></System><EventData><Data Name='M'>é 証 😀 &amp;</Data></EventData></Event>\r\n<Event><System><Provider Name='Q'/><EventID>8</EventID></System></Event>`;
    for (const encode of Object.values(encodings)) {
      const bytes = new Uint8Array(encode(text));
      const whole = readCut(bytes, []);
      expect(whole.events.map((e) => [e.provider, e.eventId, e.data[0]?.value])).toEqual([
        ['P', 7, 'é 証 😀 &'],
        ['Q', 8, undefined],
      ]);
      for (let cut = 1; cut < bytes.length; cut++) expect(readCut(bytes, [cut])).toEqual(whole);
    }
  });
});

describe('parseSystemTime', () => {
  it('counts days as Date.parse does, across leap and century years, a day past its month running on, months and days out of range refused', () => {
    const pad = (n: number, width = 2) => String(n).padStart(width, '0');
    for (const year of [0, 1, 4, 99, 100, 399, 400, 1600, 1899, 1900, 1969, 1970, 2000, 2023, 2024, 2026, 2100, 2400, 9999]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          for (const time of ['00:00:00', '23:59:59.999']) {
            const text = `${pad(year, 4)}-${pad(month)}-${pad(day)}T${time}Z`;
            expect([text, parseSystemTime(text)]).toEqual([text, Date.parse(text)]);
          }
        }
      }
    }
    expect(parseSystemTime('2026-11-19T08:00:00.1234567Z')).toBe(Date.parse('2026-11-19T08:00:00.123Z'));
  });
});

describe('binaryText', () => {
  it('reads UTF-16LE text and refuses binary data', () => {
    expect(binaryText('4E0044004500530043006F006E006E006500630074006F0072005300760063002F0031000000')).toBe('NDESConnectorSvc/1');
    expect(binaryText('00010203')).toBeUndefined();
    expect(binaryText('abc')).toBeUndefined();
    expect(binaryText(undefined)).toBeUndefined();
  });
});
