import { ArtifactReadError } from '../collect/manifest.js';
import { logArtifacts, type LogArtifactId } from '../collect/windows/log-artifacts.js';
import type { ErrorCode } from '../engine/types.js';
import { PluginLogReader, SvclogReader } from '../parse/connector-text-log.js';
import { EventXmlReader } from '../parse/event-xml.js';
import { chunksOf, TextStream } from '../parse/text-stream.js';
import { W3cReader, type W3cLine, type W3cReadStats } from '../parse/w3c-log.js';
import { defineAsyncFact } from './fact.js';
import {
  ConnectorTextDigestBuilder,
  EventDigestBuilder,
  HttpErrDigestBuilder,
  HTTPERR_FIELDS,
  IIS_FIELDS,
  IisDigestBuilder,
  type ConnectorTextDigest,
  type EventDigest,
  type HttpErrDigest,
  type IisDigest,
} from './log-digests.js';

/**
 * A log as the checks see it. A log that does not exist on the server (connector not installed,
 * no legacy files) is `absent`, which is an answer; one that could not be collected or read
 * (missing from the bundle, corrupt, over the size cap) is `unreadable`, and the checks that need
 * it report an error naming it while the others run.
 */
export type LogFact<T> =
  | { state: 'read'; source: string; digest: T }
  | { state: 'absent'; source?: string; reason: string }
  | { state: 'unreadable'; source?: string; errorCode: ErrorCode; reason: string };

type Chunks = Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

/** Parsed between two turns of the event loop: small enough that timeouts fire on time. */
const YIELD_EVERY_BYTES = 1 << 20;

/** Feeds chunks to `push`, giving the event loop back every megabyte or so, so timeouts still fire. */
async function feed(chunks: Chunks, push: (chunk: Uint8Array) => void): Promise<void> {
  let since = 0;
  for await (const chunk of chunks) {
    push(chunk);
    since += chunk.length;
    if (since >= YIELD_EVERY_BYTES) {
      since = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

export type Digested<T> = { ok: true; digest: T } | { ok: false; why: string };

/**
 * An event export as a stream of byte chunks, digested. The facts feed it an artifact's bytes;
 * `npm run bench` feeds it a file read from disk, so both measure the same code.
 */
export async function digestEvents(channel: string, chunks: Chunks): Promise<Digested<EventDigest>> {
  const builder = new EventDigestBuilder(channel);
  const reader = new EventXmlReader((e) => builder.add(e));
  await feed(chunks, (chunk) => reader.push(chunk));
  const stats = reader.end();
  if (stats.events === 0) {
    if (stats.truncated) return { ok: false, why: 'the export ends inside its first event (truncated); no complete event to read' };
    if (stats.strayText || stats.malformed || stats.oversized) {
      return { ok: false, why: 'not a Windows event export: no <Event> element with a provider and an EventID (expected wevtutil qe /f:xml output)' };
    }
  }
  return { ok: true, digest: builder.finish(stats) };
}

interface W3cDigestBuilder<T> {
  add(line: W3cLine): void;
  finish(stats: W3cReadStats): T;
}

/** A W3C log (IIS or HTTPERR) as a stream of byte chunks, digested by `builder`. */
export async function digestW3c<T>(fields: readonly string[], builder: W3cDigestBuilder<T>, chunks: Chunks): Promise<Digested<T>> {
  const reader = new W3cReader(fields, (line) => builder.add(line));
  await feed(chunks, (chunk) => reader.push(chunk));
  const stats = reader.end();
  if (stats.utf16) return { ok: false, why: 'the file is UTF-16; IIS and HTTP.sys write W3C logs in UTF-8 or ASCII' };
  if (stats.records === 0 && (stats.malformed > 0 || stats.oversized > 0)) {
    return { ok: false, why: stats.headers ? 'no line matches its #Fields header' : 'not a W3C log: no #Fields: header' };
  }
  return { ok: true, digest: builder.finish(stats) };
}

/** The legacy connector's NDESPlugin.log (lines) or a .svclog (trace fragments), digested. */
export async function digestConnectorText(kind: 'lines' | 'svclog', chunks: Chunks): Promise<Digested<ConnectorTextDigest>> {
  const builder = new ConnectorTextDigestBuilder();
  if (kind === 'lines') {
    const text = new TextStream();
    const reader = new PluginLogReader((r) => builder.add(r));
    await feed(chunks, (chunk) => reader.push(text.push(chunk)));
    reader.push(text.end());
    reader.end();
    return { ok: true, digest: builder.finish(false) };
  }
  const reader = new SvclogReader((r) => builder.add(r));
  await feed(chunks, (chunk) => reader.push(chunk));
  const stats = reader.end();
  if (stats.records === 0 && stats.strayText) return { ok: false, why: 'not a .NET trace (.svclog): no <E2ETraceEvent> element' };
  return { ok: true, digest: builder.finish(stats.truncated) };
}

/** A log fact from an artifact: absent or unreadable as it came, else what its digest made of it. */
function logFact<T>(id: LogArtifactId, digest: (chunks: Chunks) => Promise<Digested<T>>) {
  return defineAsyncFact<LogFact<T>>({
    artifacts: [id],
    async derive(read) {
      const raw = read(id);
      // Absent or unreadable before parsing: not collected, not there, or over the log cap (the bundle reader refuses those, src/collect/limits.ts).
      if (raw.status === 'not-found') return { state: 'absent', source: raw.file, reason: raw.message };
      if (raw.status === 'unavailable') return { state: 'unreadable', errorCode: raw.errorCode, reason: raw.message };
      let result: Digested<T>;
      try {
        result = await digest(raw.status === 'ok' ? chunksOf(raw.bytes) : raw.chunks());
      } catch (e) {
        if (e instanceof ArtifactReadError) return { state: 'unreadable', source: raw.file, errorCode: e.errorCode, reason: e.message };
        throw e;
      }
      if (!result.ok) return { state: 'unreadable', source: raw.file, errorCode: 'E_FACT_MALFORMED', reason: `${raw.file}: ${result.why}` };
      return { state: 'read', source: raw.file, digest: result.digest };
    },
  });
}

function eventLogFact(id: LogArtifactId) {
  const spec = logArtifacts[id].windows;
  const channel = spec.kind === 'events' ? spec.channel : id;
  return logFact(id, (chunks) => digestEvents(channel, chunks));
}

export const logFacts = {
  connectorAdminLog: eventLogFact('logs.connector-admin'),
  connectorOperationalLog: eventLogFact('logs.connector-operational'),
  agentUpdaterLog: eventLogFact('logs.agent-updater'),
  legacyConnectorLog: eventLogFact('logs.legacy-connector'),
  applicationLog: eventLogFact('logs.application'),
  systemLog: eventLogFact('logs.system'),
  iisLog: logFact<IisDigest>('logs.iis', (chunks) => digestW3c(IIS_FIELDS, new IisDigestBuilder(), chunks)),
  httpErrLog: logFact<HttpErrDigest>('logs.httperr', (chunks) => digestW3c(HTTPERR_FIELDS, new HttpErrDigestBuilder(), chunks)),
  ndesPluginLog: logFact('logs.ndes-plugin', (chunks) => digestConnectorText('lines', chunks)),
  crpSvclog: logFact('logs.crp-svclog', (chunks) => digestConnectorText('svclog', chunks)),
  ndesConnectorSvclog: logFact('logs.ndesconnector-svclog', (chunks) => digestConnectorText('svclog', chunks)),
};
