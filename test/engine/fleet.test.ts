import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import type { ArtifactSource } from '../../src/collect/bundle.js';
import { openBundleSource, planSources, type PlannedSource } from '../../src/collect/source.js';
import { analyseFleet } from '../../src/engine/fleet.js';
import type { ServerInput } from '../../src/report/model.js';

const serverChecks = CHECKS.filter((c) => !c.requires.includes('profile'));

/** A bundle server whose opening never finishes, as a share that stopped answering would. */
const neverOpens: PlannedSource = { mode: 'bundle', label: 'stuck.zip', open: () => new Promise<ArtifactSource>(() => undefined), nameOf: () => 'stuck' };

/** A bundle server that opens, then never answers a read: every check waits on it. */
const neverReads: PlannedSource = {
  mode: 'bundle',
  label: 'slow-share',
  open: async () => {
    const real = await openBundleSource('examples/healthy');
    return { manifest: { ...real.manifest, host: { ...real.manifest.host, name: 'SLOW' } }, origin: 'slow-share', read: () => new Promise(() => undefined) };
  },
  nameOf: (s) => s.manifest.host.name!,
};

describe('analyseFleet', () => {
  it('a server that never opens and one that never answers hold back neither the healthy server nor the end of the run', async () => {
    const [healthy] = await planSources({ bundle: ['examples/healthy'], timeout: 10 });
    const startedAt = new Date();
    const deadline = startedAt.getTime() + 5_000;
    const done: [string, number][] = [];
    const servers = await analyseFleet([neverOpens, neverReads, healthy!], () => serverChecks, { startedAt, concurrency: 8, checkTimeoutMs: 1_000, deadline }, (s) =>
      done.push([s.name, Date.now()]),
    );
    const ended = Date.now();
    expect(ended - deadline).toBeLessThan(2_000);
    // The healthy bundle came back first, before the deadline, whatever the others did.
    expect(done[0]![0]).toBe('NDES01');
    expect(done[0]![1]).toBeLessThan(deadline);
    const byName = new Map<string, ServerInput>(servers.map((s) => [s.name, s]));
    expect(servers.map((s) => s.name)).toEqual(['stuck.zip', 'SLOW', 'NDES01']);

    const ok = byName.get('NDES01')!;
    expect(ok.notStarted).toBeUndefined();
    expect(ok.results.length).toBe(serverChecks.length);
    expect(ok.results.filter((r) => r.status === 'fail' || r.status === 'error')).toEqual([]);

    expect(byName.get('stuck.zip')).toMatchObject({ results: [], notStarted: expect.stringMatching(/run deadline \(--timeout\)/) });
    const slow = byName.get('SLOW')!;
    expect(slow.results.length).toBe(serverChecks.length);
    expect(slow.results.every((r) => r.status === 'error' || r.status === 'skip')).toBe(true);
    expect(new Set(slow.results.filter((r) => r.status === 'error').map((r) => r.error?.code))).toEqual(new Set(['E_TIMEOUT']));
  }, 30_000);

  it('an interrupt (SIGINT) ends the wait for a server that never opens at once, long before the deadline', async () => {
    const interrupt = new AbortController();
    setTimeout(() => interrupt.abort('SIGINT'), 200);
    const startedAt = new Date();
    const servers = await analyseFleet([neverOpens], () => serverChecks, { startedAt, concurrency: 8, checkTimeoutMs: 1_000, deadline: startedAt.getTime() + 60_000, signal: interrupt.signal });
    expect(Date.now() - startedAt.getTime()).toBeLessThan(5_000);
    expect(servers).toMatchObject([{ name: 'stuck.zip', results: [], notStarted: 'Interrupted before this server was opened: nothing was checked on it.' }]);
  });

  it('reports a bundle that cannot be read with the reason, and still analyses the others', async () => {
    const plans = await planSources({ bundle: ['examples/healthy', 'no/such/bundle.zip'], timeout: 10 });
    const startedAt = new Date();
    const servers = await analyseFleet(plans, () => serverChecks, { startedAt, concurrency: 8, checkTimeoutMs: 5_000, deadline: startedAt.getTime() + 20_000 });
    expect(servers[0]).toMatchObject({ name: 'NDES01', mode: 'bundle', source: 'examples/healthy' });
    expect(servers[0]!.results.length).toBe(serverChecks.length);
    expect(servers[1]).toMatchObject({ name: 'no/such/bundle.zip', results: [], notStarted: expect.stringContaining('no/such/bundle.zip') });
  }, 30_000);

  it('tells two servers of one name apart by their source, and leaves unique names alone', async () => {
    const plans = await planSources({ bundle: ['examples/healthy', 'examples/healthy/', 'examples/broken'], timeout: 10 });
    const startedAt = new Date();
    const one = serverChecks.slice(0, 1);
    const servers = await analyseFleet(plans, () => one, { startedAt, concurrency: 8, checkTimeoutMs: 5_000, deadline: startedAt.getTime() + 20_000 });
    expect(servers.map((s) => s.name)).toEqual(['NDES01 (examples/healthy)', 'NDES01 (examples/healthy/)', 'NDES02']);
    const none = await analyseFleet(plans.slice(0, 1), () => [], { startedAt, concurrency: 8, checkTimeoutMs: 5_000, deadline: startedAt.getTime() + 20_000 });
    expect(none).toMatchObject([{ name: 'examples/healthy', results: [], notStarted: 'No selected check applies to this server.' }]);
  });
});
