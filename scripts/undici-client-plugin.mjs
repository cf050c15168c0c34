// The esbuild plugin both builds (build.mjs, build-exe.mjs) bundle undici with.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/**
 * `import { Client } from 'undici'` takes the client alone (scripts/undici-client.mjs), not all of
 * undici; and the client's HTTP/2 half, which loads node:http2 (3 to 5 ms of CPU), runs when a
 * server first chooses h2, not at every start.
 */
export function undiciClientOnly() {
  const H2 = "const connectH2 = require('./client-h2.js')";
  return {
    name: 'undici-client-only',
    setup(b) {
      b.onResolve({ filter: /^undici$/ }, () => ({ path: fileURLToPath(new URL('undici-client.mjs', import.meta.url)) }));
      b.onLoad({ filter: /[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client\.js$/ }, async ({ path }) => {
        const source = await readFile(path, 'utf8');
        // Another undici that loads it otherwise fails the build here, rather than starting slower unnoticed.
        if (!source.includes(H2)) throw new Error(`${path} no longer has "${H2}"; update scripts/undici-client-plugin.mjs`);
        return { contents: source.replace(H2, "const connectH2 = (...args) => require('./client-h2.js')(...args)"), loader: 'js' };
      });
    },
  };
}
