import { ARTIFACTS } from '../collect/artifacts.js';
import type { RawArtifact } from '../collect/manifest.js';
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

type Present = Extract<RawArtifact, { status: 'ok' }>;

const MB = 1024 * 1024;

/** Absent or unreadable before parsing: not collected, not there, or over the artifact's size cap. */
function precheck(id: LogArtifactId, raw: RawArtifact): Exclude<LogFact<never>, { state: 'read' }> | undefined {
  if (raw.status === 'not-found') return { state: 'absent', source: raw.file, reason: raw.message };
  if (raw.status === 'unavailable') return { state: 'unreadable', errorCode: raw.errorCode, reason: raw.message };
  const cap = ARTIFACTS[id].maxBytes;
  if (cap !== undefined && raw.bytes.length > cap) {
    return {
      state: 'unreadable',
      source: raw.file,
      errorCode: 'E_FACT_MALFORMED',
      reason: `${raw.file} is ${Math.ceil(raw.bytes.length / MB)} MB, more than the ${Math.floor(cap / MB)} MB a log may have; collect again with a shorter --since`,
    };
  }
  return undefined;
}

/** Streams the artifact through `push` in 1 MB chunks, giving the event loop back between chunks. */
async function feed(raw: Present, push: (chunk: Uint8Array) => void): Promise<void> {
  for (const chunk of chunksOf(raw.bytes)) {
    push(chunk);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const malformed = (raw: Present, why: string): LogFact<never> => ({ state: 'unreadable', source: raw.file, errorCode: 'E_FACT_MALFORMED', reason: `${raw.file}: ${why}` });

function eventLogFact(id: LogArtifactId) {
  const spec = logArtifacts[id].windows;
  const channel = spec.kind === 'events' ? spec.channel : id;
  return defineAsyncFact<LogFact<EventDigest>>({
    artifacts: [id],
    async derive(read) {
      const raw = read(id);
      const early = precheck(id, raw);
      if (early || raw.status !== 'ok') return early!;
      const builder = new EventDigestBuilder(channel);
      const reader = new EventXmlReader((e) => builder.add(e));
      const text = new TextStream();
      await feed(raw, (chunk) => reader.push(text.push(chunk)));
      reader.push(text.end());
      const stats = reader.end();
      if (stats.events === 0) {
        if (stats.truncated) return malformed(raw, 'the export ends inside its first event (truncated); no complete event to read');
        if (stats.strayText || stats.malformed || stats.oversized) {
          return malformed(raw, 'not a Windows event export: no <Event> element with a provider and an EventID (expected wevtutil qe /f:xml output)');
        }
      }
      return { state: 'read', source: raw.file, digest: builder.finish(stats) };
    },
  });
}

interface W3cDigestBuilder<T> {
  add(line: W3cLine): void;
  finish(stats: W3cReadStats): T;
}

function w3cFact<T>(id: 'logs.iis' | 'logs.httperr', fields: readonly string[], make: () => W3cDigestBuilder<T>) {
  return defineAsyncFact<LogFact<T>>({
    artifacts: [id],
    async derive(read) {
      const raw = read(id);
      const early = precheck(id, raw);
      if (early || raw.status !== 'ok') return early!;
      const builder = make();
      const reader = new W3cReader(fields, (line) => builder.add(line));
      await feed(raw, (chunk) => reader.push(chunk));
      const stats = reader.end();
      if (stats.utf16) return malformed(raw, 'the file is UTF-16; IIS and HTTP.sys write W3C logs in UTF-8 or ASCII');
      if (stats.records === 0 && (stats.malformed > 0 || stats.oversized > 0)) {
        return malformed(raw, stats.headers ? 'no line matches its #Fields header' : 'not a W3C log: no #Fields: header');
      }
      return { state: 'read', source: raw.file, digest: builder.finish(stats) };
    },
  });
}

function connectorTextFact(id: 'logs.ndes-plugin' | 'logs.crp-svclog' | 'logs.ndesconnector-svclog') {
  return defineAsyncFact<LogFact<ConnectorTextDigest>>({
    artifacts: [id],
    async derive(read) {
      const raw = read(id);
      const early = precheck(id, raw);
      if (early || raw.status !== 'ok') return early!;
      const builder = new ConnectorTextDigestBuilder();
      const text = new TextStream();
      if (id === 'logs.ndes-plugin') {
        const reader = new PluginLogReader((r) => builder.add(r));
        await feed(raw, (chunk) => reader.push(text.push(chunk)));
        reader.push(text.end());
        reader.end();
        return { state: 'read', source: raw.file, digest: builder.finish(false) };
      }
      const reader = new SvclogReader((r) => builder.add(r));
      await feed(raw, (chunk) => reader.push(text.push(chunk)));
      reader.push(text.end());
      const stats = reader.end();
      if (stats.records === 0 && stats.strayText) return malformed(raw, 'not a .NET trace (.svclog): no <E2ETraceEvent> element');
      return { state: 'read', source: raw.file, digest: builder.finish(stats.truncated) };
    },
  });
}

export const logFacts = {
  connectorAdminLog: eventLogFact('logs.connector-admin'),
  connectorOperationalLog: eventLogFact('logs.connector-operational'),
  agentUpdaterLog: eventLogFact('logs.agent-updater'),
  legacyConnectorLog: eventLogFact('logs.legacy-connector'),
  applicationLog: eventLogFact('logs.application'),
  systemLog: eventLogFact('logs.system'),
  iisLog: w3cFact<IisDigest>('logs.iis', IIS_FIELDS, () => new IisDigestBuilder()),
  httpErrLog: w3cFact<HttpErrDigest>('logs.httperr', HTTPERR_FIELDS, () => new HttpErrDigestBuilder()),
  ndesPluginLog: connectorTextFact('logs.ndes-plugin'),
  crpSvclog: connectorTextFact('logs.crp-svclog'),
  ndesConnectorSvclog: connectorTextFact('logs.ndesconnector-svclog'),
};
