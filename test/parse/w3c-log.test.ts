import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiBytes, MAX_LINE_BYTES, W3cReader, type AsciiBytes, type W3cReadStats } from '../../src/parse/w3c-log.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/logs/${name}`, import.meta.url)));

interface Row {
  stem?: string;
  op?: string;
  status: number;
  sub: number;
  win32: number;
  taken: number;
  ua?: string;
  time: number;
}

function readIis(bytes: Uint8Array, size = 1 << 20): { rows: Row[]; stats: W3cReadStats } {
  const rows: Row[] = [];
  const reader = new W3cReader(['cs-uri-stem', 'cs-uri-query', 'sc-status', 'sc-substatus', 'sc-win32-status', 'time-taken', 'cs(User-Agent)'], (l) =>
    rows.push({ stem: l.text(0), op: l.param(1, asciiBytes('operation')), status: l.int(2), sub: l.int(3), win32: l.int(4), taken: l.int(5), ua: l.text(6), time: l.timeMs() }),
  );
  for (let i = 0; i < bytes.length; i += size) reader.push(bytes.subarray(i, i + size));
  return { rows, stats: reader.end() };
}

function readErr(bytes: Uint8Array) {
  const rows: { uri?: string; status: number; reason?: string; queue?: string; time: number }[] = [];
  const reader = new W3cReader(['cs-uri', 'sc-status', 's-reason', 's-queuename'], (l) => rows.push({ uri: l.text(0), status: l.int(1), reason: l.text(2), queue: l.text(3), time: l.timeMs() }));
  reader.push(bytes);
  return { rows, stats: reader.end() };
}

const text = (s: string) => new TextEncoder().encode(s);

describe('W3cReader on real IIS logs', () => {
  it('reads a real NDES log: SCEP operations, statuses, win32 status and time (UTC)', () => {
    const { rows, stats } = readIis(fixture('w3c-sscep-ndes.log'));
    expect(stats).toMatchObject({ records: 7, headers: 1, malformed: 0, software: ['Microsoft Internet Information Services 10.0'] });
    expect(rows.map((r) => [r.stem, r.op, r.status, r.sub, r.win32])).toEqual([
      ['/certsrv/mscep_admin', undefined, 401, 2, 5],
      ['/certsrv/mscep_admin', undefined, 301, 0, 0],
      ['/certsrv/mscep_admin/', undefined, 200, 0, 0],
      ['/certsrv/mscep/mscep.dll/pkiclient.exe', 'GetCACaps', 200, 0, 0],
      ['/certsrv/mscep/mscep.dll/pkiclient.exe', 'GetCACert', 200, 0, 0],
      ['/certsrv/mscep/mscep.dll/pkiclient.exe', 'GetCACaps', 200, 0, 0],
      ['/certsrv/mscep/mscep.dll/pkiclient.exe', 'PKIOperation', 200, 0, 0],
    ]);
    expect(rows[0]!.time).toBe(Date.parse('2022-04-03T00:01:42Z'));
    expect(rows[3]!.ua).toBeUndefined(); // `-`
  });

  it('reads an IIS 7.5 log without cs(Referer) by its own header, IPv6 addresses included', () => {
    const { rows } = readIis(fixture('w3c-logjoint-iis75.log'));
    expect(rows.map((r) => [r.status, r.win32, r.taken, r.ua])).toEqual([
      [200, 0, 340, 'Microsoft-WebDAV-MiniRedir/6.1.7601'],
      [404, 2, 4, 'Microsoft-WebDAV-MiniRedir/6.1.7601'],
      [404, 2, 1, 'Microsoft-WebDAV-MiniRedir/6.1.7601'],
    ]);
  });

  it('tells per record which wanted fields its header lacks, header by header', () => {
    // An IIS 7.5 log without cs(Referer), then an IIS 10 one with it (both real).
    const absent: number[] = [];
    const reader = new W3cReader(['cs-uri-stem', 'cs(Referer)', 'sc-status'], (l) => absent.push(l.absent));
    reader.push(fixture('w3c-logjoint-iis75.log'));
    reader.push(fixture('w3c-msdocs-500-1346.log'));
    reader.end();
    expect(absent).toEqual([0b010, 0b010, 0b010, 0]);
  });

  it('reads the 500 0 1346 line of Microsoft\'s troubleshooting guide', () => {
    const { rows } = readIis(fixture('w3c-msdocs-500-1346.log'));
    expect(rows).toMatchObject([{ op: 'GetCACert', status: 500, sub: 0, win32: 1346, ua: 'profiled/1.0+CFNetwork/811.5.4+Darwin/16.6.0' }]);
  });
});

describe('W3cReader on real HTTPERR logs', () => {
  it('honours every header block of a file', () => {
    const { rows, stats } = readErr(fixture('httperr-logjoint.log'));
    expect(stats.headers).toBe(3);
    expect(rows.map((r) => r.reason)).toEqual(['Connection_Abandoned_By_ReqQueue', ...Array(6).fill('Timer_ConnectionIdle'), 'NotFound', 'NotFound', 'NotFound']);
    expect(rows[7]).toMatchObject({ uri: '/', status: 404 });
  });

  it('follows a field list that changes (streamid added, a custom list without s-queuename)', () => {
    const { rows, stats } = readErr(fixture('httperr-msdocs.log'));
    expect(stats.malformed).toBe(0);
    expect(rows.map((r) => [r.status, r.reason, r.queue])).toEqual([
      [400, 'RequestLength', undefined],
      [400, 'FieldLength', undefined],
      [503, 'N/A', undefined],
      [400, 'FieldLength', undefined],
    ]);
    expect(rows[3]!.uri).toBe('/1234567890/time.asp');
  });
});

describe('W3cReader streaming and bad input', () => {
  const HEADER = '#Fields: date time cs-uri-stem cs-uri-query sc-status sc-substatus sc-win32-status time-taken cs(User-Agent)\r\n';
  const line = (status: number, query = 'operation=GetCACert&message=x') => `2026-11-20 09:00:00 /certsrv/mscep/mscep.dll ${query} ${status} 0 0 15 ua\r\n`;

  it('gives the same records whatever the chunk size, a line split anywhere', () => {
    const bytes = text(HEADER + line(200) + line(500) + line(404, `operation=PKIOperation&message=${'A'.repeat(5000)}`));
    const whole = readIis(bytes);
    expect(whole.rows.map((r) => r.status)).toEqual([200, 500, 404]);
    for (const size of [1, 2, 13, 100]) expect(readIis(bytes, size).rows).toEqual(whole.rows);
  });

  it('maps fields by name when a later header reorders them', () => {
    const reordered = '#Fields: time date sc-status cs-uri-stem time-taken\r\n09:30:00 2026-11-20 403 /certsrv/mscep/mscep.dll 7\r\n';
    const { rows, stats } = readIis(text(HEADER + line(200) + reordered));
    expect(stats.headers).toBe(2);
    expect(rows.map((r) => [r.status, r.taken, r.op, r.time])).toEqual([
      [200, 15, 'GetCACert', Date.parse('2026-11-20T09:00:00Z')],
      [403, 7, undefined, Date.parse('2026-11-20T09:30:00Z')],
    ]);
  });

  it('matches the operation parameter case-insensitively, wherever it stands in the query', () => {
    const { rows } = readIis(text(HEADER + line(200, 'message=abc&OPERATION=GetCACaps') + line(200, 'operations=x')));
    expect(rows.map((r) => r.op)).toEqual(['GetCACaps', undefined]);
  });

  it('counts lines before any header and lines with too few fields as malformed', () => {
    const { rows, stats } = readIis(text(line(200) + HEADER + '2026-11-20 09:00:00 /certsrv/mscep/mscep.dll\r\n' + line(200)));
    expect(rows).toHaveLength(1);
    expect(stats.malformed).toBe(2);
  });

  it('reads a last line without its line end, and skips a line over the size limit', () => {
    const long = `2026-11-20 09:00:00 /x ${'q'.repeat(MAX_LINE_BYTES + 10)} 200 0 0 1 ua\r\n`;
    const bytes = text(HEADER + long + line(201) + line(202).trimEnd());
    const { rows, stats } = readIis(bytes, 64 * 1024);
    expect(rows.map((r) => r.status)).toEqual([201, 202]);
    expect(stats.oversized).toBe(1);
  });

  it('holds an unfinished line across many chunks up to the size limit, and not a byte more', () => {
    const prefix = '2026-11-20 09:00:00 /x ';
    const suffix = ' 200 0 0 1 ua';
    const lineOf = (bytes: number) => `${prefix}${'q'.repeat(bytes - prefix.length - suffix.length)}${suffix}\r\n`;
    // The part held before the line end arrives: the whole line but its LF.
    const atLimit = readIis(text(HEADER + lineOf(MAX_LINE_BYTES - 1) + line(201)), 4096);
    expect(atLimit.rows.map((r) => r.status)).toEqual([200, 201]);
    expect(atLimit.stats.oversized).toBe(0);
    const over = readIis(text(HEADER + lineOf(MAX_LINE_BYTES + 1) + line(201)), 4096);
    expect(over.rows.map((r) => r.status)).toEqual([201]);
    expect(over.stats.oversized).toBe(1);
  });

  it('skips a UTF-8 BOM and notices UTF-16, which no W3C writer produces', () => {
    expect(readIis(new Uint8Array([0xef, 0xbb, 0xbf, ...text(HEADER + line(200))])).rows).toHaveLength(1);
    const utf16 = readIis(new Uint8Array(Buffer.from(HEADER + line(200), 'utf16le')));
    expect(utf16.stats.utf16).toBe(true);
    expect(utf16.rows).toEqual([]);
  });

  it('tells a BOM or UTF-16 by the first four bytes, even when they come one chunk at a time', () => {
    const withBom = readIis(new Uint8Array([0xef, 0xbb, 0xbf, ...text(HEADER + line(200))]), 1);
    expect(withBom.rows).toHaveLength(1);
    expect(withBom.stats.malformed).toBe(0);
    expect(readIis(new Uint8Array(Buffer.from(HEADER + line(200), 'utf16le')), 1).stats.utf16).toBe(true);
    // Input shorter than four bytes is told at its end.
    expect(readIis(new Uint8Array([0xff, 0xfe]), 1).stats.utf16).toBe(true);
    expect(readIis(new Uint8Array([0xef, 0xbb, 0xbf]), 1).stats).toMatchObject({ utf16: false, malformed: 0 });
  });

  it('gives NaN for a malformed date or time, not a wrong instant', () => {
    const { rows } = readIis(text(HEADER + '2026-13-20 09:00:00 /a - 200 0 0 1 ua\r\n2026-11-20 9:00 /a - 200 0 0 1 ua\r\n'));
    expect(rows.map((r) => Number.isNaN(r.time))).toEqual([true, true]);
  });
});

describe('W3cReader: the same records however the input is cut into chunks', () => {
  // Fields of IIS and HTTPERR logs and one the reader is not asked for, in headers of any order and length.
  const FIELD_NAMES = ['date', 'time', 'cs-uri-stem', 'cs-uri-query', 'sc-status', 'sc-substatus', 'sc-win32-status', 'time-taken', 'cs(User-Agent)', 's-reason', 's-queuename', 'c-ip'];
  const WANTED = FIELD_NAMES.filter((f) => f !== 'c-ip');
  const OPERATIONS = ['getcacaps', 'getcacert', 'pkioperation'].map(asciiBytes);
  const OPERATION = asciiBytes('operation');
  // Values as logs hold them, with multi-byte UTF-8 (split wherever a chunk ends) and user agents
  // that differ in one byte only, at the same length, so a remembered value must be compared in full.
  const VALUES = [
    '-', '2026-11-20', '2026-02-31', '0050-01-01', '09:00:00', '23:59:60', '9:00', '/certsrv/mscep/mscep.dll', '/CertSrv/MSCEP_admin/', '/certificateregistrationsvc/certificate/notify',
    'operation=GetCACert&message=x', 'message=abc&OPERATION=pkiOperation', 'operation=', `operation=PKIOperation&message=${'QUFB'.repeat(300)}`, '200', '503', '0', '4294967295', '12a', '',
    'Mozilla/5.0+(Gerät;+Müller)', 'Mozilla/5.0+(Gerät;+Müllex)', 'profiled/1.0+CFNetwork/811.5.4+Darwin/16.6.0', '日本語クライアント/2.0', '📱+NDES+client', 'Timer_ConnectionIdle', 'DefaultAppPool',
  ];
  const fieldsLine = fc.shuffledSubarray(FIELD_NAMES, { minLength: 1 }).map((f) => `#Fields: ${f.join(' ')}`);
  const directive = fc.constantFrom('#Software: Microsoft Internet Information Services 10.0', '#Version: 1.0', '#Remark: cut', '#Date: 2026-11-20 00:00:00', '#Nonsense');
  const record = fc.array(fc.constantFrom(...VALUES), { maxLength: 14 }).map((v) => v.join(' '));
  const log = fc
    .tuple(fc.boolean(), fc.array(fc.oneof({ weight: 1, arbitrary: fieldsLine }, { weight: 1, arbitrary: directive }, { weight: 6, arbitrary: record }), { maxLength: 40 }), fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), fc.boolean())
    .map(([bom, lines, crlf, lastEnds]) => {
      const text = lines.map((l, i) => l + (i < lines.length - 1 || lastEnds ? (crlf[i] ? '\r\n' : '\n') : '')).join('');
      return new Uint8Array([...(bom ? [0xef, 0xbb, 0xbf] : []), ...new TextEncoder().encode(text)]);
    });

  /** Everything the accessors say about each record, the chunks copied one by one into one reused buffer as the bundle reader hands them. */
  function read(bytes: Uint8Array, cuts: number[]) {
    const rows: unknown[] = [];
    const reader = new W3cReader(WANTED, (l) =>
      rows.push([
        WANTED.map((_, slot) => [l.has(slot), l.text(slot), l.int(slot), l.startsWith(slot, asciiBytes('/certsrv/mscep')), l.param(slot, asciiBytes('operation')), l.paramIndex(slot, OPERATION, OPERATIONS)]),
        l.timeMs(),
      ]),
    );
    const scratch = Buffer.alloc(bytes.length);
    let from = 0;
    for (const to of [...cuts, bytes.length]) {
      scratch.set(bytes.subarray(from, to));
      reader.push(scratch.subarray(0, to - from));
      scratch.fill(0x41);
      from = to;
    }
    return { rows, stats: reader.end() };
  }

  it('at random cut points, even inside a multi-byte character or between CR and LF', () => {
    const input = log.chain((bytes) => fc.tuple(fc.constant(bytes), fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, bytes.length - 1) }), { maxLength: 30 })));
    fc.assert(
      fc.property(input, ([bytes, cuts]) => {
        const whole = read(bytes, []);
        expect(read(bytes, cuts.filter((c) => c < bytes.length).sort((a, b) => a - b))).toEqual(whole);
      }),
      { seed: 20261201, numRuns: 300 },
    );
  });

  it('decodes a user agent whose multi-byte characters are cut in two by chunk ends', () => {
    const bytes = text('#Fields: c-ip cs(User-Agent) date time sc-status\n1.2.3.4 Mozilla/5.0+(Gerät;+Müller) 2026-11-20 09:00:00 200\r\n');
    const cuts = [bytes.indexOf(0xa4), bytes.indexOf(0xbc)]; // the second bytes of ä and ü
    const [[fields, time]] = read(bytes, cuts).rows as [[unknown[][], number]];
    expect(fields[WANTED.indexOf('cs(User-Agent)')]![1]).toBe('Mozilla/5.0+(Gerät;+Müller)');
    expect(time).toBe(Date.parse('2026-11-20T09:00:00Z'));
  });

  it('tells apart user agents of the same length on consecutive lines, two of them with colliding hashes', () => {
    // The reader hashes four bytes at a time, h = imul(h ^ word, 16777619) from h = length: these two
    // eight-byte texts end on the same hash (found by search), so both the slot's previous value and
    // the decoded-text cache offer the other one's text, and only comparing the bytes tells them apart.
    const hash = (s: string) => [0, 4].reduce((h, i) => Math.imul(h ^ Buffer.from(s, 'latin1').readInt32LE(i), 16777619), s.length);
    const [first, second] = ['abcdwxyz', 'ababwxGC'];
    expect(hash(first)).toBe(hash(second));
    const uas: (string | undefined)[] = [];
    const reader = new W3cReader(['cs(user-agent)'], (l) => uas.push(l.text(0)));
    reader.push(text(`#Fields: date time cs(User-Agent)\n${[first, second, first, second, second].map((ua) => `2026-11-20 09:00:00 ${ua}\n`).join('')}`));
    reader.end();
    expect(uas).toEqual([first, second, first, second, second]);
  });
});

describe('W3cReader: fields read four bytes at a time', () => {
  /** The records of a one-column-per-value log, each field as text() and startsWith() see it. */
  function fieldsOf(lines: string[], probe: AsciiBytes) {
    const out: { texts: (string | undefined)[]; starts: boolean[] }[] = [];
    const names = ['c-ip', 'cs-uri-stem', 'cs(user-agent)'];
    const reader = new W3cReader(names, (l) => out.push({ texts: names.map((_, s) => l.text(s)), starts: names.map((_, s) => l.startsWith(s, probe)) }));
    reader.push(new Uint8Array(Buffer.from(`#Fields: date time ${names.join(' ')}\n${lines.map((l) => `2026-11-20 09:00:00 ${l}\n`).join('')}`, 'latin1')));
    reader.end();
    return out;
  }

  it('ends a field at a space only, whatever other control or high byte stands where in a word', () => {
    // Bytes the four-at-a-time test flags (below 0x21) or must not (0x21, 0x7f, 0x80 and up), at every offset.
    for (const odd of ['\t', '\r', '\x01', '\x1f', '!', '\x7f', '\x80', '\xa0', '\xff']) {
      for (let at = 0; at < 9; at++) {
        const field = `${'x'.repeat(at)}${odd}${'y'.repeat(8 - at)}`;
        const [record] = fieldsOf([`${field} /a ua`], asciiBytes('x'));
        expect(record!.texts).toEqual([Buffer.from(field, 'latin1').toString('utf8'), '/a', 'ua']);
      }
    }
  });

  it('compares with a lower-case constant folding A to Z only, at every offset in a word', () => {
    // A byte of the line against the constant's byte at the same place: the letters' edges fold,
    // '@' and '[' beside them do not (nor match '`' and '{'), nor do bytes from 0x80 on.
    const pairs: [string, string, boolean][] = [['A', 'a', true], ['Z', 'z', true], ['a', 'a', true], ['@', '`', false], ['[', '{', false], ['\xc1', '\xe1', false], ['\xda', '\xfa', false], ['z', 'Z', false]];
    const base = '/certsrv/mscep/xyz'; // four words and a tail of two bytes
    for (let i = 0; i < base.length; i++) {
      for (const [inLine, inConstant, same] of pairs) {
        const probe = asciiBytes(base.slice(0, i) + inConstant + base.slice(i + 1));
        const [record] = fieldsOf([`1.2.3.4 ${base.slice(0, i)}${inLine}${base.slice(i + 1)}yz ua`], probe);
        expect(record!.starts[1], `${JSON.stringify(inLine)} at ${i}`).toBe(same);
      }
    }
  });

  it('tells apart remembered values that differ in any one byte, in a whole word or in the tail', () => {
    const base = 'Mozilla/5.0+(Windows)';
    const uas = [...base].map((_, i) => base.slice(0, i) + (base[i] === 'z' ? 'y' : 'z') + base.slice(i + 1));
    // Each variant after the base value, so that each is compared with a remembered one of its length.
    const lines = uas.flatMap((ua) => [`1.2.3.4 /a ${base}`, `1.2.3.4 /a ${ua}`, `1.2.3.4 /a ${ua}`]);
    expect(fieldsOf(lines, asciiBytes('/')).map((r) => r.texts[2])).toEqual(uas.flatMap((ua) => [base, ua, ua]));
  });

  it('gives the instant Date.UTC gives for every date it accepts, years below 100 as 19xx as Date.UTC reads them', () => {
    const dates = fc.tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 0, max: 86_399 }));
    // Several lines to one reader, a date often repeated as in a real log: each line's own date counts, not the one before.
    // Also dates of a few neighbouring days, months and years, which differ from the one before in one part only.
    const near = fc.tuple(fc.constantFrom(1999, 2000, 2026), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 31 }), fc.integer({ min: 0, max: 86_399 }));
    const runs = fc.array(fc.tuple(fc.oneof(dates, near), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(runs, (run) => {
        const pad = (n: number, w = 2) => String(n).padStart(w, '0');
        const lines = run.flatMap(([date, repeat]) => Array<typeof date>(repeat).fill(date));
        const times: number[] = [];
        const reader = new W3cReader([], (l) => times.push(l.timeMs()));
        const body = lines.map(([y, m, d, s]) => `${pad(y, 4)}-${pad(m)}-${pad(d)} ${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}\n`).join('');
        reader.push(text(`#Fields: date time\n${body}`));
        reader.end();
        expect(times).toEqual(lines.map(([y, m, d, s]) => Date.UTC(y, m - 1, d) + s * 1000));
      }),
      { seed: 20261201, numRuns: 2000 },
    );
    // The edges of the 19xx reading and of leap years, by name.
    for (const [date, iso] of [['0099-12-31', '1999-12-31'], ['0100-03-01', '0100-03-01'], ['2000-02-29', '2000-02-29'], ['1900-03-01', '1900-03-01'], ['2026-02-31', '2026-03-03']] as const) {
      const times: number[] = [];
      const reader = new W3cReader([], (l) => times.push(l.timeMs()));
      reader.push(text(`#Fields: date time\n${date} 00:00:00\n`));
      reader.end();
      expect(new Date(times[0]!).toISOString().slice(0, 10), date).toBe(iso.padStart(10, '0'));
    }
  });
});
