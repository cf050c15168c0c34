import { registryArtifacts } from '../collect/windows/registry-artifacts.js';
import { findKey, parseRegistryText, type RegistryValue } from '../parse/registry.js';
import { decodeText } from '../parse/text.js';
import { defineFact, FactError, parseOrThrow, type FactSpec } from './fact.js';

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
      const raw = read(id);
      if (raw.status === 'not-found') return { path, exists: false, values: new Map(), source: raw.file ?? id };
      if (raw.status === 'unavailable') throw new FactError(raw.errorCode, raw.message);
      const keys = parseOrThrow(raw.file, () => parseRegistryText(decodeText(raw.bytes, raw.codePage)));
      const key = findKey(keys, path);
      // An export always holds the exported key itself; without it the file is from another key.
      if (!key) throw new FactError('E_FACT_MALFORMED', `${raw.file} does not contain the key ${path}; was it exported from another key?`);
      return { path, exists: true, values: key.values, source: raw.file };
    },
  });
}

export const registryFacts = {
  httpSysParameters: registryKeyFact('registry.http-parameters'),
  ieEscAdmins: registryKeyFact('registry.ie-esc-admins'),
  ieEscUsers: registryKeyFact('registry.ie-esc-users'),
};
