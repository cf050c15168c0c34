import type { ArtifactSource } from '../collect/bundle.js';
import type { ArtifactId } from '../collect/artifacts.js';
import type { RawArtifact } from '../collect/manifest.js';
import { FactError } from '../facts/fact.js';
import { plainMessage } from '../parse/errors.js';
import { FACTS, type FactName, type Facts } from '../facts/index.js';
import { docsPath, type AnyCheck, type CheckContext } from './check.js';
import type { ErrorCode, Outcome, Result, SkipReason } from './types.js';

export interface RunOptions {
  concurrency: number;
  checkTimeoutMs: number;
  /** Absolute time (ms since epoch) after which no check may still be running. */
  deadline: number;
  context: CheckContext;
  onResult?: (result: Result) => void;
  onStart?: (check: AnyCheck) => void;
  /** Facts the command supplies itself instead of deriving them from artifacts (the profile lint-profile reads). */
  given?: Partial<Facts>;
  /** Aborted on SIGINT/SIGTERM (its reason names the signal): unfinished checks end as E_INTERRUPTED. */
  signal?: AbortSignal;
}

type FactOutcome = { ok: true; value: unknown } | { ok: false; code: ErrorCode; message: string };

/**
 * Runs the checks concurrently (at most `concurrency` at once) and returns their results in the
 * order given, whatever order they finish in. A check never throws out of here.
 */
export async function runChecks(checks: readonly AnyCheck[], source: ArtifactSource, opts: RunOptions): Promise<Result[]> {
  const artifacts = new Map<ArtifactId, Promise<RawArtifact>>();
  const facts = new Map<FactName, Promise<FactOutcome>>();
  // Raw bytes are kept only until the last fact that reads them is derived, so a run holds the
  // parsed facts, not every artifact of the bundle at once.
  const readers = new Map<ArtifactId, number>();
  for (const name of new Set(checks.flatMap((c) => c.requires))) {
    for (const id of FACTS[name].artifacts) readers.set(id, (readers.get(id) ?? 0) + 1);
  }
  const readArtifact = (id: ArtifactId) => {
    let p = artifacts.get(id);
    if (!p) {
      p = source.read(id).catch(
        (e): RawArtifact => ({ status: 'unavailable', errorCode: 'E_FACT_UNAVAILABLE', message: (e as Error).message }),
      );
      artifacts.set(id, p);
    }
    return p;
  };
  const doneReading = (id: ArtifactId) => {
    const left = (readers.get(id) ?? 1) - 1;
    readers.set(id, left);
    if (left <= 0) artifacts.delete(id);
  };
  // Facts parsed from whole artifacts are read and derived one at a time (parsing is synchronous
  // anyway), so a bundle's raw files are not all held at once: the largest bundle stays within its
  // memory budget. Log facts stream and hold a chunk each, so they run alongside.
  const parsing = semaphore(1);
  const loadFact = (name: FactName): Promise<FactOutcome> => {
    let p = facts.get(name);
    if (!p) {
      p =
        opts.given && Object.hasOwn(opts.given, name)
          ? Promise.resolve({ ok: true, value: opts.given[name] })
          : deriveFact(name, readArtifact, parsing).finally(() => FACTS[name].artifacts.forEach(doneReading));
      facts.set(name, p);
    }
    return p;
  };

  // Likewise a fact is dropped once the last check that needs it has finished, so the parsed
  // configuration is not kept while the logs are still being digested.
  const users = new Map<FactName, number>();
  for (const check of checks) for (const name of new Set(check.requires)) users.set(name, (users.get(name) ?? 0) + 1);
  const doneWith = (check: AnyCheck) => {
    for (const name of new Set(check.requires)) {
      const left = (users.get(name) ?? 1) - 1;
      users.set(name, left);
      if (left <= 0) facts.delete(name);
    }
  };

  const done = new Map<string, Promise<Result>>();
  const slots = semaphore(Math.max(1, Math.floor(opts.concurrency)));

  const runOne = async (check: AnyCheck): Promise<Result> => {
    // Only checks earlier in the list can be waited for (a later one would deadlock on a cycle);
    // prerequisites that were not selected are ignored.
    const prerequisites = (check.dependsOn ?? []).flatMap((id) => done.get(id) ?? []);
    const prereqResults = await Promise.all(prerequisites);
    if (opts.signal?.aborted) return finish(check, 0, interrupted(opts.signal, 'Not run'));
    const blocker = prereqResults.find((r) => r.status !== 'pass');
    if (blocker) {
      return finish(check, 0, {
        status: 'skip',
        skipReason: 'prerequisite',
        message: `Skipped: prerequisite ${blocker.id} (${blocker.title}) did not pass (${blocker.status}).`,
      });
    }
    const release = await slots.acquire();
    const started = Date.now();
    let stop: ReturnType<typeof onAbort> | undefined;
    try {
      if (opts.signal?.aborted) return finish(check, 0, interrupted(opts.signal, 'Not run'));
      if (deadline.reached || started >= opts.deadline) {
        return finish(check, 0, errorOutcome('E_TIMEOUT', 'Not started: the run reached its overall deadline (--timeout).'));
      }
      opts.onStart?.(check);
      stop = opts.signal && onAbort(opts.signal);
      const stops = stop ? [deadline.promise, stop.stopped] : [deadline.promise];
      const outcome = await withTimeout(evaluate(check, loadFact, opts.context), check.timeoutMs ?? opts.checkTimeoutMs, check, stops);
      return finish(check, Date.now() - started, outcome);
    } finally {
      stop?.cancel();
      release();
    }
  };

  const deadline = runDeadline(opts.deadline);
  try {
    for (const check of checks) done.set(check.id, runOne(check).then((r) => (doneWith(check), opts.onResult?.(r), r)));
    return await Promise.all(checks.map((c) => done.get(c.id)!));
  } finally {
    deadline.cancel();
  }
}

/**
 * One timer for the whole run, so "reached" flips before any check cut short by it releases its
 * slot: the checks still waiting then see it and do not start with a sliver of time left.
 */
function runDeadline(at: number) {
  let timer: NodeJS.Timeout | undefined;
  const state = {
    reached: false,
    promise: new Promise<Outcome>((resolve) => {
      timer = setTimeout(() => {
        state.reached = true;
        resolve(errorOutcome('E_TIMEOUT', 'Stopped: the run reached its overall deadline (--timeout) before this check finished.'));
      }, timerDelay(at - Date.now()));
    }),
    cancel: () => clearTimeout(timer),
  };
  return state;
}

async function deriveFact(name: FactName, readArtifact: (id: ArtifactId) => Promise<RawArtifact>, parsing: ReturnType<typeof semaphore>): Promise<FactOutcome> {
  const spec = FACTS[name];
  const release = 'async' in spec ? () => undefined : await parsing.acquire();
  try {
    const raws = new Map<ArtifactId, RawArtifact>();
    for (const id of spec.artifacts) raws.set(id, await readArtifact(id));
    // Parsing is synchronous: one turn of the event loop first lets a time limit or signal that
    // came due while reading take effect. Caps per kind keep one parse within its budget.
    await new Promise((resolve) => setImmediate(resolve));
    return { ok: true, value: await spec.derive((id) => raws.get(id)!) };
  } catch (e) {
    if (e instanceof FactError) return { ok: false, code: e.code, message: e.message };
    return { ok: false, code: 'E_FACT_MALFORMED', message: plainMessage(e) };
  } finally {
    release();
  }
}

async function evaluate(check: AnyCheck, loadFact: (n: FactName) => Promise<FactOutcome>, ctx: CheckContext): Promise<Outcome> {
  const loaded = await Promise.all(check.requires.map(async (name) => [name, await loadFact(name)] as const));
  const missing = loaded.find(([, f]) => !f.ok);
  if (missing) {
    const [, f] = missing as readonly [FactName, Extract<FactOutcome, { ok: false }>];
    return errorOutcome(f.code, `Could not check: ${f.message}`);
  }
  const facts = Object.fromEntries(loaded.map(([n, f]) => [n, (f as { value: unknown }).value]));
  try {
    return await check.run(facts as never, ctx);
  } catch (e) {
    const err = e as Error;
    return { status: 'error', errorCode: 'E_INTERNAL', message: `The check failed unexpectedly: ${plainMessage(err)}`, stack: err.stack };
  }
}

/** Whichever comes first: the check's outcome, its own time limit, or the end of the whole run. */
function withTimeout(work: Promise<Outcome>, ms: number, check: AnyCheck, stops: Promise<Outcome>[]): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(
      () => resolve(errorOutcome('E_TIMEOUT', `${check.id} did not finish within ${Math.round(ms)} ms.`)),
      timerDelay(ms),
    );
  });
  // Cleared however the race ends, so a check cut short leaves no timer holding the process open.
  return Promise.race([work, timeout, ...stops]).finally(() => clearTimeout(timer));
}

function interrupted(signal: AbortSignal, what: 'Not run' | 'Stopped'): Outcome {
  const by = typeof signal.reason === 'string' ? signal.reason : 'a signal';
  return errorOutcome('E_INTERRUPTED', `${what}: the run was interrupted (${by}) before this check finished.`);
}

/**
 * Settles when the run is interrupted; `cancel` once the check is done. A fleet runs thousands of checks on the one
 * signal, and each listener left behind would make every later one slower to add (EventTarget looks for duplicates).
 */
function onAbort(signal: AbortSignal): { stopped: Promise<Outcome>; cancel(): void } {
  let listener = () => {};
  const stopped = new Promise<Outcome>((resolve) => {
    listener = () => resolve(interrupted(signal, 'Stopped'));
    signal.addEventListener('abort', listener, { once: true });
  });
  return { stopped, cancel: () => signal.removeEventListener('abort', listener) };
}

/** setTimeout fires at once for delays above 2^31-1 ms (about 24.8 days); a huge --timeout must not. */
function timerDelay(ms: number): number {
  return Math.min(Math.max(0, ms), 2 ** 31 - 1);
}

function errorOutcome(errorCode: ErrorCode, message: string): Outcome {
  return { status: 'error', errorCode, message };
}

/** The result of a check that was not run, with why: e.g. lint-profile without the server data it needs. */
export function skippedResult(check: AnyCheck, skipReason: SkipReason, message: string): Result {
  return finish(check, 0, { status: 'skip', skipReason, message });
}

function finish(check: AnyCheck, durationMs: number, outcome: Outcome): Result {
  const result: Result = {
    id: check.id,
    slug: check.slug,
    area: check.area,
    title: check.title,
    severity: 'severity' in outcome && outcome.severity ? outcome.severity : check.severity,
    status: outcome.status,
    message: outcome.message,
    docs: docsPath(check.id),
    durationMs,
  };
  if (outcome.evidence) result.evidence = outcome.evidence;
  if (outcome.status === 'warn' || outcome.status === 'fail') result.remediation = outcome.remediation;
  if (outcome.status === 'skip') result.skipReason = outcome.skipReason;
  if (outcome.status === 'error') {
    result.error = { code: outcome.errorCode };
    if (outcome.stack) result.error.stack = outcome.stack;
  }
  return result;
}

function semaphore(limit: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  // A released slot passes straight to the next waiter, so `active` never exceeds the limit.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return {
    async acquire(): Promise<() => void> {
      if (active < limit) active++;
      else await new Promise<void>((r) => waiting.push(r));
      return release;
    },
  };
}
