// Bundles the CLI to dist/ twice, as ESM:
// - dist/ndes-doctor.js, the whole CLI in one file: only argument parsing runs at start; each
//   command's modules (and heavy dependencies) are wrapped, and run when that command imports them.
//   One file rather than code-split chunks (check --url loaded ~45): each module file costs a
//   resolve, a read and a compile-cache lookup, and the wrapped code costs little more than its bytes;
// - dist/quick.js, one file with all that --help, --version, list and explain need, so that these
//   start nearly as fast as bare Node: each further module file costs start-up time.
// bin/ndes-doctor.js always loads dist/quick.js, and starts every other command through dist/ndes-doctor.js.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const outdir = 'dist';
const common = { bundle: true, platform: 'node', format: 'esm', outdir, minify: true, legalComments: 'linked', logLevel: 'warning', write: false };
const [full, quick] = await Promise.all([
  build({
    ...common,
    entryPoints: { 'ndes-doctor': 'src/cli/main.ts' },
    target: 'node22',
    // Bundled CommonJS dependencies call require() for Node built-ins.
    banner: { js: "import { createRequire as __ndCreateRequire } from 'node:module'; const require = __ndCreateRequire(import.meta.url);" },
    plugins: [builtinsWithoutFacades(), undiciClientOnly()],
  }),
  build({
    ...common,
    entryPoints: { quick: 'src/cli/quick.ts' },
    // Syntax that old Node.js parses, so that it gets to the version check, which refuses it with a message.
    target: 'node18',
    plugins: [onlyQuickCommands(), builtinsWithoutFacades()],
  }),
]);

/** The modules of the commands dist/quick.js does not run are left out; importing one is an internal error. */
function onlyQuickCommands() {
  return {
    name: 'only-quick-commands',
    setup(b) {
      b.onResolve({ filter: /^\.\/commands\// }, (args) => (/\/(list|explain)\.js$/.test(args.path) ? undefined : { path: args.path, namespace: 'not-quick' }));
      b.onLoad({ filter: /.*/, namespace: 'not-quick' }, (args) => ({
        contents: `export {};\nthrow new Error(${JSON.stringify(`${args.path} is not in dist/quick.js; bin/ndes-doctor.js starts this command through dist/ndes-doctor.js`)});`,
        loader: 'js',
      }));
    },
  };
}

/** `import { Client } from 'undici'` takes the client alone (scripts/undici-client.mjs), not all of undici. */
function undiciClientOnly() {
  return {
    name: 'undici-client-only',
    setup(b) {
      b.onResolve({ filter: /^undici$/ }, () => ({ path: fileURLToPath(new URL('undici-client.mjs', import.meta.url)) }));
    },
  };
}

/**
 * `import ... from 'node:fs'` makes Node build an ES module facade of the built-in, which reads every
 * export and so loads all the parts the built-in otherwise loads on first use (fs.promises,
 * util.parseArgs, process.report and more). Each built-in is taken as an object instead, and only
 * the exports the bundle uses are read. child_process, which commander imports only to start
 * executable subcommands (this CLI has none), loads for commander when first used.
 */
function builtinsWithoutFacades() {
  const firstUse = ({ path, importer }) => path === 'node:child_process' && /[\\/]node_modules[\\/]commander[\\/]/.test(importer);
  return {
    name: 'builtins-without-facades',
    setup(b) {
      // A bundled CommonJS dependency's require() gets the built-in itself, as it expects (not a module namespace).
      b.onResolve({ filter: /^node:/ }, (args) =>
        args.kind === 'require-call' ? undefined : { path: args.path, namespace: firstUse(args) ? 'builtin-on-first-use' : 'builtin' },
      );
      b.onLoad({ filter: /.*/, namespace: 'builtin-on-first-use' }, ({ path }) => ({
        contents: `export default new Proxy({}, { get: (_, key) => process.getBuiltinModule(${JSON.stringify(path)})[key] });`,
        loader: 'js',
      }));
      b.onLoad({ filter: /.*/, namespace: 'builtin' }, ({ path }) => {
        const get = `process.getBuiltinModule(${JSON.stringify(path)})`;
        // Unused exports are dropped from the bundle, so they are never read.
        const names = Object.keys(process.getBuiltinModule(path)).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
        const exports = names.map((name) => `export const ${name} = /* @__PURE__ */ (() => builtin.${name})();`);
        return { contents: [`const builtin = ${get};`, 'export default builtin;', ...exports].join('\n'), loader: 'js' };
      });
    },
  };
}

// Each file is written beside its target and renamed over it, so a CLI started during a rebuild
// (tests run in parallel) never reads a half-written module.
for (const file of [...full.outputFiles, ...quick.outputFiles]) {
  await mkdir(dirname(file.path), { recursive: true });
  const tmp = `${file.path}.${process.pid}.tmp`;
  await writeFile(tmp, file.contents);
  await rename(tmp, file.path);
}
// The chunks of an earlier, code-split build would otherwise be packed with the package.
await rm(join(outdir, 'chunks'), { recursive: true, force: true });
