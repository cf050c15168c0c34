import type { ArtifactId } from '../collect/artifacts.js';
import { findKey, normalizeKeyPath, parseRegistryText, type RegistryKey, type RegistryValue } from '../parse/registry.js';
import { defineFact, FactError, parsedOnce, type FactSpec, type Parsed } from './fact.js';
import type { RawArtifact } from '../collect/manifest.js';

/** A registry key exported with its subkeys; an absent key is a fact (exists: false), not an error. */
export interface RegistryTreeFact {
  /** The exported key, e.g. `HKLM\SOFTWARE\Microsoft\MicrosoftIntune`. */
  path: string;
  exists: boolean;
  /** The key itself and every subkey in the export. */
  keys: RegistryKey[];
  source: string;
}

/**
 * Several facts read the same export (the connector's key holds its settings, its certificates and
 * its rights): it is decoded and parsed once per run.
 */
const parsed = new WeakMap<Uint8Array, Parsed<RegistryKey[]>>();

export function readRegistryTree(raw: RawArtifact, path: string): RegistryTreeFact {
  if (raw.status === 'not-found') return { path, exists: false, keys: [], source: raw.file ?? path };
  const { parsed: keys, file } = parsedOnce(parsed, raw, parseRegistryText);
  if (!findKey(keys, path)) {
    throw new FactError('E_FACT_MALFORMED', `${file} does not contain the key ${path}; was it exported from another key?`);
  }
  return { path, exists: true, keys, source: file };
}

export function registryTreeFact(id: ArtifactId, path: string): FactSpec<RegistryTreeFact> {
  return defineFact({ artifacts: [id], derive: (read) => readRegistryTree(read(id), path) });
}

/** The key at `relative` below the exported key (`''` for the key itself). */
export function subkey(tree: RegistryTreeFact, relative: string): RegistryKey | undefined {
  return findKey(tree.keys, relative ? `${tree.path}\\${relative}` : tree.path);
}

/** Direct children of the exported key. */
export function childKeys(tree: RegistryTreeFact): RegistryKey[] {
  const prefix = normalizeKeyPath(tree.path) + '\\';
  return tree.keys.filter((k) => {
    const p = normalizeKeyPath(k.path);
    return p.startsWith(prefix) && !p.slice(prefix.length).includes('\\');
  });
}

export function value(key: RegistryKey | undefined, name: string): RegistryValue | undefined {
  return key?.values.get(name.toLowerCase());
}

export function stringValue(key: RegistryKey | undefined, name: string): string | undefined {
  const v = value(key, name);
  return v && (v.type === 'REG_SZ' || v.type === 'REG_EXPAND_SZ') ? v.data : undefined;
}

export function dwordValue(key: RegistryKey | undefined, name: string): number | undefined {
  const v = value(key, name);
  return v?.type === 'REG_DWORD' ? v.data : undefined;
}
