import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WindowsSource } from '../../../src/collect/artifact-spec.js';
import { httpErrFolder, iisLogFolder } from '../../../src/collect/windows/log-locations.js';
import { eventQuery, gatherEvents, gatherLogFiles, wevtutilQueryArgs, type Run } from '../../../src/collect/windows/logs.js';
import { logArtifacts } from '../../../src/collect/windows/log-artifacts.js';
import type { CommandOutput } from '../../../src/collect/windows/exec.js';
import { W3cReader } from '../../../src/parse/w3c-log.js';
import { decodeText } from '../../../src/parse/text.js';
import { fixture } from '../../facts/iis-fixtures.js';
import iconv from 'iconv-lite';

const SINCE = new Date('2026-11-13T09:14:02.000Z');
const admin = logArtifacts['logs.connector-admin'].windows as Extract<WindowsSource, { kind: 'events' }>;

/** Recorded wevtutil answers, one per call in order. */
function recorded(...answers: Partial<CommandOutput>[]): Run & { calls: string[][] } {
  const calls: string[][] = [];
  const run = async (file: string, args: readonly string[]) => {
    calls.push([file, ...args]);
    const a = answers.shift() ?? {};
    return { command: [file, ...args].join(' '), exitCode: 0, stdout: new Uint8Array(), stderr: new Uint8Array(), durationMs: 5, ...a };
  };
  return Object.assign(run, { calls });
}
const utf8 = (s: string) => new Uint8Array(Buffer.from(s));
const GLI = utf8('creationTime: 2026-03-05T10:00:00.000Z\r\nlastAccessTime: 2026-11-20T09:00:00.000Z\r\nfileSize: 1052672\r\nnumberOfLogRecords: 4211\r\n');

describe('event queries', () => {
  it('ask for the --since window, newest first, capped, as XML in UTF-16', () => {
    expect(eventQuery(undefined, SINCE)).toBe("*[System[TimeCreated[@SystemTime>='2026-11-13T09:14:02.000Z']]]");
    const system = logArtifacts['logs.system'].windows as Extract<WindowsSource, { kind: 'events' }>;
    expect(eventQuery(system.filter, SINCE)).toBe(
      "*[System[(Provider[@Name='Service Control Manager' or @Name='Microsoft-Windows-WAS' or @Name='WAS' or @Name='Microsoft-Windows-IIS-W3SVC' or @Name='W3SVC'] and (Level=1 or Level=2 or Level=3)) and TimeCreated[@SystemTime>='2026-11-13T09:14:02.000Z']]]",
    );
    expect(wevtutilQueryArgs(admin, SINCE)).toEqual([
      'qe',
      'Microsoft-Intune-CertificateConnectors/Admin',
      "/q:*[System[TimeCreated[@SystemTime>='2026-11-13T09:14:02.000Z']]]",
      '/c:20000',
      '/rd:true',
      '/f:xml',
      '/uni:true',
    ]);
  });
});

describe('gatherEvents, on recorded wevtutil output', () => {
  it('records a missing channel as not-found, by exit code 15007 or by the message in any language', async () => {
    const english = await gatherEvents(admin, SINCE, 437, recorded({ exitCode: 15007, stderr: utf8('Failed to read configuration for log Microsoft-Intune-CertificateConnectors/Admin. The specified channel could not be found.\r\n') }));
    expect(english.record).toMatchObject({ status: 'not-found', exitCode: 15007 });
    expect(english.record.message).toMatch(/does not exist on this server: Failed to read configuration/);
    // A Japanese server: the message in the console code page (932), as the Yamato-Security issue #18 shows it.
    const message = 'ログ PowerShellCore/Operational の構成を読み取れませんでした。\r\n指定したチャネルは見つかりませんでした。\r\n';
    const japanese = await gatherEvents(admin, SINCE, 932, recorded({ exitCode: 1, stderr: new Uint8Array(iconv.encode(message, 'cp932')) }));
    expect(japanese.record.status).toBe('not-found');
  });

  it('records a tool that prints nothing (Wine\'s stub) as failed, never as an empty log', async () => {
    const run = recorded({});
    const r = await gatherEvents(admin, SINCE, 437, run);
    expect(r).toEqual({ record: expect.objectContaining({ status: 'failed', errorCode: 'E_FACT_UNAVAILABLE', message: expect.stringMatching(/printed nothing/) }) });
    expect(run.calls).toHaveLength(1);
  });

  it('records access denied from an unelevated prompt', async () => {
    const r = await gatherEvents(admin, SINCE, 437, recorded({ exitCode: 5, stderr: utf8('Failed to read configuration for log Security. Access is denied.') }));
    expect(r.record).toMatchObject({ status: 'failed', errorCode: 'E_ACCESS_DENIED' });
  });

  it('keeps the query output as written, empty when the window holds no event, and notes a cut window', async () => {
    const xml = new Uint8Array(Buffer.from("<Event xmlns='x'><System/></Event>\r\n".repeat(3), 'utf16le'));
    const run = recorded({ stdout: GLI }, { stdout: xml });
    const r = await gatherEvents({ ...admin, maxEvents: 3 }, SINCE, 437, run);
    expect(r.bytes).toBe(xml);
    expect(r.record).toMatchObject({ status: 'ok', message: '3 events, the --since window holds more: only the newest 3 were kept' });
    expect(run.calls[1]).toEqual(['wevtutil', ...wevtutilQueryArgs({ ...admin, maxEvents: 3 }, SINCE)]);
    const empty = await gatherEvents(admin, SINCE, 437, recorded({ stdout: GLI }, {}));
    expect(empty.record).toEqual(expect.objectContaining({ status: 'ok' }));
    expect(empty.record.message).toBeUndefined();
    expect(empty.bytes?.length).toBe(0);
  });

  it('records a query that ran out of time as failed', async () => {
    const r = await gatherEvents(admin, SINCE, 437, recorded({ stdout: GLI }, { failure: 'did not finish within 120000 ms', exitCode: -1 }));
    expect(r.record).toMatchObject({ status: 'failed', message: 'did not finish within 120000 ms' });
  });
});

describe('gatherLogFiles', () => {
  let dir: string;
  const FIELDS_A = '#Fields: date time cs-uri-stem cs-uri-query sc-status time-taken';
  const FIELDS_B = '#Fields: date time sc-status cs-uri-stem time-taken';
  const line = (day: string, status: number) => `2026-11-${day} 08:00:00 /certsrv/mscep/mscep.dll operation=GetCACaps ${status} 15`;
  const file = (name: string, lines: string[], mtime: string) => {
    const path = join(dir, name);
    writeFileSync(path, lines.map((l) => `${l}\r\n`).join(''));
    utimesSync(path, new Date(mtime), new Date(mtime));
  };
  const source = (maxBytes: number, format: 'w3c' | 'xml' | 'text' = 'w3c'): Extract<WindowsSource, { kind: 'log-files' }> => ({ kind: 'log-files', folder: dir, pattern: '^u_ex\\d{6}\\.log$', format, maxBytes });
  const ctx = { since: SINCE, env: {}, read: async () => ({ status: 'unavailable' as const, errorCode: 'E_FACT_UNAVAILABLE' as const, message: '' }) };
  const records = (bytes: Uint8Array) => {
    const out: [number, string | undefined][] = [];
    const r = new W3cReader(['sc-status', 'cs-uri-stem'], (l) => out.push([l.int(0), l.text(1)]));
    r.push(bytes);
    return { out, stats: r.end() };
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ndes-doctor-logs-'));
    file('u_ex261110.log', ['#Software: Microsoft Internet Information Services 10.0', FIELDS_A, line('10', 500)], '2026-11-10T23:59:00Z');
    file('u_ex261118.log', ['#Software: Microsoft Internet Information Services 10.0', FIELDS_A, line('18', 401), line('18', 402)], '2026-11-18T23:59:00Z');
    file('u_ex261119.log', ['#Software: Microsoft Internet Information Services 10.0', FIELDS_A, line('19', 200), FIELDS_B, '2026-11-19 09:00:00 404 /certsrv/mscep/mscep.dll 3', '2026-11-19 10:00:00 403 /certsrv/mscep/mscep.dll 3'], '2026-11-19T23:59:00Z');
    file('notes.txt', ['not a log'], '2026-11-19T23:59:00Z');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes the files written since the window start, oldest first, each after a #Remark naming it', async () => {
    const r = await gatherLogFiles(source(1 << 20), ctx);
    expect(r.record).toMatchObject({ status: 'ok', message: `2 file(s) from ${dir}` });
    const text = decodeText(r.bytes!);
    expect(text.split('\n').filter((l) => l.startsWith('#Remark')).map((l) => l.replace(dir, '<dir>'))).toEqual([
      `#Remark: ndes-doctor: ${join('<dir>', 'u_ex261118.log')}`,
      `#Remark: ndes-doctor: ${join('<dir>', 'u_ex261119.log')}`,
    ]);
    expect(records(r.bytes!).out.map(([s]) => s)).toEqual([401, 402, 200, 404, 403]);
  });

  it('keeps the newest part of a file that does not fit, with the #Fields header in force there', async () => {
    // Room for the last line and a little of the one before: the cut lands inside that one.
    const r = await gatherLogFiles(source('2026-11-19 10:00:00 403 /certsrv/mscep/mscep.dll 3\r\n'.length + 10), ctx);
    expect(r.record.message).toMatch(/u_ex261119\.log: only its last \d+ of \d+ bytes \(size cap\); .*u_ex261118\.log left out \(size cap\)/);
    const { out, stats } = records(r.bytes!);
    expect(out).toEqual([[403, '/certsrv/mscep/mscep.dll']]);
    expect(stats.malformed).toBe(0);
    expect(decodeText(r.bytes!)).toMatch(/^#Remark: ndes-doctor: .*u_ex261119\.log, last \d+ of \d+ bytes \(size cap\)\n#Software: .*\n#Fields: date time sc-status cs-uri-stem time-taken\n2026-11-19 10:00:00 403/);
  });

  it('records a missing folder or no file in the window as not-found', async () => {
    expect((await gatherLogFiles({ ...source(1000), folder: join(dir, 'nope') }, ctx)).record).toMatchObject({ status: 'not-found', message: expect.stringMatching(/does not exist/) });
    expect((await gatherLogFiles(source(1000), { ...ctx, since: new Date('2026-11-25T00:00:00Z') })).record.status).toBe('not-found');
  });

  it('cuts a .NET trace at a fragment boundary', async () => {
    const sub = join(dir, 'svclog');
    mkdirSync(sub);
    const frag = (n: number) => `<E2ETraceEvent xmlns="http://schemas.microsoft.com/2004/06/E2ETraceEvent"><ApplicationData>record ${n}</ApplicationData></E2ETraceEvent>`;
    writeFileSync(join(sub, 'u_ex261119.log'), [1, 2, 3].map(frag).join('\r\n'));
    const r = await gatherLogFiles({ ...source(frag(3).length + 20, 'xml'), folder: sub }, ctx);
    expect(decodeText(r.bytes!)).toBe(frag(3));
  });
});

describe('log folders', () => {
  const env = { SystemDrive: 'C:', SystemRoot: 'C:\\Windows' };
  const stock = decodeText(fixture('applicationHost.stock.config'));

  it('finds the NDES site\'s W3C folder from siteDefaults or the site\'s own logFile', () => {
    expect(iisLogFolder(stock, env)).toEqual({ path: 'C:\\inetpub\\logs\\LogFiles\\W3SVC1', siteId: '1' });
    const own = stock.replace('<site name="Default Web Site" id="1">', '<site name="Default Web Site" id="1"><logFile directory="D:\\IISLogs" />');
    expect(iisLogFolder(own, env)).toEqual({ path: 'D:\\IISLogs\\W3SVC1', siteId: '1' });
  });

  it('says why there is no W3C log: logging off, another format, no NDES site', () => {
    expect(iisLogFolder(stock.replace('<logFile logFormat="W3C"', '<logFile enabled="false" logFormat="W3C"'), env)).toMatchObject({ record: { status: 'not-found', message: expect.stringMatching(/turned off/) } });
    expect(iisLogFolder(stock.replace('logFormat="W3C"', 'logFormat="IIS"'), env)).toMatchObject({ record: { status: 'failed', message: expect.stringMatching(/IIS format/) } });
    expect(iisLogFolder('<configuration><system.applicationHost><sites/></system.applicationHost></configuration>', env)).toMatchObject({ record: { status: 'not-found' } });
  });

  it('follows central W3C logging', () => {
    const central = stock
      .replace('<log>', '<log centralLogFileMode="CentralW3C">')
      .replace('<centralW3CLogFile enabled="true" directory="%SystemDrive%\\inetpub\\logs\\LogFiles" />', '<centralW3CLogFile enabled="true" directory="E:\\Logs" />');
    expect(iisLogFolder(central, env)).toEqual({ path: 'E:\\Logs\\W3SVC', siteId: '1' });
  });

  it('puts HTTP.sys error logs in an HTTPERR folder under ErrorLoggingDir, by default System32\\LogFiles', () => {
    expect(httpErrFolder(undefined, env)).toBe('C:\\Windows\\System32\\LogFiles\\HTTPERR');
    expect(httpErrFolder('%SystemRoot%\\Logs\\', env)).toBe('C:\\Windows\\Logs\\HTTPERR');
  });
});
