import { describe, expect, test } from 'vitest';
import { endpointChecks } from '../../src/checks/endpoint/index.js';
import { bundleSource } from '../../src/collect/bundle.js';
import { runChecksPerTarget } from '../../src/engine/per-target.js';
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

  test('two targets: each check runs once per target, grouped per target', async () => {
    const t = (host: string) => ({ input: host, url: `http://${host}/certsrv/mscep/mscep.dll`, host, port: 80, startedAt: '', durationMs: 1, exchanges: [], notes: [] });
    const results = await analyse([t('a.test'), t('b.test')], NOW);
    expect(results).toHaveLength(endpointChecks.length * 2);
    expect(results.slice(0, endpointChecks.length).every((r) => r.target === 'http://a.test/certsrv/mscep/mscep.dll')).toBe(true);
    expect(results.slice(endpointChecks.length).every((r) => r.target === 'http://b.test/certsrv/mscep/mscep.dll')).toBe(true);
  });
});
