import type { ArtifactSource } from '../bundle.js';
import { encodeProbeFile, PROBES_FILE, type ProbeFile, type TargetRecording } from '../../recordings/probes.js';

// The network collector's modules take the format from here, beside the views over it.
export * from '../../recordings/probes.js';

/**
 * The same source, with `network.probes` narrowed to one target, so every endpoint check
 * runs once per target without knowing there are several.
 */
export function targetView(source: ArtifactSource, file: ProbeFile, index: number): ArtifactSource {
  const bytes = encodeProbeFile([file.targets[index]!]);
  return {
    manifest: source.manifest,
    origin: source.origin,
    read: (id) => (id === 'network.probes' ? Promise.resolve({ status: 'ok', file: PROBES_FILE, bytes }) : source.read(id)),
  };
}

/** A source whose probe recordings are the given ones and everything else comes from `base`. */
export function withRecordings(base: ArtifactSource, targets: TargetRecording[]): ArtifactSource {
  const bytes = encodeProbeFile(targets);
  return {
    manifest: { ...base.manifest, artifacts: { ...base.manifest.artifacts, 'network.probes': { status: 'ok', file: PROBES_FILE } } },
    origin: base.origin,
    read: (id) => (id === 'network.probes' ? Promise.resolve({ status: 'ok', file: PROBES_FILE, bytes }) : base.read(id)),
  };
}
