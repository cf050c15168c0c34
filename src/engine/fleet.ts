import type { ArtifactSource } from '../collect/bundle.js';
import type { PlannedSource, SourceMode } from '../collect/source.js';
import type { ServerInput } from '../report/model.js';
import { analyse, type AnalyseSettings } from './analyse.js';
import type { AnyCheck } from './check.js';

/**
 * Analyses every server at once, each on its own: a server that is slow to open, or never answers,
 * holds none of the others back. Each is bounded by the run's deadline and comes back as soon as it
 * is done (`onServer`), in the order given. A server that cannot be opened is reported with the
 * reason and no results; the others still run.
 */
export async function analyseFleet(
  plans: readonly PlannedSource[],
  checksFor: (mode: SourceMode) => AnyCheck[],
  s: AnalyseSettings,
  onServer?: (server: ServerInput) => void,
): Promise<ServerInput[]> {
  const servers = await Promise.all(
    plans.map(async (plan) => {
      const server = await analyseServer(plan, checksFor(plan.mode), s);
      onServer?.(server);
      return server;
    }),
  );
  return withUniqueNames(servers);
}

async function analyseServer(plan: PlannedSource, checks: AnyCheck[], s: AnalyseSettings): Promise<ServerInput> {
  const base = { name: plan.label, mode: plan.mode, source: plan.label, startedAt: s.startedAt };
  const stop = (notStarted: string): ServerInput => ({ ...base, finishedAt: new Date(), results: [], runWarnings: [], notStarted });
  if (checks.length === 0) {
    return stop(plan.mode === 'network' ? 'No selected check applies to a probed URL: only the endpoint checks run on one.' : 'No selected check applies to this server.');
  }
  let source: ArtifactSource;
  try {
    source = await beforeDeadline(plan.open(s.signal), s.deadline, s.signal);
  } catch (e) {
    return stop((e as Error).message);
  }
  try {
    const a = await analyse(source, plan.mode, checks, s);
    return {
      ...base,
      name: plan.nameOf(source),
      evaluatedAt: a.evaluatedAt,
      finishedAt: new Date(),
      // The manifest of probes made now describes this machine, not the server probed.
      ...(plan.mode !== 'network' && { manifest: source.manifest }),
      ...(a.connector && { connector: a.connector }),
      results: a.results,
      runWarnings: a.runWarnings,
    };
  } finally {
    await source.close?.();
  }
}

/** The opened source, or a rejection once the run's deadline passes or the run is interrupted; a source that opens later is closed. */
async function beforeDeadline(opening: Promise<ArtifactSource>, deadline: number, interrupt?: AbortSignal): Promise<ArtifactSource> {
  const stop = AbortSignal.any([AbortSignal.timeout(Math.max(0, deadline - Date.now())), ...(interrupt ? [interrupt] : [])]);
  let onStop = () => {};
  const stopped = new Promise<never>((_, reject) => {
    onStop = () =>
      reject(new Error(interrupt?.aborted ? 'Interrupted before this server was opened: nothing was checked on it.' : 'Not opened before the run deadline (--timeout): nothing was checked on this server.'));
    if (stop.aborted) onStop();
    else stop.addEventListener('abort', onStop, { once: true });
  });
  try {
    return await Promise.race([opening, stopped]);
  } catch (e) {
    opening.then((late) => late.close?.(), () => undefined);
    throw e;
  } finally {
    stop.removeEventListener('abort', onStop);
  }
}

/** Two servers of one name (the same host's bundle twice, two bundles without a host name) are told apart by their source. */
function withUniqueNames(servers: ServerInput[]): ServerInput[] {
  const count = new Map<string, number>();
  for (const s of servers) count.set(s.name, (count.get(s.name) ?? 0) + 1);
  const used = new Set<string>();
  return servers.map((s) => {
    let name = count.get(s.name)! > 1 ? `${s.name} (${s.source})` : s.name;
    for (let n = 2; used.has(name); n++) name = `${s.name} (${s.source}) #${n}`;
    used.add(name);
    return { ...s, name };
  });
}
