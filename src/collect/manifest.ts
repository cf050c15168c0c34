import type { ErrorCode } from '../engine/types.js';

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
  return {
    bundleVersion: m.bundleVersion,
    tool: m.tool ?? { name: 'unknown', version: 'unknown' },
    collectedAt: m.collectedAt ?? '',
    host: m.host ?? {},
    artifacts: m.artifacts ?? {},
    ...(isRedaction(m.redaction) && { redaction: m.redaction }),
  };
}

/** A redaction record worth repeating in a report; anything else in a hand-made manifest is ignored. */
function isRedaction(r: unknown): r is NonNullable<Manifest['redaction']> {
  const x = r as Manifest['redaction'];
  return !!x && typeof x.applied === 'boolean' && Array.isArray(x.rules) && x.rules.every((s) => typeof s === 'string') && typeof x.masked === 'number';
}
