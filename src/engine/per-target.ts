import type { ArtifactSource } from '../collect/bundle.js';
import { targetView, type ProbeFile } from '../collect/network/recording.js';
import { parseProbeFile } from '../parse/probe-recording.js';
import { decodeText } from '../parse/text.js';
import type { AnyCheck } from './check.js';
import { runChecks, type RunOptions } from './runner.js';
import type { Result } from './types.js';

/**
 * Runs the checks; when the source holds probes of several endpoints, the endpoint checks run
 * once per target (each sees only its own recording) and their results carry that target,
 * grouped per target after the other checks.
 */
export async function runChecksPerTarget(checks: readonly AnyCheck[], source: ArtifactSource, opts: RunOptions): Promise<Result[]> {
  const endpoint = checks.filter((c) => c.area === 'endpoint');
  const file = endpoint.length > 0 ? await probeFileOf(source) : undefined;
  if (!file || file.targets.length === 0) return runChecks(checks, source, opts);
  const others = checks.filter((c) => c.area !== 'endpoint');
  const base = others.length > 0 ? await runChecks(others, source, opts) : [];
  const perTarget = await Promise.all(
    file.targets.map(async (t, i) => {
      const results = await runChecks(endpoint, targetView(source, file, i), opts);
      return results.map((r) => ({ ...r, target: t.url }));
    }),
  );
  return [...base, ...perTarget.flat()];
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
