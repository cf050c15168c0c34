import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What the exe build promises beyond what the Wine suite runs: the Windows Node of the line named in
// package.json whatever Node builds it, the SEA blob injected and enabled, a checksum file.
const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; exeNodeVersion: string };
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

describe('scripts/build-exe.mjs', () => {
  let tmp: string;
  let exe: string;
  let bytes: Buffer;
  let stderr: string;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ndes-doctor-exe-build-'));
    exe = join(tmp, 'ndes-doctor.exe');
    ({ stderr } = await execa('node', ['scripts/build-exe.mjs', '--out', exe], { cwd: root }));
    bytes = readFileSync(exe);
  }, 600_000);

  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('injects into the Windows node.exe of the release line named in package.json', () => {
    expect(pkg.exeNodeVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('MZ');
    // The PE version resource holds the version as UTF-16LE text.
    expect(bytes.includes(Buffer.from(pkg.exeNodeVersion, 'utf16le'))).toBe(true);
    expect(stderr).toContain(`Node ${pkg.exeNodeVersion} for Windows x64`);
  });

  it('writes the blob with a Node of the same version as the exe', () => {
    // Built from another Node version, the script fetches that version for this platform to write the blob.
    const writer = join(root, 'node_modules/.cache/ndes-doctor-exe', `node-${process.platform}-${process.arch}-${pkg.exeNodeVersion}`, 'node');
    if (process.versions.node !== pkg.exeNodeVersion) expect(existsSync(writer)).toBe(true);
  });

  it('carries the CLI as an enabled single executable application', () => {
    // postject flips the fuse from :0 to :1 and adds the blob as a resource named NODE_SEA_BLOB.
    expect(bytes.includes(Buffer.from(`${SEA_FUSE}:1`))).toBe(true);
    expect(bytes.includes(Buffer.from(`${SEA_FUSE}:0`))).toBe(false);
    expect(bytes.includes(Buffer.from('NODE_SEA_BLOB', 'utf16le'))).toBe(true);
    // The bundled CLI and its compiled-in docs pages.
    expect(bytes.includes(Buffer.from('docs/checks/NDES-HSYS-001.md'))).toBe(true);
    expect(bytes.includes(Buffer.from(`name:"ndes-doctor",version:"${pkg.version}"`))).toBe(true);
    // ASCII only, as dist/ndes-doctor.cjs (test/bin): a localised word in a regular expression is escaped, never raw UTF-8.
    expect(bytes.includes(Buffer.from('contrase(?:\\u00f1|n)a'))).toBe(true);
    expect(bytes.includes(Buffer.from('contrase(?:\u00f1|n)a'))).toBe(false);
  });

  it('writes a checksum file that sha256sum -c accepts', async () => {
    const line = readFileSync(`${exe}.sha256`, 'utf8');
    expect(line).toBe(`${createHash('sha256').update(bytes).digest('hex')}  ndes-doctor.exe\n`);
    const check = await execa('sha256sum', ['-c', 'ndes-doctor.exe.sha256'], { cwd: tmp, reject: false });
    expect(check.stdout).toBe('ndes-doctor.exe: OK');
  });
});
