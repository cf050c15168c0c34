#!/usr/bin/env node
// The bundles load through import(), after the compile cache is on, so that their compiled code comes
// from the cache on every run but the first. On a Node.js too old for the cache, quick.js says what is needed.
enableCompileCache();
const { main, runsHere } = await import('../dist/quick.js');

const argv = process.argv.slice(2);
await (runsHere(argv) ? main(argv) : (await import('../dist/ndes-doctor.js')).main(argv));

/**
 * V8's compiled code of the bundles, kept in the user's own cache directory: never the install
 * directory, nor a shared temp directory where another user could plant code for an elevated run.
 * NODE_COMPILE_CACHE (another directory) and NODE_DISABLE_COMPILE_CACHE=1 are Node's own switches
 * and win. A directory that cannot be written only means no cache.
 */
function enableCompileCache() {
  const env = process.env;
  const { isAbsolute, join } = process.getBuiltinModule?.('node:path') ?? {};
  const base =
    process.platform === 'win32' ? env.LOCALAPPDATA : process.platform === 'darwin' ? env.HOME && join?.(env.HOME, 'Library', 'Caches') : env.XDG_CACHE_HOME || (env.HOME && join?.(env.HOME, '.cache'));
  if (!base || !isAbsolute?.(base)) return;
  try {
    process.getBuiltinModule('node:module').enableCompileCache?.(join(base, 'ndes-doctor', 'compile-cache'));
  } catch {
    // No cache: the run is only slower.
  }
}
