import type { ArtifactSpec } from '../artifacts.js';
import { PROBES_FILE } from './recording.js';

export const networkArtifacts = {
  'network.probes': {
    files: [PROBES_FILE],
    description: 'Recorded probes of the SCEP endpoint (HTTP exchanges, TLS versions and peer certificates)',
    windows: { kind: 'probe' },
  },
} satisfies Record<string, ArtifactSpec>;
