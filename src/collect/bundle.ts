import { readFile, stat, mkdir, writeFile, readdir } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { ARTIFACTS, type ArtifactId } from './artifacts.js';
import { BundleError, parseManifest, type ArtifactRecord, type Manifest, type RawArtifact } from './manifest.js';

/** Where checks get raw artifacts from: a saved bundle or a live collector. */
export interface ArtifactSource {
  readonly manifest: Manifest;
  readonly origin: string;
  read(id: ArtifactId): Promise<RawArtifact>;
}

const MAX_BUNDLE_BYTES = 512 * 1024 * 1024;

/** Opens a bundle folder or .zip file. Throws BundleError with a readable message. */
export async function openBundle(path: string): Promise<ArtifactSource> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new BundleError(`Bundle not found: ${path}`);
  }
  const files = info.isDirectory() ? await readFolder(path) : await readZip(path, info.size);
  const manifestBytes = files.get('manifest.json');
  if (!manifestBytes) throw new BundleError(`${path}: no manifest.json; is this an ndes-doctor bundle?`);
  const manifest = parseManifest(new TextDecoder().decode(manifestBytes), path);
  return bundleSource(path, manifest, files);
}

export function bundleSource(origin: string, manifest: Manifest, files: Map<string, Uint8Array>): ArtifactSource {
  return {
    manifest,
    origin,
    async read(id) {
      const record = manifest.artifacts[id];
      for (const file of ARTIFACTS[id].files) {
        const bytes = files.get(file);
        if (bytes) return { status: 'ok', file, bytes, codePage: manifest.host.oemCodePage };
      }
      if (record?.status === 'not-found') {
        return { status: 'not-found', file: record.file, message: record.message ?? 'not found on the server' };
      }
      if (record?.status === 'failed') {
        return {
          status: 'unavailable',
          errorCode: record.errorCode ?? 'E_FACT_UNAVAILABLE',
          message: collectionFailure(id, record),
        };
      }
      return {
        status: 'unavailable',
        errorCode: 'E_FACT_UNAVAILABLE',
        message: `the bundle has no ${ARTIFACTS[id].files.join(' or ')}`,
      };
    },
  };
}

/** How an artifact that could not be collected reads in a finding: the same live and from the saved bundle. */
export function collectionFailure(id: ArtifactId, record: ArtifactRecord): string {
  return `collecting ${ARTIFACTS[id].files[0]} failed${record.command ? ` (${record.command})` : ''}: ${record.message ?? 'no detail recorded'}`;
}

async function readFolder(root: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    files.set(relative(root, full).split(sep).join('/'), await readFile(full));
  }
  return files;
}

async function readZip(path: string, size: number): Promise<Map<string, Uint8Array>> {
  if (size > MAX_BUNDLE_BYTES) throw new BundleError(`${path}: larger than ${MAX_BUNDLE_BYTES} bytes; not a bundle.`);
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(await readFile(path));
  } catch (e) {
    throw new BundleError(`${path}: not a folder and not a readable zip file (${(e as Error).message}).`);
  }
  const files = new Map<string, Uint8Array>();
  for (const [rawName, bytes] of Object.entries(entries)) {
    // Compress-Archive in Windows PowerShell 5.1 writes entry names with backslashes.
    const name = rawName.replace(/\\/g, '/');
    if (name.endsWith('/')) continue;
    files.set(name, bytes);
  }
  // A bundle zipped with its folder keeps that folder as a prefix: strip it.
  if (!files.has('manifest.json')) {
    const prefixed = [...files.keys()].find((n) => n.endsWith('/manifest.json') && n.split('/').length === 2);
    if (prefixed) {
      const prefix = prefixed.slice(0, -'manifest.json'.length);
      return new Map([...files].filter(([n]) => n.startsWith(prefix)).map(([n, b]) => [n.slice(prefix.length), b]));
    }
  }
  return files;
}

/** Writes a bundle as a folder, or as a zip when the path ends in .zip. */
export async function writeBundle(out: string, manifest: Manifest, files: Map<string, Uint8Array>): Promise<void> {
  try {
    await writeBundleFiles(out, manifest, files);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EEXIST') throw new BundleError(`${out} already holds a bundle (${err.path ?? out} exists); choose a new path.`);
    throw e;
  }
}

async function writeBundleFiles(out: string, manifest: Manifest, files: Map<string, Uint8Array>): Promise<void> {
  const all = new Map(files);
  all.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest, null, 2) + '\n'));
  if (out.toLowerCase().endsWith('.zip')) {
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, zipSync(Object.fromEntries(all)), { flag: 'wx' });
    return;
  }
  for (const [name, bytes] of all) {
    const target = join(out, ...name.split('/'));
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes, { flag: 'wx' });
  }
}
