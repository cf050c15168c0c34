import type { ArtifactId } from '../collect/artifacts.js';
import type { RawArtifact } from '../collect/manifest.js';
import type { ErrorCode } from '../engine/types.js';
import { plainMessage } from '../parse/errors.js';
import { decodeText } from '../parse/text.js';

/** Raised while deriving a fact; the checks that need it report `error` with this message. */
export class FactError extends Error {
  override name = 'FactError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A typed fact derived, purely, from one or more raw artifacts. */
export interface FactSpec<T> {
  artifacts: readonly ArtifactId[];
  derive(raw: (id: ArtifactId) => RawArtifact): T;
}

export function defineFact<T>(spec: FactSpec<T>): FactSpec<T> {
  return spec;
}

/**
 * A fact derived asynchronously: log facts feed a large artifact to a streaming parser and give
 * the event loop back between chunks, so timeouts still fire. The runner awaits every derive.
 */
export interface AsyncFactSpec<T> {
  artifacts: readonly ArtifactId[];
  async: true;
  derive(raw: (id: ArtifactId) => RawArtifact): Promise<T>;
}

export function defineAsyncFact<T>(spec: Omit<AsyncFactSpec<T>, 'async'>): AsyncFactSpec<T> {
  return { ...spec, async: true };
}

/** The raw artifact's bytes, or a FactError saying why there are none. */
export function requireBytes(raw: RawArtifact): Extract<RawArtifact, { status: 'ok' }> {
  if (raw.status === 'ok') return raw;
  if (raw.status === 'not-found') throw new FactError('E_FACT_UNAVAILABLE', raw.message);
  if (raw.status === 'stream') throw new FactError('E_INTERNAL', `${raw.file} is a log, read only as a stream`);
  throw new FactError(raw.errorCode, raw.message);
}

/** Runs a parser and turns its exception into a FactError naming the file. */
export function parseOrThrow<T>(file: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    // Every message names the file, whichever layer raised it.
    if (e instanceof FactError) throw e.message.includes(file) ? e : new FactError(e.code, `${file}: ${e.message}`);
    throw new FactError('E_FACT_MALFORMED', `${file}: ${plainMessage(e)}`);
  }
}

/**
 * An artifact's text parsed once per run however many facts read it, keyed by its bytes, which the
 * run hands every fact alike; a file that cannot be parsed fails them all with the same error, without
 * being parsed again (a hostile one costs seconds each time). The parse is shared, so nobody may change it.
 */
export function parsedOnce<T>(cache: WeakMap<Uint8Array, Parsed<T>>, raw: RawArtifact, parse: (text: string) => T): { parsed: T; file: string } {
  const { file, bytes, codePage } = requireBytes(raw);
  let entry = cache.get(bytes);
  if (entry === undefined) {
    try {
      entry = { ok: true, parsed: parseOrThrow(file, () => parse(decodeText(bytes, codePage))) };
    } catch (error) {
      entry = { ok: false, error };
    }
    cache.set(bytes, entry);
  }
  if (!entry.ok) throw entry.error;
  return { parsed: entry.parsed, file };
}
export type Parsed<T> = { ok: true; parsed: T } | { ok: false; error: unknown };
