#!/usr/bin/env node
// A static import: it starts faster than import(). quick.js first refuses a Node.js too old for the CLI.
import { main, runsHere } from '../dist/quick.js';

const argv = process.argv.slice(2);
await (runsHere(argv) ? main(argv) : loadCli(argv).main(argv));

/**
 * dist/ndes-doctor.cjs, run with V8's code cache of it: the compiled code of the functions earlier runs
 * used, so that a run compiles next to nothing. (Node's own compile cache keeps only what is compiled
 * as a file loads, not the functions compiled while it runs.)
 */
function loadCli(argv) {
  const { readFileSync } = process.getBuiltinModule('node:fs');
  const { dirname } = process.getBuiltinModule('node:path');
  const file = process.getBuiltinModule('node:url').fileURLToPath(new URL('../dist/ndes-doctor.cjs', import.meta.url));
  const source = readFileSync(file);
  const cache = codeCache(file, source, argv);
  // The CommonJS wrapper on a line of its own, so that stack traces give the file's own line numbers.
  // A script run this way cannot import(): the bundle has none (a test keeps it so).
  const script = new (process.getBuiltinModule('node:vm').Script)(`(function (exports, require, module, __filename, __dirname) {\n${source}\n})`, {
    filename: file,
    lineOffset: -1,
    cachedData: cache?.cachedData,
  });
  // What this run compiles is saved as it exits.
  if (cache && (!cache.cachedData || script.cachedDataRejected || cache.newShape)) process.once('exit', () => cache.save(script, !cache.cachedData || script.cachedDataRejected));
  const module = { exports: {} };
  script.runInThisContext()(module.exports, process.getBuiltinModule('node:module').createRequire(file), module, file, dirname(file));
  return module.exports;
}

/**
 * The cache file of this installation and what it holds. It holds the cache of the bundle whose SHA-256
 * it names (V8 itself checks only the source's length), and lists the shapes of command line (command
 * and option names) whose runs it holds, so that a run of another shape adds its code once.
 * NODE_DISABLE_COMPILE_CACHE=1, Node's switch for its own cache, turns it off; a directory that cannot
 * be written only means no cache.
 */
function codeCache(file, source, argv) {
  const dir = process.env.NODE_DISABLE_COMPILE_CACHE ? undefined : cacheDir();
  if (!dir) return undefined;
  const fs = process.getBuiltinModule('node:fs');
  const { createHash } = process.getBuiltinModule('node:crypto');
  const sha256 = createHash('sha256').update(source).digest('hex');
  // One file per installation, which an upgrade in place overwrites; two installations do not take turns.
  const installation = createHash('sha256').update(file).digest('hex').slice(0, 16);
  const path = process.getBuiltinModule('node:path').join(dir, `${process.version}-${process.arch}-${installation}.bin`);
  const shape = [argv[0], ...argv.filter((a) => a.startsWith('-')).map((a) => a.split('=')[0]).sort()].join(' ');
  let held = { sha256, shapes: [] };
  let cachedData;
  try {
    const saved = fs.readFileSync(path);
    const end = saved.indexOf(10);
    const header = JSON.parse(saved.subarray(0, end).toString('utf8'));
    if (header.sha256 === sha256 && Array.isArray(header.shapes)) [held, cachedData] = [header, saved.subarray(end + 1)];
  } catch {
    // No cache yet, or not one of ours.
  }
  return {
    cachedData,
    // Bounded, so that a cache is not written again and again for ever-new command lines.
    newShape: !held.shapes.includes(shape) && held.shapes.length < 16,
    save(script, afresh) {
      const header = JSON.stringify({ sha256, shapes: afresh ? [shape] : [...held.shapes, shape] });
      // Written beside and renamed over, so that a run started meanwhile never reads half a cache.
      const tmp = `${path}.${process.pid}.tmp`;
      try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        fs.writeFileSync(tmp, Buffer.concat([Buffer.from(`${header}\n`), script.createCachedData()]), { mode: 0o600 });
        fs.renameSync(tmp, path);
      } catch {
        // No cache: later runs are only slower.
        try {
          fs.rmSync(tmp, { force: true });
        } catch {}
      }
      prune(fs, dir, path);
    },
  };
}

/** Cache files kept, the one just written included. */
const KEPT_CACHES = 8;

/**
 * Removes all but the newest caches, and what a run stopped while writing left behind: every
 * installation and Node.js version has a file, and a release unpacked into a new folder is a new
 * installation, so without this the folder would grow by a file at each.
 */
function prune(fs, dir, written) {
  const { join } = process.getBuiltinModule('node:path');
  const now = Date.now();
  const caches = [];
  try {
    for (const name of fs.readdirSync(dir)) {
      const path = join(dir, name);
      const stale = /^v[\d.]+-\w+-[0-9a-f]{16}\.bin(\.\d+\.tmp)?$/.exec(name);
      if (!stale || path === written) continue;
      const { mtimeMs } = fs.statSync(path);
      // A temporary file younger than an hour may be another run's, still being written.
      if (!stale[1]) caches.push({ path, mtimeMs });
      else if (now - mtimeMs > 3_600_000) fs.rmSync(path, { force: true });
    }
    caches.sort((a, b) => b.mtimeMs - a.mtimeMs);
    for (const { path } of caches.slice(KEPT_CACHES - 1)) fs.rmSync(path, { force: true });
  } catch {
    // Left for a later run.
  }
}

/**
 * The user's own cache directory: never the install directory, nor a temp directory where another
 * user could plant code for an elevated run.
 */
function cacheDir() {
  const { isAbsolute, join } = process.getBuiltinModule('node:path');
  const env = process.env;
  const base =
    process.platform === 'win32' ? env.LOCALAPPDATA : process.platform === 'darwin' ? env.HOME && join(env.HOME, 'Library', 'Caches') : env.XDG_CACHE_HOME || (env.HOME && join(env.HOME, '.cache'));
  return base && isAbsolute(base) ? join(base, 'ndes-doctor', 'code-cache') : undefined;
}
