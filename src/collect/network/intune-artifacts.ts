import type { ArtifactSpec } from '../artifact-spec.js';

/** Bundle file holding the recording of src/collect/network/intune-probe.ts. */
export const INTUNE_FILE = 'network/intune.json';

export const intuneArtifacts = {
  'network.intune': {
    files: [INTUNE_FILE],
    description: 'Reaching Intune as the connector does: proxy CONNECT status, TLS chain as sent and whether public roots trust it, HTTP status and Date header of each endpoint',
    windows: { kind: 'intune-probe' },
  },
} satisfies Record<string, ArtifactSpec>;
