import type { ArtifactSpec } from '../artifact-spec.js';
import { PROBES_FILE } from '../../recordings/probes.js';

export const networkArtifacts = {
  'network.probes': {
    files: [PROBES_FILE],
    description: 'Recorded probes of the SCEP endpoint (HTTP exchanges, TLS versions and peer certificates)',
    windows: { kind: 'probe' },
  },
} satisfies Record<string, ArtifactSpec>;
