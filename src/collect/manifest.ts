import { ERROR_CODES, type ErrorCode } from '../engine/types.js';

export const BUNDLE_VERSION = 1;

/** How gathering one artifact went, as recorded in manifest.json. */
export interface ArtifactRecord {
  status: 'ok' | 'not-found' | 'failed';
  file?: string;
  command?: string;
  exitCode?: number;
  durationMs?: number;
  message?: string;
  errorCode?: ErrorCode;
}

export interface Manifest {
  bundleVersion: number;
  tool: { name: string; version: string };
  collectedAt: string;
  host: {
    name?: string;
    os?: string;
    /** Console OEM code page that command output was written in (e.g. 437, 850). */
    oemCodePage?: number;
    elevated?: boolean;
  };
  artifacts: Record<string, ArtifactRecord>;
  /** What `collect` masked before writing the bundle (src/collect/redact.ts): rules that ran, values masked, per rule. */
  redaction?: { applied: boolean; rules: string[]; masked: number; counts?: Record<string, number> };
  /** Fields of manifest.json that held a value of another type than collect writes, and were left out (read, never written). */
  ignored?: string[];
}

/** Raw bytes of an artifact, or why there are none. */
export type RawArtifact =
  | { status: 'ok'; file: string; bytes: Uint8Array; codePage?: number }
  /**
   * A log, never held whole: each call of `chunks()` reads the file afresh, chunk by chunk, and
   * fails with an ArtifactReadError when the file is damaged or no longer what was measured. A
   * chunk is valid until the next one is asked for: a reader copies what it keeps.
   */
  | { status: 'stream'; file: string; size: number; chunks(): AsyncIterable<Uint8Array> }
  /** Collected fine: the thing does not exist on the server (a registry key that is absent). */
  | { status: 'not-found'; file?: string; message: string }
  /** Not in the bundle, or gathering it failed. */
  | { status: 'unavailable'; message: string; errorCode: ErrorCode };

export class BundleError extends Error {
  override name = 'BundleError';
}

/** Reading a streamed artifact failed part-way: the file is damaged, or changed since it was measured. */
export class ArtifactReadError extends Error {
  override name = 'ArtifactReadError';
  constructor(
    readonly errorCode: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function parseManifest(text: string, where: string): Manifest {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new BundleError(`${where}: manifest.json is not valid JSON (${(e as Error).message}).`);
  }
  const m = data as Partial<Manifest> | null;
  if (!m || typeof m !== 'object' || typeof m.bundleVersion !== 'number') {
    throw new BundleError(`${where}: manifest.json has no bundleVersion; is this an ndes-doctor bundle?`);
  }
  if (m.bundleVersion > BUNDLE_VERSION) {
    throw new BundleError(
      `${where}: bundle format ${m.bundleVersion} is newer than this ndes-doctor understands (${BUNDLE_VERSION}); upgrade ndes-doctor.`,
    );
  }
  const ignored: string[] = [];
  const field = fieldReader(ignored);
  const tool = field('tool', m.tool, isObject);
  const host = field('host', m.host, isObject);
  const manifest: Manifest = {
    bundleVersion: m.bundleVersion,
    tool: { name: field('tool.name', tool?.name, isText) ?? 'unknown', version: field('tool.version', tool?.version, isText) ?? 'unknown' },
    collectedAt: field('collectedAt', m.collectedAt, isText) ?? '',
    host: {
      ...defined('name', field('host.name', host?.name, isText)),
      ...defined('os', field('host.os', host?.os, isText)),
      ...defined('oemCodePage', field('host.oemCodePage', host?.oemCodePage, isCodePage)),
      ...defined('elevated', field('host.elevated', host?.elevated, isBoolean)),
    },
    artifacts: artifactRecords(field('artifacts', m.artifacts, isObject) ?? {}, ignored),
    ...(isRedaction(m.redaction) && { redaction: m.redaction }),
  };
  if (ignored.length) manifest.ignored = ignored;
  return manifest;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string';
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isCodePage = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0 && (v as number) <= 65535;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isErrorCode = (v: unknown): v is ErrorCode => typeof v === 'string' && Object.hasOwn(ERROR_CODES, v);
const STATUSES: readonly unknown[] = ['ok', 'not-found', 'failed'] satisfies ArtifactRecord['status'][];

function defined<K extends string, V>(key: K, value: V | undefined): { [k in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [k in K]?: V };
}

/** Reads a field of the type collect writes, or undefined: another type is noted in `ignored` and left out, so nothing prints it. */
function fieldReader(ignored: string[]) {
  return <T>(path: string, value: unknown, ok: (v: unknown) => v is T): T | undefined => {
    if (value === undefined || value === null) return undefined;
    if (ok(value)) return value;
    ignored.push(path);
    return undefined;
  };
}

/** The artifact records, each field of the type collect writes; a record without a known status is left out. */
function artifactRecords(raw: Record<string, unknown>, ignored: string[]): Record<string, ArtifactRecord> {
  const field = fieldReader(ignored);
  const out: Record<string, ArtifactRecord> = {};
  for (const [id, value] of Object.entries(raw)) {
    if (!isObject(value) || !STATUSES.includes(value.status)) {
      ignored.push(`artifacts.${id}`);
      continue;
    }
    out[id] = {
      status: value.status as ArtifactRecord['status'],
      ...defined('file', field(`artifacts.${id}.file`, value.file, isText)),
      ...defined('command', field(`artifacts.${id}.command`, value.command, isText)),
      ...defined('exitCode', field(`artifacts.${id}.exitCode`, value.exitCode, isNumber)),
      ...defined('durationMs', field(`artifacts.${id}.durationMs`, value.durationMs, isNumber)),
      ...defined('message', field(`artifacts.${id}.message`, value.message, isText)),
      ...defined('errorCode', field(`artifacts.${id}.errorCode`, value.errorCode, isErrorCode)),
    };
  }
  return out;
}

/** A redaction record worth repeating in a report; anything else in a hand-made manifest is ignored. */
function isRedaction(r: unknown): r is NonNullable<Manifest['redaction']> {
  const x = r as Manifest['redaction'];
  return !!x && typeof x.applied === 'boolean' && Array.isArray(x.rules) && x.rules.every((s) => typeof s === 'string') && typeof x.masked === 'number';
}
