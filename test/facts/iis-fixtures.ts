import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArtifactId } from '../../src/collect/artifacts.js';
import type { RawArtifact } from '../../src/collect/manifest.js';
import { ARTIFACTS } from '../../src/collect/artifacts.js';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'iis-config');

export const fixture = (name: string): Uint8Array => readFileSync(join(DIR, name));

/**
 * A `read` function as the runner passes to a fact: the named fixture for each artifact given,
 * `not-found` (a folder without web.config) for every other one.
 */
export function reader(files: Partial<Record<ArtifactId, string>>): (id: ArtifactId) => RawArtifact {
  return (id) => {
    const name = files[id];
    if (name === undefined) return { status: 'not-found', file: ARTIFACTS[id].files[0], message: 'The system cannot find the file specified.' };
    return { status: 'ok', file: ARTIFACTS[id].files[0], bytes: fixture(name), codePage: 850 };
  };
}
