import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const bin = resolve('bin/ndes-doctor.js');
const healthy = resolve('examples/healthy');

/** The built CLI with only the cache settings given here: Node's own switches from the test's environment are removed. */
async function run(env: Record<string, string>, cwd = process.cwd()) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(NODE_COMPILE_CACHE|NODE_DISABLE_COMPILE_CACHE|XDG_CACHE_HOME|HOME)$/.test(k)));
  const { stdout, stderr } = await exec(process.execPath, [bin, 'check', '--bundle', healthy, '--format', 'json', '--quiet'], { cwd, env: { ...base, ...env } });
  return { summary: JSON.parse(stdout).summary, stderr };
}

async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('the compile cache of the bundles (built CLI)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ndes-doctor-cache-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is kept in the user cache directory, and a second run gives the same verdict from it', async () => {
    const cache = join(dir, 'xdg');
    const installed = await filesUnder(resolve('dist'));
    const first = await run({ XDG_CACHE_HOME: cache, HOME: join(dir, 'home') });
    const cached = await filesUnder(join(cache, 'ndes-doctor', 'compile-cache'));
    expect(cached.length).toBeGreaterThan(0);
    const second = await run({ XDG_CACHE_HOME: cache, HOME: join(dir, 'home') });
    expect(second).toEqual(first);
    expect(first.summary.exitCode).toBe(0);
    expect(await filesUnder(resolve('dist'))).toEqual(installed);
    expect(await filesUnder(join(dir, 'home'))).toEqual([]);
  });

  it('falls back to ~/.cache without XDG_CACHE_HOME', async () => {
    await run({ HOME: join(dir, 'home2') });
    expect((await filesUnder(join(dir, 'home2', '.cache', 'ndes-doctor', 'compile-cache'))).length).toBeGreaterThan(0);
  });

  it('is not used when its directory cannot be made, and the run is the same', async () => {
    const blocker = join(dir, 'a-file');
    await writeFile(blocker, 'not a directory');
    const r = await run({ XDG_CACHE_HOME: join(blocker, 'cache') });
    expect(r.stderr).toBe('');
    expect(r.summary.exitCode).toBe(0);
  });

  it('is off with NODE_DISABLE_COMPILE_CACHE=1, and never written relative to the working directory', async () => {
    await run({ XDG_CACHE_HOME: join(dir, 'disabled'), NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(await filesUnder(join(dir, 'disabled'))).toEqual([]);
    const cwd = join(dir, 'cwd');
    await mkdir(cwd);
    await run({ XDG_CACHE_HOME: 'relative', HOME: join(dir, 'home3') }, cwd);
    expect(await filesUnder(cwd)).toEqual([]);
    expect(await filesUnder(join(dir, 'home3'))).toEqual([]);
  });
});
