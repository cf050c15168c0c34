import { describe, expect, test } from 'vitest';
import { endpointChecks } from '../../src/checks/endpoint/index.js';
import { bundleSource } from '../../src/collect/bundle.js';
import type { TargetRecording } from '../../src/collect/network/recording.js';
import { runChecksPerTarget, type ProbingSource } from '../../src/engine/per-target.js';
import type { Result } from '../../src/engine/types.js';
import { analyse } from '../helpers/network/run.js';

// Pinned: the results must not depend on the day the suite runs.
const NOW = new Date('2026-11-22T00:00:00Z');
const manifest = { bundleVersion: 1, tool: { name: 't', version: '0' }, collectedAt: '', host: {}, artifacts: {} };
const opts = { concurrency: 2, checkTimeoutMs: 5_000, deadline: Date.now() + 60_000, context: { now: NOW, options: {} } };

describe('endpoint checks and recordings', () => {
  test('a bundle without recordings: every endpoint check is skipped with a reason, none is an error', async () => {
    const results = await runChecksPerTarget(endpointChecks, bundleSource('b', manifest, new Map()), opts);
    expect(results).toHaveLength(endpointChecks.length);
    for (const r of results) {
      expect(r.status).toBe('skip');
      expect(r.message).toMatch(/network\/probes\.json.*--url/);
      expect(r.target).toBeUndefined();
    }
  });

  test('a malformed recording: error naming the file, not a crash', async () => {
    const files = new Map([['network/probes.json', new TextEncoder().encode('{"format":"ndes-doctor-probes","version":1,"targets":[{"url":"x"}]}')]]);
    const results = await runChecksPerTarget(endpointChecks, bundleSource('b', manifest, files), opts);
    expect(results).toHaveLength(endpointChecks.length);
    for (const r of results) {
      expect(r.status).toBe('error');
      expect(r.message).toMatch(/network\/probes\.json: target 1 has no url or host/);
    }
  });

  const recording = (host: string): TargetRecording => ({ input: host, url: `http://${host}/certsrv/mscep/mscep.dll`, host, port: 80, startedAt: '', durationMs: 1, exchanges: [], notes: [] });
  const probing = (targets: { url: string; recording: Promise<TargetRecording> }[]): ProbingSource => ({
    ...bundleSource('probes', manifest, new Map()),
    probing: targets,
  });

  test('probes still running: a finished target is analysed while another is still being probed', async () => {
    let finishSlow!: (t: TargetRecording) => void;
    const slow = new Promise<TargetRecording>((resolve) => (finishSlow = resolve));
    const seen: Result[] = [];
    const run = runChecksPerTarget(endpointChecks, probing([
      { url: 'http://slow.test/certsrv/mscep/mscep.dll', recording: slow },
      { url: 'http://fast.test/certsrv/mscep/mscep.dll', recording: Promise.resolve(recording('fast.test')) },
    ]), { ...opts, onResult: (r) => seen.push(r) });
    // Only the fast target has a recording yet, so these are its checks.
    await expect.poll(() => seen.length).toBe(endpointChecks.length);
    finishSlow(recording('slow.test'));
    const results = await run;
    // The report keeps input order, whichever target finished first.
    expect(results.map((r) => r.target)).toEqual([
      ...endpointChecks.map(() => 'http://slow.test/certsrv/mscep/mscep.dll'),
      ...endpointChecks.map(() => 'http://fast.test/certsrv/mscep/mscep.dll'),
    ]);
    expect(results.slice(0, endpointChecks.length).map((r) => r.status)).toEqual(results.slice(endpointChecks.length).map((r) => r.status));
  });

  test("a probe that failed outright: its target's checks are errors or skips saying why, the other target is judged", async () => {
    const failed = Promise.reject(new Error('forge cannot encrypt to an EC key'));
    failed.catch(() => undefined);
    const results = await runChecksPerTarget(endpointChecks, probing([
      { url: 'http://broken.test/certsrv/mscep/mscep.dll', recording: failed },
      { url: 'http://ok.test/certsrv/mscep/mscep.dll', recording: Promise.resolve(recording('ok.test')) },
    ]), opts);
    const broken = results.filter((r) => r.target === 'http://broken.test/certsrv/mscep/mscep.dll');
    expect(broken).toHaveLength(endpointChecks.length);
    for (const r of broken) {
      expect(r.status).not.toBe('pass');
      expect(r.status).not.toBe('fail');
      expect(r.message).toMatch(/the probe stopped: forge cannot encrypt to an EC key/);
    }
    expect(results.filter((r) => r.target === 'http://ok.test/certsrv/mscep/mscep.dll')).toHaveLength(endpointChecks.length);
  });

  test('two targets: each check runs once per target, grouped per target', async () => {
    const t = (host: string) => ({ input: host, url: `http://${host}/certsrv/mscep/mscep.dll`, host, port: 80, startedAt: '', durationMs: 1, exchanges: [], notes: [] });
    const results = await analyse([t('a.test'), t('b.test')], NOW);
    expect(results).toHaveLength(endpointChecks.length * 2);
    expect(results.slice(0, endpointChecks.length).every((r) => r.target === 'http://a.test/certsrv/mscep/mscep.dll')).toBe(true);
    expect(results.slice(endpointChecks.length).every((r) => r.target === 'http://b.test/certsrv/mscep/mscep.dll')).toBe(true);
  });
});
