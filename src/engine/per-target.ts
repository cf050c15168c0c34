import type { ArtifactSource } from '../collect/bundle.js';
import { targetView } from '../collect/network/recording.js';
import { PROBES_FORMAT, PROBES_VERSION, type ProbeFile, type TargetRecording } from '../recordings/probes.js';
import { parseProbeFile } from '../parse/probe-recording.js';
import { decodeText } from '../parse/text.js';
import type { AnyCheck } from './check.js';
import { runChecks, type RunOptions } from './runner.js';
import type { Result } from './types.js';

/** A source whose endpoints are still being probed: one recording per target, settled when that target is done. */
export interface ProbingSource extends ArtifactSource {
  readonly probing: readonly { url: string; recording: Promise<TargetRecording> }[];
}

/**
 * Runs the checks; when the source holds probes of several endpoints, the endpoint checks run
 * once per target (each sees only its own recording) and their results carry that target,
 * grouped per target after the other checks. Probes still running are analysed as each target
 * finishes, so a slow target delays only its own checks.
 */
export async function runChecksPerTarget(checks: readonly AnyCheck[], source: ArtifactSource | ProbingSource, opts: RunOptions): Promise<Result[]> {
  const endpoint = checks.filter((c) => c.area === 'endpoint');
  if (endpoint.length > 0 && 'probing' in source && source.probing.length > 0) {
    const others = checks.filter((c) => c.area !== 'endpoint');
    const [base, ...perTarget] = await Promise.all([
      others.length > 0 ? runChecks(others, source, opts) : [],
      ...source.probing.map(async ({ url, recording }) => tagged(await runChecks(endpoint, await viewOf(source, recording), opts), url)),
    ]);
    return [...base!, ...perTarget.flat()];
  }
  const file = endpoint.length > 0 ? await probeFileOf(source) : undefined;
  if (!file || file.targets.length === 0) return runChecks(checks, source, opts);
  const others = checks.filter((c) => c.area !== 'endpoint');
  const base = others.length > 0 ? await runChecks(others, source, opts) : [];
  const perTarget = await Promise.all(file.targets.map(async (t, i) => tagged(await runChecks(endpoint, targetView(source, file, i), opts), t.url)));
  return [...base, ...perTarget.flat()];
}

const tagged = (results: Result[], target: string): Result[] => results.map((r) => ({ ...r, target }));

/** The source narrowed to one target's recording; a probe that failed outright leaves the endpoint checks no data, and they say why. */
async function viewOf(source: ArtifactSource, recording: Promise<TargetRecording>): Promise<ArtifactSource> {
  try {
    return targetView(source, { format: PROBES_FORMAT, version: PROBES_VERSION, targets: [await recording] }, 0);
  } catch (e) {
    const message = `the probe stopped: ${(e as Error).message}`;
    return { ...source, read: (id) => (id === 'network.probes' ? Promise.resolve({ status: 'unavailable', errorCode: 'E_NETWORK', message }) : source.read(id)) };
  }
}

/** The recordings, or undefined when there are none or they are unreadable (the checks then say why). */
async function probeFileOf(source: ArtifactSource): Promise<ProbeFile | undefined> {
  try {
    const raw = await source.read('network.probes');
    return raw.status === 'ok' ? parseProbeFile(decodeText(raw.bytes)) : undefined;
  } catch {
    return undefined;
  }
}
