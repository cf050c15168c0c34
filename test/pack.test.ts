import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const TGZ = `ndes-doctor-${version}.tgz`;
const ZIP = `ndes-doctor-${version}-win-x64.zip`;
const tmp = mkdtempSync(join(tmpdir(), 'ndes-doctor-release-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/**
 * Runs a command with the network off: in a network namespace of its own where the system allows
 * one (root, or unprivileged user namespaces), and always against a registry that does not answer,
 * so any download npm tried would fail the test instead of passing quietly.
 */
const UNSHARE = [['-n'], ['-rn']].find((flags) => spawnSync('unshare', [...flags, 'true']).status === 0);
function offline(command: string, args: string[], cwd: string, cache: string) {
  const [file, argv] = UNSHARE ? ['unshare', [...UNSHARE, command, ...args]] : [command, args];
  return execa(file, argv, { cwd, reject: false, env: { npm_config_cache: cache, npm_config_registry: 'http://127.0.0.1:9/', npm_config_update_notifier: 'false' } });
}

/** What a user downloads from a release, made by `npm run release`, then installed the ways README says. */
describe('npm run release', () => {
  const out = join(tmp, 'release');
  // Where a user saves the release: outside any Node.js project.
  const downloads = join(tmp, 'downloads');

  beforeAll(async () => {
    await execa('node', ['scripts/release.mjs', '--out', out], { cwd: root });
    mkdirSync(downloads);
    copyFileSync(join(out, TGZ), join(downloads, TGZ));
  }, 600_000);

  it('writes the npm tarball, the zipped exe and SHA256SUMS, which sha256sum -c accepts', async () => {
    expect(readdirSync(out).sort()).toEqual(['SHA256SUMS', ZIP, TGZ].sort());
    expect(readFileSync(join(out, 'SHA256SUMS'), 'utf8')).toMatch(new RegExp(`^[0-9a-f]{64}  ${TGZ}\\n[0-9a-f]{64}  ${ZIP}\\n$`));
    const check = await execa('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, reject: false });
    expect(check.stdout).toBe(`${TGZ}: OK\n${ZIP}: OK`);
  });

  it('packs the bundled CLI, its docs and the schema, and no sources', async () => {
    const files = (await execa('tar', ['tzf', join(out, TGZ)])).stdout.split('\n').map((f) => f.replace(/^package\//, ''));
    expect(files).toEqual(expect.arrayContaining(['bin/ndes-doctor.js', 'dist/ndes-doctor.cjs', 'package.json', 'docs/bundle.md', 'docs/monitoring.md', 'docs/checks/NDES-HSYS-001.md', 'schema/report.schema.json', 'README.md']));
    expect(files).toContain('dist/quick.js');
    expect(files.filter((f) => f.startsWith('dist/chunks/'))).toEqual([]);
    expect(files.filter((f) => /^(src|test|examples|scripts|release)\/|\.exe$/.test(f))).toEqual([]);
  });

  it('zips ndes-doctor.exe with its checksum, which verifies after unzipping', async () => {
    // Unzipped by Python's zipfile: another implementation than the one that wrote it.
    const unzipped = join(tmp, 'unzipped');
    const py = spawnSync('python3', ['-c', 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print("\\n".join(z.namelist())); z.extractall(sys.argv[2])', join(out, ZIP), unzipped], { encoding: 'utf8' });
    expect(py.stdout.trim().split('\n').sort()).toEqual(['ndes-doctor.exe', 'ndes-doctor.exe.sha256']);
    const exe = readFileSync(join(unzipped, 'ndes-doctor.exe'));
    expect(exe.subarray(0, 2).toString('latin1')).toBe('MZ');
    expect(readFileSync(join(unzipped, 'ndes-doctor.exe.sha256'), 'utf8')).toBe(`${createHash('sha256').update(exe).digest('hex')}  ndes-doctor.exe\n`);
    expect((await execa('sha256sum', ['-c', 'ndes-doctor.exe.sha256'], { cwd: unzipped })).stdout).toBe('ndes-doctor.exe: OK');
  });

  it('installs globally into an empty prefix with the network off, and checks a bundle from there', async () => {
    const prefix = join(tmp, 'prefix');
    // README: npm install -g ndes-doctor-<version>.tgz, from the folder that holds it.
    const install = await offline('npm', ['install', '-g', '--prefix', prefix, TGZ], downloads, join(tmp, 'cache-g'));
    expect(install.exitCode, install.stderr).toBe(0);
    const bin = join(prefix, 'bin', 'ndes-doctor');
    const check = await offline(bin, ['check', '--bundle', join(root, 'examples/broken'), '--only', 'http-sys'], tmp, join(tmp, 'cache-g'));
    expect(check.stdout).toMatch(/^ndes-doctor \S+ · bundle · NDES02 · /);
    expect(check.stdout).toMatch(/✖ FAIL NDES-HSYS-001/);
    expect(check.exitCode).toBe(2);
    // The lazily loaded chunks resolve from the installed location: a command that needs them works.
    const explain = await offline(bin, ['explain', 'NDES-HSYS-001'], tmp, join(tmp, 'cache-g'));
    expect(explain.stdout).toContain('## How to fix');
  }, 120_000);

  it('runs with npx from the tarball in a download folder, with the network off', async () => {
    const check = await offline('npx', ['--yes', `./${TGZ}`, 'check', '--bundle', join(root, 'examples/healthy')], downloads, join(tmp, 'cache-npx'));
    expect(check.stderr).toBe('');
    expect(check.stdout).toMatch(/passed, \d+ skipped/);
    expect(check.exitCode).toBe(0);
  }, 120_000);
});
