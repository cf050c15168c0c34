import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'ndes-doctor-pack-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** What a user gets from the registry: the packed tarball, installed into an empty folder. */
describe('npm pack', () => {
  it('packs a tarball that installs and runs with npx', async () => {
    // --ignore-scripts: prepack would rebuild dist/ under the CLI suites running beside this one;
    // dist/ is already fresh (npm test, or test/global-setup.ts).
    const packed = await execa('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tmp], { cwd: root });
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    const files = info!.files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['bin/ndes-doctor.js', 'dist/ndes-doctor.js', 'package.json', 'docs/bundle.md', 'docs/checks/NDES-HSYS-001.md']));
    expect(files.some((f) => f.startsWith('dist/chunks/'))).toBe(true);
    expect(files.filter((f) => /^(src|test|examples|scripts)\//.test(f))).toEqual([]);

    const app = join(tmp, 'app');
    mkdirSync(app);
    await execa('npm', ['install', join(tmp, info!.filename), '--no-audit', '--no-fund', '--loglevel=error'], { cwd: app });
    expect(readdirSync(join(app, 'node_modules', 'ndes-doctor'))).toContain('dist');

    const help = await execa('npx', ['--no-install', 'ndes-doctor', '--help'], { cwd: app, reject: false });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ndes-doctor /);

    // The lazily loaded chunks resolve from the installed location too.
    const check = await execa('npx', ['--no-install', 'ndes-doctor', 'check', '--bundle', join(root, 'examples/broken'), '--only', 'http-sys'], {
      cwd: app,
      reject: false,
    });
    expect(check.stdout).toMatch(/FAIL NDES-HSYS-001/);
    expect(check.exitCode).toBe(2);
  }, 120_000);
});
