import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ArtifactSource } from '../../src/collect/bundle.js';

/** Helpers of the tests that edit one JSON artifact of an example bundle and run every check on it. */

/** The JSON artifacts under `dir`, manifest.json left out. */
export function jsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsonFiles(path);
    return name.endsWith('.json') && name !== 'manifest.json' ? [path] : [];
  });
}

/** Every property path of a JSON value: `.a.b`, `[].c` for the items of an array. */
export function paths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return [...new Set(value.flatMap((v) => paths(v, `${prefix}[]`)))];
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [`${prefix}.${k}`, ...paths(v, `${prefix}.${k}`)]);
  return [];
}

/** A path of `paths` as its steps: `.a[].b` as ['a', '[]', 'b']. */
export const steps = (path: string): string[] => path.split(/(?=\.|\[\])/).map((p) => p.replace(/^\./, ''));

/** The source, with `file` read as `bytes`. */
export function withFile(source: ArtifactSource, file: string, bytes: Uint8Array): ArtifactSource {
  return {
    manifest: source.manifest,
    origin: source.origin,
    read: async (id) => {
      const raw = await source.read(id);
      return raw.status === 'ok' && raw.file === file ? { ...raw, bytes } : raw;
    },
  };
}
