// Node binaries from npm's node-<platform>-<arch> packages, fetched once with `npm pack` into
// node_modules/.cache. They are not devDependencies: each package.json names the one os it is for
// (npm ci elsewhere would refuse it) and its bin is named `node`, which would shadow the real node
// in every npm script.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** The path of the node binary of `version` for a platform (`win32`, `linux`, `darwin`) and arch. */
export async function nodeBinary(version, platform = process.platform, arch = process.arch) {
  const os = platform === 'win32' ? 'win' : platform;
  const name = platform === 'win32' ? 'node.exe' : 'node';
  const cache = resolve('node_modules/.cache/ndes-doctor-exe', `node-${os}-${arch}-${version}`);
  const binary = join(cache, name);
  try {
    await stat(binary);
    return binary;
  } catch {
    // Not fetched yet.
  }
  await mkdir(cache, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const packed = execFileSync(npm, ['pack', `node-${os}-${arch}@${version}`, '--json', '--pack-destination', cache], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    shell: process.platform === 'win32',
  });
  const tgz = join(cache, JSON.parse(packed)[0].filename);
  const bytes = extractFromTar(gunzipSync(await readFile(tgz)), `package/bin/${name}`);
  await writeFile(`${binary}.${process.pid}.tmp`, bytes, { mode: 0o755 });
  await rename(`${binary}.${process.pid}.tmp`, binary);
  await rm(tgz, { force: true });
  return binary;
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
  throw new Error(`${wanted} is not in the npm package`);
}
