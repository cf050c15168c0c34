import { getEventListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundleSource, type ArtifactSource } from '../../src/collect/bundle.js';
import type { ArtifactId } from '../../src/collect/artifacts.js';
import type { Manifest } from '../../src/collect/manifest.js';
import { defineCheck, type AnyCheck } from '../../src/engine/check.js';
import { fail, pass } from '../../src/engine/outcome.js';
import { runChecks, type RunOptions } from '../../src/engine/runner.js';
import maxFieldLength from '../../src/checks/http-sys/max-field-length.js';
import maxRequestBytes from '../../src/checks/http-sys/max-request-bytes.js';
import ieEscAdministrators from '../../src/checks/browser/ie-esc-administrators.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/registry/${name}`, import.meta.url)));
const manifest = (artifacts: Manifest['artifacts'] = {}): Manifest => ({
  bundleVersion: 1,
  tool: { name: 'ndes-doctor', version: 'test' },
  collectedAt: '2026-11-20T09:00:00.000Z',
  host: { name: 'NDES-TEST', oemCodePage: 437 },
  artifacts,
});
const memoryBundle = (files: Record<string, Uint8Array>, artifacts?: Manifest['artifacts']): ArtifactSource =>
  bundleSource('memory', manifest(artifacts), new Map(Object.entries(files)));
const healthy = () =>
  memoryBundle({ 'registry/http-parameters.reg': fixture('http-parameters.reg'), 'registry/ie-esc-admins.reg': fixture('ie-esc-admins-off.reg') });

const options = (over: Partial<RunOptions> = {}): RunOptions => ({
  concurrency: 4,
  checkTimeoutMs: 5_000,
  deadline: Date.now() + 60_000,
  context: { now: new Date('2026-11-22T00:00:00Z'), options: {} },
  ...over,
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let n = 0;
/** A check with no facts whose run() is given; ids only need to be unique within a test. */
function fake(run: () => ReturnType<AnyCheck['run']>, extra: Partial<AnyCheck> = {}): AnyCheck {
  n++;
  return defineCheck({
    id: `NDES-IIS-${900 + n}`,
    slug: `fake-${n}`,
    area: 'iis',
    title: `Fake ${n}`,
    severity: 'medium',
    requires: [],
    run,
    ...extra,
  } as AnyCheck);
}

describe('runChecks', () => {
  it('returns results in the declared order, not the order they finish in', async () => {
    const finished: string[] = [];
    const checks = [60, 5, 30].map((ms) =>
      fake(async () => {
        await sleep(ms);
        finished.push(String(ms));
        return pass(`slept ${ms}`);
      }),
    );
    const results = await runChecks(checks, healthy(), options());
    expect(finished).toEqual(['5', '30', '60']);
    expect(results.map((r) => r.id)).toEqual(checks.map((c) => c.id));
    expect(results.map((r) => r.message)).toEqual(['slept 60', 'slept 5', 'slept 30']);
  });

  it('never runs more checks at once than the concurrency limit', async () => {
    let running = 0;
    let peak = 0;
    const checks = Array.from({ length: 7 }, (_, i) =>
      fake(async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(10 + (i % 3) * 10);
        running--;
        return pass('ok');
      }),
    );
    const results = await runChecks(checks, healthy(), options({ concurrency: 2 }));
    expect(peak).toBe(2);
    expect(results.every((r) => r.status === 'pass')).toBe(true);
  });

  it('gives E_TIMEOUT naming the limit when a check runs past its time limit', async () => {
    const slow = fake(() => new Promise(() => {}));
    const ownLimit = fake(() => sleep(200).then(() => pass('late')), { timeoutMs: 40 });
    const quick = fake(() => pass('quick'));
    const [a, b, c] = await runChecks([slow, ownLimit, quick], healthy(), options({ checkTimeoutMs: 80 }));
    expect(a).toMatchObject({ status: 'error', error: { code: 'E_TIMEOUT' } });
    expect(a!.message).toBe(`${slow.id} did not finish within 80 ms.`);
    expect(b!.message).toBe(`${ownLimit.id} did not finish within 40 ms.`);
    expect(c).toMatchObject({ status: 'pass', message: 'quick' });
  });

  it('gives E_TIMEOUT to checks not started by the overall deadline', async () => {
    const started: string[] = [];
    const checks = [1, 2, 3].map(() => {
      const c: AnyCheck = fake(async () => {
        started.push(c.id);
        await sleep(150);
        return pass('done');
      });
      return c;
    });
    const results = await runChecks(checks, healthy(), options({ concurrency: 1, deadline: Date.now() + 60 }));
    expect(started).toEqual([checks[0]!.id]);
    expect(results[0]).toMatchObject({ status: 'error', error: { code: 'E_TIMEOUT' } });
    expect(results[0]!.message).toMatch(/^Stopped: the run reached its overall deadline/);
    for (const r of results.slice(1)) {
      expect(r).toMatchObject({ status: 'error', error: { code: 'E_TIMEOUT' } });
      expect(r.message).toMatch(/^Not started: the run reached its overall deadline/);
    }
  });

  it('skips a check whose prerequisite did not pass, naming the prerequisite', async () => {
    const prereq = fake(() => fail('broken', { text: 'fix it' }));
    const passing = fake(() => pass('fine'));
    let ran = false;
    const dependent = fake(() => ((ran = true), pass('x')), { dependsOn: [prereq.id, passing.id] });
    const results = await runChecks([prereq, passing, dependent], healthy(), options());
    expect(ran).toBe(false);
    expect(results[2]).toMatchObject({ status: 'skip', skipReason: 'prerequisite' });
    expect(results[2]!.message).toContain(`${prereq.id} (${prereq.title}) did not pass (fail)`);
  });

  it('runs a check whose prerequisites all passed, after them', async () => {
    const order: string[] = [];
    const prereq = fake(async () => (await sleep(30), order.push('prereq'), pass('ok')));
    const dependent = fake(() => (order.push('dependent'), pass('ran')), { dependsOn: [prereq.id] });
    const results = await runChecks([prereq, dependent], healthy(), options());
    expect(order).toEqual(['prereq', 'dependent']);
    expect(results[1]).toMatchObject({ status: 'pass', message: 'ran' });
  });

  it('ignores a prerequisite that was not selected, and one named only later in the list', async () => {
    const later = fake(() => fail('later', { text: 'x' }));
    const dependent = fake(() => pass('ran anyway'), { dependsOn: ['NDES-IIS-999', later.id] });
    const results = await runChecks([dependent, later], healthy(), options());
    expect(results[0]).toMatchObject({ status: 'pass', message: 'ran anyway' });
  });

  it('turns an exception in run() into E_INTERNAL and keeps running the others', async () => {
    const boom = fake(() => {
      throw new TypeError('cannot read properties of undefined');
    });
    const after = fake(() => pass('still ran'));
    const [a, b] = await runChecks([boom, after], healthy(), options());
    expect(a).toMatchObject({ status: 'error', error: { code: 'E_INTERNAL' } });
    expect(a!.message).toContain('cannot read properties of undefined');
    expect(a!.error!.stack).toContain('TypeError');
    expect(b).toMatchObject({ status: 'pass', message: 'still ran' });
  });

  it('runs real checks on facts parsed from the bundle, and reads each artifact once', async () => {
    const source = healthy();
    const reads: ArtifactId[] = [];
    const counting: ArtifactSource = { ...source, read: (id) => (reads.push(id), source.read(id)) };
    const results = await runChecks([maxFieldLength, maxRequestBytes, ieEscAdministrators], counting, options());
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['NDES-HSYS-001', 'pass'],
      ['NDES-HSYS-002', 'pass'],
      ['NDES-IE-001', 'pass'],
    ]);
    expect(reads.sort()).toEqual(['registry.http-parameters', 'registry.ie-esc-admins']);
    expect(results[0]!.docs).toBe('docs/checks/NDES-HSYS-001.md');
  });

  it('reads and parses the artifacts of one fact at a time, so a bundle is never held whole', async () => {
    const source = healthy();
    let reading = 0;
    let most = 0;
    const slow: ArtifactSource = {
      ...source,
      read: async (id) => {
        most = Math.max(most, ++reading);
        await sleep(20);
        reading--;
        return source.read(id);
      },
    };
    const results = await runChecks([maxFieldLength, ieEscAdministrators], slow, options());
    expect(results.map((r) => r.status)).toEqual(['pass', 'pass']);
    expect(most).toBe(1);
  });

  it('gives error, never pass, when the fact is missing from the bundle', async () => {
    const results = await runChecks([maxFieldLength, ieEscAdministrators], memoryBundle({}), options());
    expect(results).toHaveLength(2);
    for (const r of results) expect(r).toMatchObject({ status: 'error', error: { code: 'E_FACT_UNAVAILABLE' } });
    expect(results[0]!.message).toBe('Could not check: the bundle has no registry/http-parameters.reg or registry/http-parameters.txt');
  });

  it('gives error with the parser message and file when the fact is malformed', async () => {
    const source = memoryBundle({ 'registry/http-parameters.reg': fixture('garbage-value.reg'), 'registry/ie-esc-admins.reg': fixture('truncated-in-string.reg') });
    const [hsys, ie] = await runChecks([maxRequestBytes, ieEscAdministrators], source, options());
    expect(hsys).toMatchObject({ status: 'error', error: { code: 'E_FACT_MALFORMED' } });
    expect(hsys!.message).toMatch(/^Could not check: registry\/http-parameters\.reg: line 10: "dword:fffe0000fffe" for "MaxRequestBytes" has 12 hex digits, not 8/);
    expect(ie).toMatchObject({ status: 'error', error: { code: 'E_FACT_MALFORMED' } });
    expect(ie!.message).toContain('registry/ie-esc-admins.reg: line 6: unterminated string');
  });

  it('gives error when the file holds a different key than the artifact names', async () => {
    const source = memoryBundle({ 'registry/ie-esc-admins.reg': fixture('ie-esc-users-on.reg') });
    const [ie] = await runChecks([ieEscAdministrators], source, options());
    expect(ie).toMatchObject({ status: 'error', error: { code: 'E_FACT_MALFORMED' } });
    expect(ie!.message).toContain('does not contain the key');
  });

  it('reports a source that throws as unavailable data, not a crash', async () => {
    const broken: ArtifactSource = { ...healthy(), read: () => Promise.reject(new Error('disk on fire')) };
    const [r] = await runChecks([maxFieldLength], broken, options());
    expect(r).toMatchObject({ status: 'error', error: { code: 'E_FACT_UNAVAILABLE' }, message: 'Could not check: disk on fire' });
  });

  it('treats a --timeout beyond what a timer can hold as "no deadline", not as "now"', async () => {
    const [r] = await runChecks([fake(async () => (await sleep(20), pass('ran')))], healthy(), options({ deadline: Date.now() + 99_999_999_000, checkTimeoutMs: 99_999_999_000 }));
    expect(r).toMatchObject({ status: 'pass', message: 'ran' });
  });

  it('starts nothing when the deadline has already passed', async () => {
    let ran = false;
    const [r] = await runChecks([fake(() => ((ran = true), pass('x')))], healthy(), options({ deadline: Date.now() - 1 }));
    expect(ran).toBe(false);
    expect(r!.message).toMatch(/^Not started/);
  });

  it('reports each result through onResult as it finishes', async () => {
    const seen: string[] = [];
    const checks = [fake(async () => (await sleep(30), pass('a'))), fake(() => pass('b'))];
    await runChecks(checks, healthy(), options({ onResult: (r) => seen.push(r.message) }));
    expect(seen).toEqual(['b', 'a']);
  });
});

describe('given facts (the profile lint-profile supplies)', () => {
  const readsProfile = () =>
    fake(() => pass('read'), {
      requires: ['profile'],
      run: ({ profile }: { profile: { name: string } }) => pass(`profile ${profile.name}`),
    } as Partial<AnyCheck>);

  it('hands a given fact to the checks that require it, without reading any artifact', async () => {
    const reads: string[] = [];
    const source: ArtifactSource = { ...healthy(), read: async (id) => (reads.push(id), healthy().read(id)) };
    const [r] = await runChecks([readsProfile()], source, options({ given: { profile: { name: 'Contoso' } as never } }));
    expect(r).toMatchObject({ status: 'pass', message: 'profile Contoso' });
    expect(reads).toEqual([]);
  });

  it('without it, the check reports error saying where the profile checks run', async () => {
    const [r] = await runChecks([readsProfile()], healthy(), options());
    expect(r).toMatchObject({ status: 'error', error: { code: 'E_FACT_UNAVAILABLE' }, message: expect.stringMatching(/no SCEP profile was given: the NDES-PRF checks run with "ndes-doctor lint-profile/) });
  });
});

describe('interrupted runs', () => {
  it('keeps the results of checks that finished and ends the rest as E_INTERRUPTED, started or not', async () => {
    const controller = new AbortController();
    const quick = fake(async () => pass('done'));
    const slow = fake(() => new Promise(() => undefined));
    const waiting = fake(async () => pass('never started'));
    const run = runChecks([quick, slow, waiting], healthy(), options({ concurrency: 1, signal: controller.signal }));
    await sleep(50);
    controller.abort('SIGTERM');
    const [a, b, c] = await run;
    expect(a).toMatchObject({ status: 'pass', message: 'done' });
    expect(b).toMatchObject({ status: 'error', error: { code: 'E_INTERRUPTED' }, message: 'Stopped: the run was interrupted (SIGTERM) before this check finished.' });
    expect(c).toMatchObject({ status: 'error', error: { code: 'E_INTERRUPTED' }, message: 'Not run: the run was interrupted (SIGTERM) before this check finished.' });
  });

  it('a finished check stops listening for the interruption: the thousands of checks of a fleet leave none behind on the one signal', async () => {
    const controller = new AbortController();
    const checks = Array.from({ length: 20 }, (_, i) => fake(async () => pass(`done ${i}`)));
    const results = await runChecks(checks, healthy(), options({ signal: controller.signal }));
    expect(results.map((r) => r.status)).toEqual(checks.map(() => 'pass'));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('runs nothing when the signal came before the run started', async () => {
    const controller = new AbortController();
    controller.abort('SIGINT');
    let ran = false;
    const [r] = await runChecks([fake(async () => ((ran = true), pass('x')))], healthy(), options({ signal: controller.signal }));
    expect(ran).toBe(false);
    expect(r).toMatchObject({ status: 'error', error: { code: 'E_INTERRUPTED' } });
  });
});

describe('memory held by a run', () => {
  it('reads an artifact once for all the facts that need it, then lets it go', async () => {
    const source = healthy();
    const reads: string[] = [];
    const counting: ArtifactSource = { ...source, read: (id) => (reads.push(id), source.read(id)) };
    const results = await runChecks([maxFieldLength, maxRequestBytes], counting, options());
    expect(results.map((r) => r.status)).toEqual(['pass', 'pass']);
    expect(reads).toEqual(['registry.http-parameters']);
  });
});
