// Bundles the CLI to dist/ as ESM with code splitting: the entry holds only argument parsing, and
// each command's code (and heavy dependencies) loads when that command runs, so --help and
// --version start nearly as fast as bare Node.
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';

const outdir = 'dist';
const result = await build({
  entryPoints: { 'ndes-doctor': 'src/cli/main.ts' },
  bundle: true,
  splitting: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  outdir,
  chunkNames: 'chunks/[name]-[hash]',
  minify: true,
  legalComments: 'linked',
  logLevel: 'warning',
  write: false,
  // Bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __ndCreateRequire } from 'node:module'; const require = __ndCreateRequire(import.meta.url);" },
});

// Each file is written beside its target and renamed over it, so a CLI started during a rebuild
// (tests run in parallel) never reads a half-written module. Chunk names carry a content hash.
const written = new Set();
for (const file of result.outputFiles) {
  await mkdir(dirname(file.path), { recursive: true });
  const tmp = `${file.path}.${process.pid}.tmp`;
  await writeFile(tmp, file.contents);
  await rename(tmp, file.path);
  written.add(relative(outdir, file.path));
}
// Stale chunks from earlier builds: the fresh entry no longer references them. Only chunks/ is
// pruned; other files in dist/ (e.g. the Windows .exe from build-exe.mjs) are not this build's.
for (const entry of await readdir(join(outdir, 'chunks'), { withFileTypes: true }).catch(() => [])) {
  const path = join('chunks', entry.name);
  if (entry.isFile() && !written.has(path) && !path.endsWith('.tmp')) await rm(join(outdir, path), { force: true });
}
