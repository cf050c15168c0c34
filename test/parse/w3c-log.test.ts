import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES, W3cReader, type W3cReadStats } from '../../src/parse/w3c-log.js';

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
    rows.push({ stem: l.text(0), op: l.param(1, 'operation'), status: l.int(2), sub: l.int(3), win32: l.int(4), taken: l.int(5), ua: l.text(6), time: l.timeMs() }),
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

  it('gives NaN for a malformed date or time, not a wrong instant', () => {
    const { rows } = readIis(text(HEADER + '2026-13-20 09:00:00 /a - 200 0 0 1 ua\r\n2026-11-20 9:00 /a - 200 0 0 1 ua\r\n'));
    expect(rows.map((r) => Number.isNaN(r.time))).toEqual([true, true]);
  });
});
