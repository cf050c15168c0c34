// Bundles the CLI to dist/ twice:
// - dist/ndes-doctor.cjs, the whole CLI as one CommonJS script: only argument parsing runs at start;
//   each command's modules (and heavy dependencies) are wrapped, and run when that command imports
//   them. bin/ndes-doctor.js runs it with V8's code cache of earlier runs, which holds every function
//   they compiled (Node's compile cache of an ES module holds only what is compiled as it loads).
//   One file rather than code-split chunks: each file costs a resolve, a read and a lookup;
// - dist/quick.js, one ES module with all that --help, --version, list and explain need, so that these
//   start nearly as fast as bare Node.
// bin/ndes-doctor.js always loads dist/quick.js, and runs every other command from dist/ndes-doctor.cjs.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';
import { asciiOnly } from './ascii-only.mjs';
import { undiciClientOnly } from './undici-client-plugin.mjs';

const outdir = 'dist';
const common = { bundle: true, platform: 'node', outdir, minify: true, legalComments: 'linked', logLevel: 'warning', write: false };
const [full, quick] = await Promise.all([
  build({
    ...common,
    format: 'cjs',
    entryPoints: { 'ndes-doctor': 'src/cli/main.ts' },
    outExtension: { '.js': '.cjs' },
    target: 'node22',
    // CommonJS has no import.meta; bin/ndes-doctor.js gives the script its own path as __filename.
    define: { 'import.meta.url': '__ndesModuleUrl' },
    banner: { js: 'var __ndesModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
    plugins: [undiciClientOnly(), commanderChildProcessOnFirstUse()],
  }),
  build({
    ...common,
    format: 'esm',
    entryPoints: { quick: 'src/cli/quick.ts' },
    // Syntax that old Node.js parses, so that it gets to the version check, which refuses it with a message.
    target: 'node18',
    plugins: [onlyQuickCommands(), commanderChildProcessOnFirstUse(), builtinsWithoutFacades()],
  }),
]);

/** The modules of the commands dist/quick.js does not run are left out; importing one is an internal error. */
function onlyQuickCommands() {
  return {
    name: 'only-quick-commands',
    setup(b) {
      b.onResolve({ filter: /^\.\/commands\// }, (args) => (/\/(list|explain)\.js$/.test(args.path) ? undefined : { path: args.path, namespace: 'not-quick' }));
      b.onLoad({ filter: /.*/, namespace: 'not-quick' }, (args) => ({
        contents: `export {};\nthrow new Error(${JSON.stringify(`${args.path} is not in dist/quick.js; bin/ndes-doctor.js runs this command from dist/ndes-doctor.cjs`)});`,
        loader: 'js',
      }));
    },
  };
}

/** commander imports child_process only to start executable subcommands (this CLI has none): it loads when first used. */
function commanderChildProcessOnFirstUse() {
  return {
    name: 'commander-child-process-on-first-use',
    setup(b) {
      b.onResolve({ filter: /^node:child_process$/ }, (args) => (/[\\/]node_modules[\\/]commander[\\/]/.test(args.importer) ? { path: args.path, namespace: 'on-first-use' } : undefined));
      b.onLoad({ filter: /.*/, namespace: 'on-first-use' }, ({ path }) => ({
        contents: `export default new Proxy({}, { get: (_, key) => process.getBuiltinModule(${JSON.stringify(path)})[key] });`,
        loader: 'js',
      }));
    },
  };
}

/**
 * `import ... from 'node:fs'` makes Node build an ES module facade of the built-in, which reads every
 * export and so loads all the parts the built-in otherwise loads on first use (fs.promises,
 * util.parseArgs, process.report and more). Each built-in is taken as an object instead, and only
 * the exports the bundle uses are read.
 */
function builtinsWithoutFacades() {
  return {
    name: 'builtins-without-facades',
    setup(b) {
      b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'builtin' }));
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
  await writeFile(tmp, file.path.endsWith('.cjs') ? asciiOnly(file.text, 'dist/ndes-doctor.cjs') : file.contents);
  await rename(tmp, file.path);
}
// What earlier builds wrote (an ES module and its code-split chunks) would otherwise be packed too.
for (const stale of ['chunks', 'ndes-doctor.js', 'ndes-doctor.js.LEGAL.txt']) await rm(join(outdir, stale), { recursive: true, force: true });
