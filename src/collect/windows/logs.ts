import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArtifactId } from '../artifacts.js';
import type { WindowsSource } from '../artifact-spec.js';
import type { ArtifactRecord, RawArtifact } from '../manifest.js';
import { decodeText } from '../../parse/text.js';
import { readRegistryTree, stringValue, subkey } from '../../facts/registry-tree.js';
import { runCommand, type CommandOutput } from './exec.js';
import { APPLICATION_HOST_CONFIG } from './iis-artifacts.js';
import { expandEnvironment } from './iis-web-config.js';
import { httpErrFolder, iisLogFolder } from './log-locations.js';

type EventsSource = Extract<WindowsSource, { kind: 'events' }>;
type LogFilesSource = Extract<WindowsSource, { kind: 'log-files' }>;
export type Gathered = { record: ArtifactRecord; bytes?: Uint8Array };
export type Run = (file: string, args: readonly string[], timeoutMs: number, maxBuffer?: number) => Promise<CommandOutput>;

const PROBE_TIMEOUT_MS = 30_000;
const QUERY_TIMEOUT_MS = 120_000;
/** 20,000 events of a few KB each, as UTF-16. */
const QUERY_MAX_BUFFER = 512 * 1024 * 1024;
/** ERROR_EVT_CHANNEL_NOT_FOUND; wevtutil exits with the Windows error code. */
const CHANNEL_NOT_FOUND = 15007;
const CHANNEL_NOT_FOUND_TEXT = /channel could not be found|kanal wurde nicht gefunden|canal (spécifié )?est introuvable|no se encontró el canal|チャネルは見つかりませんでした/i;

/** The XPath wevtutil gets: the artifact's own conditions and the --since window. */
export function eventQuery(filter: string | undefined, since: Date): string {
  const window = `TimeCreated[@SystemTime>='${since.toISOString()}']`;
  return `*[System[${filter ? `(${filter}) and ` : ''}${window}]]`;
}

export function wevtutilQueryArgs(source: EventsSource, since: Date): string[] {
  // /uni:true: UTF-16 output, so names in any language survive whatever the console code page.
  return ['qe', source.channel, `/q:${eventQuery(source.filter, since)}`, `/c:${source.maxEvents}`, '/rd:true', '/f:xml', '/uni:true'];
}

/**
 * One channel's events. `wevtutil gli` first tells a missing channel (connector not installed:
 * not-found) from a broken tool (Wine's stub prints nothing: failed) before the query runs.
 */
export async function gatherEvents(source: EventsSource, since: Date, oemCodePage: number | undefined, run: Run = runCommand): Promise<Gathered> {
  const probe = await run('wevtutil', ['gli', source.channel], PROBE_TIMEOUT_MS);
  const probeText = (r: CommandOutput) => `${decodeText(r.stderr, oemCodePage).trim()} ${decodeText(r.stdout, oemCodePage).trim()}`.trim();
  const base = { command: probe.command, exitCode: probe.exitCode, durationMs: probe.durationMs };
  if (probe.failure) return { record: { ...base, status: 'failed', message: probe.failure, errorCode: 'E_FACT_UNAVAILABLE' } };
  if (probe.exitCode === CHANNEL_NOT_FOUND || CHANNEL_NOT_FOUND_TEXT.test(probeText(probe))) {
    return { record: { ...base, status: 'not-found', message: `the ${source.channel} event log does not exist on this server: ${probeText(probe) || `exit code ${probe.exitCode}`}` } };
  }
  if (probe.exitCode !== 0) {
    const message = probeText(probe) || `exit code ${probe.exitCode}`;
    return { record: { ...base, status: 'failed', message, errorCode: probe.exitCode === 5 ? 'E_ACCESS_DENIED' : 'E_FACT_UNAVAILABLE' } };
  }
  if (decodeText(probe.stdout, oemCodePage).trim() === '') {
    return { record: { ...base, status: 'failed', message: 'wevtutil printed nothing for an existing log: the Windows Event Log tool is missing or broken here', errorCode: 'E_FACT_UNAVAILABLE' } };
  }
  const r = await run('wevtutil', wevtutilQueryArgs(source, since), QUERY_TIMEOUT_MS, QUERY_MAX_BUFFER);
  const record: ArtifactRecord = { status: 'ok', command: r.command, exitCode: r.exitCode, durationMs: r.durationMs };
  if (r.failure) return { record: { ...record, status: 'failed', message: r.failure, errorCode: 'E_FACT_UNAVAILABLE' } };
  if (r.exitCode === CHANNEL_NOT_FOUND) return { record: { ...record, status: 'not-found', message: probeText(r) } };
  if (r.exitCode !== 0) {
    return { record: { ...record, status: 'failed', message: probeText(r) || `exit code ${r.exitCode}`, errorCode: r.exitCode === 5 ? 'E_ACCESS_DENIED' : 'E_FACT_UNAVAILABLE' } };
  }
  const events = countUtf16OrUtf8(r.stdout, '</Event>');
  if (events >= source.maxEvents) record.message = `${events} events, the --since window holds more: only the newest ${source.maxEvents} were kept`;
  return { record, bytes: r.stdout };
}

function countUtf16OrUtf8(bytes: Uint8Array, needle: string): number {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let n = 0;
  for (const pattern of [Buffer.from(needle, 'utf16le'), Buffer.from(needle, 'utf8')]) {
    for (let i = buf.indexOf(pattern); i >= 0; i = buf.indexOf(pattern, i + pattern.length)) n++;
    if (n) break;
  }
  return n;
}

export interface LogFilesContext {
  since: Date;
  env: NodeJS.ProcessEnv;
  read: (id: ArtifactId) => Promise<RawArtifact>;
}

/** Where a log-files source lives on this server, or why it cannot be told. */
export async function logFolder(source: LogFilesSource, ctx: LogFilesContext): Promise<{ path: string } | { record: ArtifactRecord }> {
  if (source.folder === 'iis-site') {
    let text: string;
    try {
      const handle = await open(APPLICATION_HOST_CONFIG, 'r');
      try {
        text = decodeText(await handle.readFile());
      } finally {
        await handle.close();
      }
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      const denied = err.code === 'EACCES' || err.code === 'EPERM';
      return { record: { status: 'failed', command: `read ${APPLICATION_HOST_CONFIG}`, message: err.message, errorCode: denied ? 'E_ACCESS_DENIED' : 'E_FACT_UNAVAILABLE' } };
    }
    const found = iisLogFolder(text, ctx.env);
    return 'path' in found ? { path: found.path } : found;
  }
  if (source.folder === 'httperr') {
    let dir: string | undefined;
    try {
      const key = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters';
      dir = stringValue(subkey(readRegistryTree(await ctx.read('registry.http-parameters'), key), ''), 'ErrorLoggingDir');
    } catch {
      // Unreadable HTTP parameters leave HTTP.sys's documented default folder.
    }
    return { path: httpErrFolder(dir, ctx.env) };
  }
  return { path: expandEnvironment(source.folder, ctx.env) };
}

interface LogFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/**
 * The log files of a folder written within --since, newest first until maxBytes, concatenated
 * oldest first. A file that does not fit whole contributes its newest part (from a line or
 * fragment boundary); a W3C file keeps the `#Fields` header that applies to that part.
 */
export async function gatherLogFiles(source: LogFilesSource, ctx: LogFilesContext): Promise<Gathered> {
  const located = await logFolder(source, ctx);
  if ('record' in located) return located;
  const folder = located.path;
  const pattern = new RegExp(source.pattern, 'i');
  const command = `read ${folder} files matching ${source.pattern} written since ${ctx.since.toISOString()}, newest first, at most ${source.maxBytes} bytes`;
  const started = Date.now();
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') return { record: { status: 'not-found', command, message: `${folder} does not exist` } };
    const denied = err.code === 'EACCES' || err.code === 'EPERM';
    return { record: { status: 'failed', command, message: err.message, errorCode: denied ? 'E_ACCESS_DENIED' : 'E_FACT_UNAVAILABLE' } };
  }
  const files: LogFile[] = [];
  for (const name of names.filter((n) => pattern.test(n))) {
    const path = join(folder, name);
    try {
      const info = await stat(path);
      if (info.isFile() && info.mtimeMs >= ctx.since.getTime()) files.push({ path, size: info.size, mtimeMs: info.mtimeMs });
    } catch {
      // A file rotated away between listing and stat is simply not collected.
    }
  }
  if (!files.length) {
    return { record: { status: 'not-found', command, durationMs: Date.now() - started, message: `no file in ${folder} matching ${source.pattern} was written since ${ctx.since.toISOString()}` } };
  }
  files.sort((a, b) => b.mtimeMs - a.mtimeMs);
  const parts: Buffer[] = [];
  const notes: string[] = [];
  let budget = source.maxBytes;
  try {
    for (const file of files) {
      if (budget <= 0) {
        notes.push(`${file.path} left out (size cap)`);
        continue;
      }
      const part = await readLogFile(file, budget, source.format);
      if (part.cut) notes.push(`${file.path}: only its last ${part.kept} of ${file.size} bytes (size cap)`);
      budget -= part.bytes.length;
      parts.push(part.bytes);
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const denied = err.code === 'EACCES' || err.code === 'EPERM';
    return { record: { status: 'failed', command, message: err.message, errorCode: denied ? 'E_ACCESS_DENIED' : 'E_FACT_UNAVAILABLE' } };
  }
  const record: ArtifactRecord = { status: 'ok', command, durationMs: Date.now() - started };
  const kept = files.length - notes.filter((n) => n.endsWith('left out (size cap)')).length;
  record.message = `${kept} file(s) from ${folder}${notes.length ? `; ${notes.join('; ')}` : ''}`;
  return { record, bytes: Buffer.concat(parts.reverse()) };
}

const CHUNK = 1 << 20;

/** One file, whole or its newest `budget` bytes, with a W3C #Remark naming it. */
async function readLogFile(file: LogFile, budget: number, format: LogFilesSource['format']): Promise<{ bytes: Buffer; cut: boolean; kept: number }> {
  const handle = await open(file.path, 'r');
  try {
    const remark = (text: string) => (format === 'w3c' ? Buffer.from(`#Remark: ndes-doctor: ${text}\r\n`) : Buffer.alloc(0));
    if (file.size <= budget) {
      return { bytes: Buffer.concat([remark(file.path), await handle.readFile()]), cut: false, kept: file.size };
    }
    const from = file.size - budget;
    const tail = Buffer.alloc(budget);
    const { bytesRead } = await handle.read(tail, 0, budget, from);
    // Start at a record boundary: the next line, or the next trace fragment.
    const boundary = format === 'xml' ? tail.indexOf('<E2ETraceEvent') : tail.indexOf(10) + 1;
    const body = tail.subarray(boundary > 0 ? boundary : bytesRead, bytesRead);
    const header = format === 'w3c' ? await lastDirectives(handle, from) : Buffer.alloc(0);
    const note = remark(`${file.path}, last ${body.length} of ${file.size} bytes (size cap)`);
    return { bytes: Buffer.concat([note, header, body]), cut: true, kept: body.length };
  } finally {
    await handle.close();
  }
}

/** The `#Software` and `#Fields` directives in force at byte `upTo`: found by scanning the skipped part. */
async function lastDirectives(handle: Awaited<ReturnType<typeof open>>, upTo: number): Promise<Buffer> {
  let software: Buffer | undefined;
  let fields: Buffer | undefined;
  const buf = Buffer.alloc(CHUNK + 4096);
  for (let at = 0; at < upTo; at += CHUNK) {
    const { bytesRead } = await handle.read(buf, 0, Math.min(CHUNK + 4096, upTo - at + 4096), at);
    const view = buf.subarray(0, bytesRead);
    for (let i = view.indexOf('#'); i >= 0 && i < CHUNK; i = view.indexOf('#', i + 1)) {
      if (i > 0 && view[i - 1] !== 10) continue;
      const end = view.indexOf(10, i);
      if (end < 0) break;
      const line = Buffer.from(view.subarray(i, end + 1));
      if (line.subarray(0, 9).toString('latin1').toLowerCase() === '#fields: ') fields = line;
      else if (line.subarray(0, 10).toString('latin1').toLowerCase() === '#software:') software = line;
    }
  }
  return Buffer.concat([software ?? Buffer.alloc(0), fields ?? Buffer.alloc(0)]);
}
