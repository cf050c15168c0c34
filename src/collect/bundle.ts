import { constants, type Stats } from 'node:fs';
import { lstat, mkdir, open, readdir, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type yauzl from 'yauzl';
import { chunksOf } from '../parse/text-stream.js';
import { decodeText } from '../parse/text.js';
import { ARTIFACTS, type ArtifactId } from './artifacts.js';
import { ARTIFACT_KINDS, artifactKind, formatBytes, MAX_BUNDLE_ENTRIES, MAX_BUNDLE_READ_BYTES, MAX_MANIFEST_BYTES, type ArtifactKind } from './limits.js';
import { ArtifactReadError, BundleError, parseManifest, type ArtifactRecord, type Manifest, type RawArtifact } from './manifest.js';

/** Where checks get raw artifacts from: a saved bundle or a live collector. */
export interface ArtifactSource {
  readonly manifest: Manifest;
  readonly origin: string;
  /** What opening it found that the report should mention, e.g. zip entries that were refused. */
  readonly warnings?: readonly string[];
  read(id: ArtifactId): Promise<RawArtifact>;
  /** Releases the open zip file, if any. */
  close?(): Promise<void>;
}

/** A bundle's files by path, read on demand and never past a cap. */
export interface BundleFiles {
  has(name: string): boolean;
  /** The size on disk, or recorded in the zip (which yauzl holds the data to). */
  size(name: string): Promise<number>;
  /** The bytes, or how large the file is (undefined when only "more than maxBytes" is known) when it is over maxBytes. */
  read(name: string, maxBytes: number): Promise<{ bytes: Uint8Array } | { tooLarge: number | undefined }>;
  /**
   * The bytes in chunks, read afresh on each iteration; throws when more than maxBytes arrive. A
   * chunk is valid until the next one is asked for (its buffer may be reused).
   */
  stream(name: string, maxBytes: number): Iterable<Uint8Array> | AsyncIterable<Uint8Array>;
  readonly warnings: readonly string[];
  close(): Promise<void>;
}

/**
 * Opens a bundle folder or .zip file. Only the file list and manifest.json are read here; each
 * artifact is read when a check needs it (src/collect/limits.ts caps how much). Throws BundleError.
 */
export async function openBundle(path: string): Promise<ArtifactSource> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new BundleError(`Bundle not found: ${path}`);
  }
  // A named pipe or a device would block the reader forever, past --timeout, waiting for data.
  if (!info.isDirectory() && !info.isFile()) throw new BundleError(`${path} is not a folder or a regular file (it is ${specialKind(info)}); give the bundle folder or its .zip file.`);
  const files = info.isDirectory() ? await folderFiles(path) : await zipFiles(path);
  try {
    if (!files.has('manifest.json')) throw new BundleError(`${path}: no manifest.json; is this an ndes-doctor bundle?`);
    let read;
    try {
      read = await files.read('manifest.json', MAX_MANIFEST_BYTES);
    } catch (e) {
      throw new BundleError(`${path}: manifest.json could not be read (${(e as Error).message}).`);
    }
    if (!('bytes' in read)) throw new BundleError(`${path}: manifest.json is larger than ${formatBytes(MAX_MANIFEST_BYTES)}; not an ndes-doctor manifest.`);
    // Decoded like every other file of the bundle: a manifest saved by Windows PowerShell 5.1 is UTF-16.
    const manifest = parseManifest(decodeText(read.bytes, undefined, 'as-written'), path);
    return bundleSource(path, manifest, files);
  } catch (e) {
    await files.close();
    throw e;
  }
}

/** A source over bundle files: in memory (a Map, e.g. fresh probe recordings) or an opened folder or zip. */
export function bundleSource(
  origin: string,
  manifest: Manifest,
  files: Map<string, Uint8Array> | BundleFiles,
  maxBundleBytes = MAX_BUNDLE_READ_BYTES,
): ArtifactSource {
  const store = files instanceof Map ? memoryFiles(files) : files;
  const budget = readBudget(maxBundleBytes);
  return {
    manifest,
    origin,
    warnings: manifest.ignored ? [...store.warnings, ignoredNote(origin, manifest.ignored)] : store.warnings,
    close: () => store.close(),
    async read(id) {
      const record = manifest.artifacts[id];
      for (const file of ARTIFACTS[id].files) {
        if (!store.has(file)) continue;
        return readCapped(store, file, artifactKind(ARTIFACTS[id]), budget, manifest.host.oemCodePage);
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

function specialKind(info: Stats): string {
  if (info.isFIFO()) return 'a named pipe';
  if (info.isSocket()) return 'a socket';
  return 'a device';
}

function ignoredNote(origin: string, ignored: readonly string[]): string {
  const shown = ignored.slice(0, 10).join(', ');
  return `${origin}: manifest.json holds values of another type than collect writes, left out: ${shown}${ignored.length > 10 ? ` and ${ignored.length - 10} more` : ''}.`;
}

/** Bytes all artifacts of one bundle may take together; a file read again is not counted twice. */
function readBudget(total: number) {
  let left = total;
  const counted = new Set<string>();
  return {
    total,
    reserve(file: string, bytes: number): boolean {
      if (counted.has(file)) return true;
      if (bytes > left) return false;
      left -= bytes;
      counted.add(file);
      return true;
    },
    release(file: string, bytes: number) {
      if (counted.delete(file)) left += bytes;
    },
  };
}

async function readCapped(
  store: BundleFiles,
  file: string,
  kind: ArtifactKind,
  budget: ReturnType<typeof readBudget>,
  codePage: number | undefined,
): Promise<RawArtifact> {
  const { maxBytes, label } = ARTIFACT_KINDS[kind];
  const tooLarge = (message: string): RawArtifact => ({ status: 'unavailable', errorCode: 'E_TOO_LARGE', message });
  let size: number;
  try {
    size = await store.size(file);
  } catch (e) {
    return { status: 'unavailable', errorCode: 'E_FACT_UNAVAILABLE', message: `${file} could not be read from the bundle: ${(e as Error).message}` };
  }
  if (size > maxBytes) {
    return tooLarge(`${file} is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} cap for a ${label}; it was not read. A real server's file is far smaller: check that the bundle holds what collect wrote.`);
  }
  // A log is digested as it streams past, so it costs one chunk of memory whatever its size.
  if (kind === 'log') return { status: 'stream', file, size, chunks: () => streamChecked(store, file, size) };
  if (!budget.reserve(file, size)) {
    return tooLarge(`${file} (${formatBytes(size)}) was not read: with it, the artifacts read from this bundle would pass the ${formatBytes(budget.total)} cap for a whole bundle.`);
  }
  try {
    const read = await store.read(file, size);
    if ('bytes' in read) return { status: 'ok', file, bytes: read.bytes, codePage };
    budget.release(file, size);
    return tooLarge(`${file} grew past its recorded size of ${formatBytes(size)} while it was read; it was not used.`);
  } catch (e) {
    budget.release(file, size);
    return { status: 'unavailable', errorCode: 'E_FACT_UNAVAILABLE', message: `${file} could not be read from the bundle: ${(e as Error).message}` };
  }
}

async function* streamChecked(store: BundleFiles, file: string, size: number): AsyncGenerator<Uint8Array> {
  try {
    yield* store.stream(file, size);
  } catch (e) {
    if (e instanceof ArtifactReadError) throw new ArtifactReadError(e.errorCode, `${file}: ${e.message}`);
    throw new ArtifactReadError('E_FACT_UNAVAILABLE', `${file} could not be read from the bundle: ${(e as Error).message}`);
  }
}

/** How an artifact that could not be collected reads in a finding: the same live and from the saved bundle. */
export function collectionFailure(id: ArtifactId, record: ArtifactRecord): string {
  return `collecting ${ARTIFACTS[id].files[0]} failed${record.command ? ` (${record.command})` : ''}: ${record.message ?? 'no detail recorded'}`;
}

function memoryFiles(files: Map<string, Uint8Array>): BundleFiles {
  return {
    has: (name) => files.has(name),
    size: async (name) => files.get(name)!.byteLength,
    read: async (name, maxBytes) => {
      const bytes = files.get(name)!;
      return bytes.byteLength > maxBytes ? { tooLarge: bytes.byteLength } : { bytes };
    },
    stream: (name) => chunksOf(files.get(name)!),
    warnings: [],
    close: async () => undefined,
  };
}

/**
 * A bundle folder. Only regular files count: a symbolic link (to a file or folder, inside the
 * bundle or out of it) is never followed, and the run says it was skipped.
 */
async function folderFiles(root: string): Promise<BundleFiles> {
  const files = new Map<string, Listed>();
  const warnings: string[] = [];
  let seen = 0;
  // One folder at a time, never into a link: readdir's recursive mode descends into linked folders
  // (a link to the bundle itself never ends, one to / lists the whole disk), and the cap has to
  // stop a walk while it runs, not after.
  const folders = [''];
  for (const folder of folders) {
    const entries = await listFolder(root, folder);
    for (const entry of entries) {
      if (++seen > MAX_BUNDLE_ENTRIES) throw new BundleError(`${root}: more than ${MAX_BUNDLE_ENTRIES} files and folders; not an ndes-doctor bundle.`);
      const name = folder ? `${folder}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) warnings.push(`The bundle entry ${name} is a symbolic link; links are never followed, so it was not read.`);
      else if (entry.isDirectory()) folders.push(name);
      else if (entry.isFile()) files.set(name, await listedFile(root, name));
    }
  }
  return {
    has: (name) => files.has(name),
    size: async (name) => files.get(name)!.size,
    async read(name, maxBytes) {
      const handle = await openListed(root, name, files.get(name)!);
      try {
        const { size } = await handle.stat();
        if (size > maxBytes) return { tooLarge: size };
        return await readAtMost(handle, size);
      } finally {
        await handle.close();
      }
    },
    async *stream(name, maxBytes) {
      const handle = await openListed(root, name, files.get(name)!);
      // Two buffers in turn: the thread pool reads the next megabyte while the caller parses this one.
      const buffers = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)];
      let next: Promise<{ bytesRead: number; buffer: Buffer }> | undefined = handle.read(buffers[0]!, 0, CHUNK_BYTES, null);
      try {
        let total = 0;
        for (let turn = 1; ; turn ^= 1) {
          const { bytesRead, buffer } = await next;
          next = undefined;
          if (bytesRead === 0) return;
          total += bytesRead;
          if (total > maxBytes) throw grownPast(maxBytes);
          next = handle.read(buffers[turn]!, 0, CHUNK_BYTES, null);
          yield buffer.subarray(0, bytesRead);
        }
      } finally {
        // A read still under way (the caller stopped early) must end before the file is closed.
        await next?.catch(() => undefined);
        await handle.close();
      }
    },
    warnings,
    close: async () => undefined,
  };
}

/** A file as the walk found it: which file it is (device and inode) and its size then. */
interface Listed {
  dev: bigint;
  ino: bigint;
  size: number;
}

async function listFolder(root: string, folder: string) {
  try {
    return await readdir(join(root, ...folder.split('/')), { withFileTypes: true });
  } catch (e) {
    throw new BundleError(`${root}: ${folder ? `its folder ${folder}` : 'the folder'} could not be listed (${(e as Error).message}); check that this account can read the whole bundle.`);
  }
}

async function listedFile(root: string, name: string): Promise<Listed> {
  try {
    const { dev, ino, size } = await lstat(join(root, ...name.split('/')), { bigint: true });
    return { dev, ino, size: Number(size) };
  } catch (e) {
    throw new BundleError(`${root}: ${name} could not be listed (${(e as Error).message}); check that this account can read the whole bundle.`);
  }
}

/**
 * Opens a file only if it is the very file the walk found. O_NOFOLLOW refuses a last component
 * swapped for a link since, but a folder on the way could have been swapped for a link to
 * elsewhere too, which no flag of open() refuses: a file reached that way has another identity.
 */
async function openListed(root: string, name: string, listed: Listed): Promise<FileHandle> {
  const handle = await open(join(root, ...name.split('/')), constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    const now = await handle.stat({ bigint: true });
    if (now.dev !== listed.dev || now.ino !== listed.ino) {
      throw new Error('it is no longer the file that was listed when the bundle was opened (a file or folder was replaced, maybe by a link)');
    }
    return handle;
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/**
 * Reads to the end into one buffer of the size stat() gave, so the file is held once. A file that
 * grew after stat() is refused (it is changing under us), as is one past maxBytes.
 */
async function readAtMost(handle: FileHandle, size: number): Promise<{ bytes: Uint8Array } | { tooLarge: undefined }> {
  const bytes = new Uint8Array(size + 1);
  let total = 0;
  for (;;) {
    const { bytesRead } = await handle.read(bytes, total, bytes.length - total, null);
    if (bytesRead === 0) return { bytes: bytes.subarray(0, total) };
    total += bytesRead;
    if (total > size) return { tooLarge: undefined };
  }
}

/** How much of a streamed log is read at a time. */
const CHUNK_BYTES = 1024 * 1024;

function grownPast(size: number): ArtifactReadError {
  return new ArtifactReadError('E_TOO_LARGE', `it grew past its recorded size of ${formatBytes(size)} while it was read`);
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const MADE_BY_UNIX = 3;

/**
 * A zip bundle, read with yauzl: the central directory is read once, and an entry is inflated only
 * when an artifact needs it, stopping at the cap (a 1 GB member of a 1 MB zip costs nothing until
 * read, and then no more than the cap). Entries that name a path outside the bundle (`..`, `/x`,
 * `C:\x`) or are symbolic links are skipped and reported; nothing is ever extracted to disk.
 */
async function zipFiles(path: string): Promise<BundleFiles> {
  // The zip reader loads only for a zip: probing and folder bundles start without it.
  const reader = (await import('yauzl')).default;
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      reader.open(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true }, (e, z) => (e ? reject(e) : resolve(z))),
    );
  } catch (e) {
    throw new BundleError(`${path}: not a folder and not a readable zip file (${(e as Error).message}).`);
  }
  const warnings: string[] = [];
  let list: [string, yauzl.Entry][];
  try {
    list = await zipEntries(zip, reader, warnings);
  } catch (e) {
    zip.close();
    if (e instanceof BundleError) throw new BundleError(`${path}: ${e.message}`);
    throw new BundleError(`${path}: not a readable zip file (${(e as Error).message}).`);
  }
  // A bundle zipped with its folder keeps that folder as a prefix: strip it.
  if (!list.some(([n]) => n === 'manifest.json')) {
    const prefixed = list.find(([n]) => n.endsWith('/manifest.json') && n.split('/').length === 2);
    if (prefixed) {
      const prefix = prefixed[0].slice(0, -'manifest.json'.length);
      list = list.filter(([n]) => n.startsWith(prefix)).map(([n, e]) => [n.slice(prefix.length), e]);
    }
  }
  const entries = distinctEntries(list, warnings);
  // Async, so that an entry that may not be read rejects like one that fails to inflate.
  const entry = async (name: string): Promise<yauzl.Entry> => {
    const found = entries.get(name)!;
    if (typeof found === 'string') throw new Error(found);
    return found;
  };
  return {
    has: (name) => entries.has(name),
    size: async (name) => (await entry(name)).uncompressedSize,
    read: async (name, maxBytes) => inflateAtMost(zip, await entry(name), maxBytes),
    stream: async function* (name, maxBytes) {
      yield* inflateChunks(zip, await entry(name), maxBytes);
    },
    warnings,
    close: async () => zip.close(),
  };
}

function zipEntries(zip: yauzl.ZipFile, reader: typeof yauzl, warnings: string[]): Promise<[string, yauzl.Entry][]> {
  const entries: [string, yauzl.Entry][] = [];
  let seen = 0;
  return new Promise((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve(entries));
    zip.on('entry', (entry: yauzl.Entry) => {
      if (++seen > MAX_BUNDLE_ENTRIES) return reject(new BundleError(`more than ${MAX_BUNDLE_ENTRIES} entries; not an ndes-doctor bundle.`));
      // Compress-Archive in Windows PowerShell 5.1 writes entry names with backslashes.
      const name = reader.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false).replace(/\\/g, '/');
      const refused = unsafeEntry(name, entry);
      if (refused) warnings.push(`The zip entry "${name.slice(0, 200)}" ${refused}; it was skipped, never followed or extracted.`);
      else if (!name.endsWith('/')) entries.push([name, entry]);
      zip.readEntry();
    });
    zip.readEntry();
  });
}

/**
 * The entries by name, or why a name may not be read. Entries whose names are equal, or equal but
 * for case (which a folder on Windows cannot hold), are one file when their recorded size and
 * CRC-32 agree (a tool that added it twice, and the CRC-32 is checked as it is read). When they
 * differ, another unzip tool may show either one, so the bundle does not say which is the server's.
 */
function distinctEntries(list: readonly [string, yauzl.Entry][], warnings: string[]): Map<string, yauzl.Entry | string> {
  const groups = new Map<string, [string, yauzl.Entry][]>();
  for (const item of list) {
    const key = item[0].toLowerCase();
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  const entries = new Map<string, yauzl.Entry | string>();
  for (const group of groups.values()) {
    const [name, first] = group[0]!;
    if (group.every(([, e]) => e.crc32 === first.crc32 && e.uncompressedSize === first.uncompressedSize)) {
      for (const [other] of group) if (!entries.has(other)) entries.set(other, first);
      continue;
    }
    const count = group.length === 2 ? 'two' : String(group.length);
    const shown = group.slice(0, 3).map(([n]) => `"${n.slice(0, 200)}"`).join(', ');
    warnings.push(`The zip holds ${count} entries with different content for ${name.slice(0, 200)} (${shown}${group.length > 3 ? ', ...' : ''}); none of them was read.`);
    for (const [other] of group) entries.set(other, `the bundle has ${count} entries for ${other.slice(0, 200)} with different content, so which one the server wrote is unknown; none of them was read`);
  }
  return entries;
}

/** Why an entry is refused: a path that leaves the bundle, or a symbolic link. */
export function unsafeEntry(name: string, entry: Pick<yauzl.Entry, 'versionMadeBy' | 'externalFileAttributes'>): string | undefined {
  if (name.startsWith('/')) return 'is an absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'names a drive letter';
  if (name.split('/').includes('..')) return 'climbs out of the bundle with ".."';
  if (entry.versionMadeBy >> 8 === MADE_BY_UNIX && ((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) return 'is a symbolic link';
  return undefined;
}

/** Loaded with the first zip entry read (yauzl loads it too): a run without a zip, --url or a folder, never loads zlib. */
const zlib = () => process.getBuiltinModule('node:zlib');

function inflateAtMost(zip: yauzl.ZipFile, entry: yauzl.Entry, maxBytes: number): Promise<{ bytes: Uint8Array } | { tooLarge: number | undefined }> {
  if (entry.uncompressedSize > maxBytes) return Promise.resolve({ tooLarge: entry.uncompressedSize });
  const { crc32 } = zlib();
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(err);
      // Inflated straight into one buffer of the recorded size; yauzl fails an entry whose data is longer or shorter.
      const bytes = new Uint8Array(entry.uncompressedSize);
      let total = 0;
      let crc = 0;
      stream.on('data', (chunk: Buffer) => {
        // Declared sizes can lie: stop inflating at the cap, whatever the entry claimed.
        if (total + chunk.length > bytes.length) {
          stream.destroy();
          resolve({ tooLarge: undefined });
          return;
        }
        bytes.set(chunk, total);
        total += chunk.length;
        crc = crc32(chunk, crc);
      });
      stream.on('error', (e) => reject(new Error(`the zip entry is damaged (${e.message})`)));
      // yauzl checks the sizes but not the CRC-32: without this, flipped bits would be judged as the server's.
      stream.on('end', () => (crc === entry.crc32 ? resolve({ bytes: bytes.subarray(0, total) }) : reject(new Error('the zip entry is damaged (CRC-32 mismatch)'))));
    });
  });
}

async function* inflateChunks(zip: yauzl.ZipFile, entry: yauzl.Entry, maxBytes: number): AsyncGenerator<Uint8Array> {
  const { crc32 } = zlib();
  const stream = await new Promise<NodeJS.ReadableStream & { destroy(): void }>((resolve, reject) =>
    zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))),
  );
  let total = 0;
  let crc = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      // Declared sizes can lie: stop inflating at the cap, whatever the entry claimed.
      if (total > maxBytes) throw grownPast(maxBytes);
      crc = crc32(chunk, crc);
      yield chunk;
    }
    // Known only at the end: the reader has digested the chunks, and this failure makes it drop them.
    if (crc !== entry.crc32) throw new Error('CRC-32 mismatch');
  } catch (e) {
    if (e instanceof ArtifactReadError) throw e;
    throw new Error(`the zip entry is damaged (${(e as Error).message})`);
  } finally {
    stream.destroy();
  }
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
    const { zipSync } = await import('fflate');
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
