import { registryArtifacts } from '../collect/windows/registry-artifacts.js';
import type { RegistryValue } from '../parse/registry.js';
import { defineFact, type FactSpec } from './fact.js';
import { readRegistryTree, subkey } from './registry-tree.js';

export interface RegistryKeyFact {
  /** The key as the documentation names it, e.g. `HKLM\SYSTEM\...`. */
  path: string;
  exists: boolean;
  /** Values by lower-cased name. */
  values: Map<string, RegistryValue>;
  /** The bundle file the key was read from. */
  source: string;
}

type RegistryArtifactId = keyof typeof registryArtifacts;

/** The key named by a registry artifact, as read from the bundle; an absent key is a fact, not an error. */
export function registryKeyFact(id: RegistryArtifactId): FactSpec<RegistryKeyFact> {
  const path = registryArtifacts[id].windows.key;
  return defineFact({
    artifacts: [id],
    derive(read) {
      const tree = readRegistryTree(read(id), path);
      return { path, exists: tree.exists, values: subkey(tree, '')?.values ?? new Map(), source: tree.source };
    },
  });
}

export const registryFacts = {
  httpSysParameters: registryKeyFact('registry.http-parameters'),
  ieEscAdmins: registryKeyFact('registry.ie-esc-admins'),
  ieEscUsers: registryKeyFact('registry.ie-esc-users'),
};
