import type { ArtifactSource } from '../collect/bundle.js';
import type { Manifest } from '../collect/manifest.js';
import type { SourceMode } from '../collect/source.js';
import { describeConnector } from '../facts/connector.js';
import { FACTS } from '../facts/index.js';
import { runtimeWarning } from '../knowledge/node-lifecycle.js';
import type { AnyCheck } from './check.js';
import { runChecksPerTarget } from './per-target.js';
import type { Result } from './types.js';

export interface AnalyseSettings {
  startedAt: Date;
  concurrency: number;
  checkTimeoutMs: number;
  deadline: number;
  externalName?: string;
  signal?: AbortSignal;
  onResult?: (r: Result) => void;
}

/**
 * Runs the checks on a source and gathers what the report says about the run: the judging time, the
 * connector's version and the notes. `check` and the report `collect` puts in its bundle share it, so
 * a check of that bundle later says the same.
 */
export async function analyse(given: ArtifactSource, mode: SourceMode, checks: AnyCheck[], s: AnalyseSettings) {
  const source = readsUntil(given, s.deadline);
  const evaluatedAt = mode === 'bundle' ? (collectionTime(source.manifest.collectedAt) ?? s.startedAt) : s.startedAt;
  const results = await runChecksPerTarget(checks, source, {
    concurrency: s.concurrency,
    checkTimeoutMs: s.checkTimeoutMs,
    deadline: s.deadline,
    context: { now: evaluatedAt, options: { externalName: s.externalName } },
    ...(s.signal && { signal: s.signal }),
    ...(s.onResult && { onResult: s.onResult }),
  });
  const connector = mode === 'network' ? undefined : await connectorOf(source);

  const runWarnings: string[] = [...(source.warnings ?? [])];
  const runtime = mode === 'live' ? runtimeWarning(process.version, s.startedAt) : undefined;
  if (runtime) runWarnings.push(runtime);
  if (mode === 'live' && source.manifest.host.elevated === false) {
    runWarnings.push('Not elevated: some settings could not be read. Run the prompt as administrator for a complete check.');
  }
  if (evaluatedAt !== s.startedAt) {
    runWarnings.push(asOfCollectionNote(evaluatedAt));
  } else if (mode === 'bundle') {
    runWarnings.push(
      `The bundle's manifest has no valid collectedAt ("${source.manifest.collectedAt}"): expiry dates and "last seen" times are measured from now, not from when the bundle was taken.`,
    );
  }
  const pseudonymised = pseudonymNote(source.manifest);
  if (pseudonymised) runWarnings.push(pseudonymised);
  return { results, evaluatedAt, connector, runWarnings };
}

/**
 * The source, with every read answered by the run's deadline: a read that never returns (a bundle on
 * a network share that stopped answering) becomes unavailable then, so neither the checks nor the
 * report's header wait past --timeout.
 */
function readsUntil(source: ArtifactSource, deadline: number): ArtifactSource {
  const bounded: ArtifactSource = Object.create(source);
  bounded.read = (id) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => resolve({ status: 'unavailable', errorCode: 'E_TIMEOUT', message: `Reading ${id} did not finish by the run deadline (--timeout).` }),
        Math.max(0, deadline - Date.now()),
      );
      source.read(id).then(
        (raw) => (clearTimeout(timer), resolve(raw)),
        (e: unknown) => (clearTimeout(timer), reject(e)),
      );
    });
  return bounded;
}

/** What a reader of a report made from a pseudonymised bundle needs to know about its names and fingerprints. */
export function pseudonymNote(manifest: Manifest): string | undefined {
  const r = manifest.redaction;
  const rules = (r?.applied ? r.rules : []).filter((x) => x === 'hosts' || x === 'users');
  if (!rules.length) return undefined;
  const reissued = r?.counts?.certificates ?? 0;
  return (
    `The bundle was collected with ${rules.map((x) => `--redact-${x}`).join(' and ')}: ${rules.includes('hosts') ? 'host and domain names' : 'account names'}` +
    `${rules.length > 1 ? ' and account names' : ''} are replaced by pseudonyms (host-1, DOMAIN-1\\user-1) in every file.` +
    (reissued ? ` ${reissued} certificate(s) were re-issued under them with substitute keys, so their thumbprints are not the server's.` : '')
  );
}

/** The connector's version for the report's header, read as NDES-CON-001 reads it; undefined without that data (probes only, a partial bundle). */
export async function connectorOf(source: ArtifactSource): Promise<string | undefined> {
  const spec = FACTS.connectorInstall;
  try {
    const raws = new Map(await Promise.all(spec.artifacts.map(async (id) => [id, await source.read(id)] as const)));
    return describeConnector(spec.derive((id) => raws.get(id)!));
  } catch {
    return undefined;
  }
}

export function asOfCollectionNote(evaluatedAt: Date): string {
  return `Judged as of the bundle's collection time, ${evaluatedAt.toISOString()}: expiry dates and "last seen" times are measured from then, not from today.`;
}

/** A bundle is judged as of when it was collected, so the same bundle gives the same findings later. */
export function collectionTime(collectedAt: string): Date | undefined {
  // Without its offset a time would be read in the analyst's own zone, and the same bundle would judge differently by where it is read.
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/i.test(collectedAt)) return undefined;
  const t = new Date(collectedAt);
  return Number.isNaN(t.getTime()) ? undefined : t;
}
