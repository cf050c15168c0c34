// Builds what a release publishes, into release/ (or --out <dir>):
//
//   ndes-doctor-<version>.tgz          the npm package, as `npm pack` makes it (and `npm publish` uploads)
//   ndes-doctor-<version>-win-x64.zip  the standalone ndes-doctor.exe and its ndes-doctor.exe.sha256
//   SHA256SUMS                         both files' SHA-256, in the format `sha256sum -c` reads
//
//   node scripts/release.mjs [--out <dir>]
//
// docs/releasing.md says how a release is cut and published.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';

process.chdir(fileURLToPath(new URL('..', import.meta.url)));
const { version } = JSON.parse(await readFile('package.json', 'utf8'));
const out = resolve(argument('--out') ?? 'release');
const tgz = `ndes-doctor-${version}.tgz`;
const zip = `ndes-doctor-${version}-win-x64.zip`;

await mkdir(out, { recursive: true });
// Only this script's own artifacts are replaced; anything else in the folder stays.
for (const name of await readdir(out)) {
  if (name === 'SHA256SUMS' || /^ndes-doctor-.+(\.tgz|-win-x64\.zip)$/.test(name)) await rm(join(out, name), { force: true });
}

// prepack builds dist/ first, so the tarball holds a fresh build.
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', out], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], shell: process.platform === 'win32' }));
if (packed[0]?.filename !== tgz) throw new Error(`npm pack wrote ${packed[0]?.filename}, expected ${tgz}`);

const work = await mkdtemp(join(tmpdir(), 'ndes-doctor-release-'));
try {
  const exe = join(work, 'ndes-doctor.exe');
  execFileSync(process.execPath, ['scripts/build-exe.mjs', '--out', exe], { stdio: ['ignore', 'inherit', 'inherit'] });
  // The checksum file travels inside the zip, so the exe can be verified on the server after unzipping.
  const files = { 'ndes-doctor.exe': await readFile(exe), 'ndes-doctor.exe.sha256': await readFile(`${exe}.sha256`) };
  await writeFile(join(out, zip), zipSync(files, { level: 6 }));
} finally {
  await rm(work, { recursive: true, force: true });
}

const sums = [];
for (const name of [tgz, zip]) sums.push(`${createHash('sha256').update(await readFile(join(out, name))).digest('hex')}  ${name}\n`);
await writeFile(join(out, 'SHA256SUMS'), sums.join(''));
process.stderr.write(`Release ${version} in ${out}:\n${sums.map((l) => `  ${l}`).join('')}`);

function argument(name) {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
}
