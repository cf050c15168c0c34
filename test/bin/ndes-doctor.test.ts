import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const bin = resolve('bin/ndes-doctor.js');
const healthy = resolve('examples/healthy');

/** The built CLI with only the cache settings given here: those of the test's own environment are removed. */
async function run(env: Record<string, string>, { cwd = process.cwd(), args = ['--format', 'json'] } = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(NODE_DISABLE_COMPILE_CACHE|XDG_CACHE_HOME|HOME)$/.test(k)));
  const { stdout, stderr } = await exec(process.execPath, [bin, 'check', '--bundle', healthy, '--quiet', ...args], { cwd, env: { ...base, ...env } });
  return { summary: JSON.parse(stdout).summary, stderr };
}

async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

async function header(file: string): Promise<{ sha256: string; shapes: string[] }> {
  const bytes = await readFile(file);
  return JSON.parse(bytes.subarray(0, bytes.indexOf(10)).toString());
}

describe('dist/ndes-doctor.cjs', () => {
  it('has no import() left: bin/ndes-doctor.js runs it as a script, which cannot import', async () => {
    const script = await readFile(resolve('dist/ndes-doctor.cjs'), 'utf8');
    expect(script).toMatch(/Promise\.resolve\(\)\.then\(\(\)=>/);
    expect(script.match(/\bimport\(/g)).toBeNull();
  });

  it('is ASCII only, so V8 holds its source at one byte a character, with the localised words still matched', async () => {
    const script = await readFile(resolve('dist/ndes-doctor.cjs'), 'utf8');
    expect(script.match(/[^\x00-\x7f]/g)).toBeNull();
    const escaped = /\/[^\n/]*contrase\(\?:\\u00f1\|n\)a[^\n]*?\/i/.exec(script);
    expect(escaped).not.toBeNull();
    expect(new RegExp(/contrase\(\?:\\u00f1\|n\)a/.exec(escaped![0])![0], 'i').test('Contraseña')).toBe(true);
  });
});

describe('what check --url loads (built CLI)', () => {
  it('probes without starting processes, HTTP/2 or zlib: those load only where they are used', async () => {
    const hook = `data:text/javascript,process.on('exit',()=>process.stderr.write(JSON.stringify(process.moduleLoadList)))`;
    const url = 'https://127.0.0.1:1/certsrv/mscep/mscep.dll';
    const { stdout, stderr } = await exec(process.execPath, ['--import', hook, bin, 'check', '--url', url, '--format', 'json', '--quiet', '--exit-zero']);
    // Nothing listens on port 1: every check that needs the server cannot decide (UNKNOWN), none has seen a failure.
    expect(JSON.parse(stdout).summary.exitCode).toBe(3);
    const builtins = (JSON.parse(stderr) as string[]).filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length));
    expect(builtins).toContain('tls');
    expect(builtins.filter((m) => ['child_process', 'http2', 'zlib', 'worker_threads'].includes(m))).toEqual([]);
  });
});

describe('the code cache of dist/ndes-doctor.cjs (built CLI)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ndes-doctor-cache-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is kept in the user cache directory, and later runs give the same verdict from it', async () => {
    const env = { XDG_CACHE_HOME: join(dir, 'xdg'), HOME: join(dir, 'home') };
    const installed = await filesUnder(resolve('dist'));
    const first = await run(env);
    const [cache, ...more] = await filesUnder(join(dir, 'xdg', 'ndes-doctor', 'code-cache'));
    expect(more).toEqual([]);
    expect(cache).toMatch(new RegExp(`${process.version}-${process.arch}-[0-9a-f]{16}\\.bin$`));
    expect((await header(cache!)).shapes).toEqual(['check --bundle --format --quiet']);
    expect(await run(env)).toEqual(first);
    expect(first.summary.exitCode).toBe(0);
    // A command line of another shape adds its code once; one of a known shape leaves the cache alone.
    await run(env, { args: ['--format', 'json', '--only', 'NDES-HSYS-001'] });
    const saved = await readFile(cache!);
    expect((await header(cache!)).shapes).toEqual(['check --bundle --format --quiet', 'check --bundle --format --only --quiet']);
    await run(env, { args: ['--format=json'] });
    expect(await readFile(cache!)).toEqual(saved);
    expect(await filesUnder(resolve('dist'))).toEqual(installed);
    expect(await filesUnder(join(dir, 'home'))).toEqual([]);
  });

  it('falls back to ~/.cache without XDG_CACHE_HOME', async () => {
    await run({ HOME: join(dir, 'home2') });
    expect(await filesUnder(join(dir, 'home2', '.cache', 'ndes-doctor', 'code-cache'))).toHaveLength(1);
  });

  it('is replaced when it is not the cache of this bundle, or V8 refuses it', async () => {
    const env = { XDG_CACHE_HOME: join(dir, 'xdg3') };
    const first = await run(env);
    const [cache] = await filesUnder(join(dir, 'xdg3'));
    const { sha256 } = await header(cache!);
    for (const planted of [`{"sha256":"${'0'.repeat(64)}","shapes":[]}\nnot code`, `{"sha256":"${sha256}","shapes":["check --bundle --format --quiet"]}\nnot code`, 'no header']) {
      await writeFile(cache!, planted);
      expect(await run(env)).toEqual(first);
      expect(await header(cache!)).toEqual({ sha256, shapes: ['check --bundle --format --quiet'] });
      expect((await readFile(cache!)).length).toBeGreaterThan(100_000);
    }
  });

  it('keeps the eight newest caches of all installations, and no temporary file older than an hour', async () => {
    const env = { XDG_CACHE_HOME: join(dir, 'xdg5') };
    const folder = join(dir, 'xdg5', 'ndes-doctor', 'code-cache');
    await mkdir(folder, { recursive: true });
    const plant = async (name: string, hoursOld: number) => {
      const path = join(folder, name);
      await writeFile(path, 'planted');
      const t = Date.now() / 1000 - hoursOld * 3600;
      await utimes(path, t, t);
      return path;
    };
    // Other installations, one a day older each; the run adds its own, which makes nine.
    const others: string[] = [];
    for (let day = 1; day <= 8; day++) others.push(await plant(`v22.1.0-x64-${String(day).padStart(16, '0')}.bin`, 24 * day));
    const unrelated = await plant('notes.txt', 24 * 30);
    const stoppedRun = await plant(`v22.1.0-x64-${'a'.repeat(16)}.bin.4242.tmp`, 2);
    const runningRun = await plant(`v22.1.0-x64-${'b'.repeat(16)}.bin.4343.tmp`, 0.5);
    await run(env);
    const left = await filesUnder(folder);
    const own = left.filter((f) => !others.includes(f) && f.endsWith('.bin'));
    expect(own).toHaveLength(1);
    expect(left.sort()).toEqual([...others.slice(0, 7), ...own, unrelated, runningRun].sort());
    expect(left).not.toContain(stoppedRun);
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
    await run({ XDG_CACHE_HOME: 'relative', HOME: join(dir, 'home3') }, { cwd });
    expect(await filesUnder(cwd)).toEqual([]);
    expect(await filesUnder(join(dir, 'home3'))).toEqual([]);
  });
});
