import { describe, expect, it } from 'vitest';
import { iisChecks } from '../../../src/checks/iis/index.js';
import { bundleSource } from '../../../src/collect/bundle.js';
import { runChecks } from '../../../src/engine/runner.js';
import { fixture } from '../../facts/iis-fixtures.js';
import { ctx } from '../fixture-facts.js';
import { facts, run, HEALTHY } from './iis-fixture-facts.js';

describe('IIS checks', () => {
  it('are registered in report order with unique ids of the IIS prefix', () => {
    expect(iisChecks.map((c) => c.id)).toEqual(['NDES-IIS-001', 'NDES-IIS-002', 'NDES-IIS-003', 'NDES-IIS-004', 'NDES-IIS-005', 'NDES-IIS-006']);
    expect(iisChecks.every((c) => c.area === 'iis')).toBe(true);
  });

  it('all pass on the hardened configuration', () => {
    const f = facts(HEALTHY);
    expect(iisChecks.map((c) => [c.id, run(c, f).status])).toEqual(iisChecks.map((c) => [c.id, 'pass']));
  });
});

describe('IIS checks through the runner', () => {
  const manifest = { bundleVersion: 1, tool: { name: 'test', version: '0' }, collectedAt: '', host: {}, artifacts: {} };
  const runAll = (apphost: string) =>
    runChecks(
      iisChecks,
      bundleSource(
        'test',
        {
          ...manifest,
          artifacts: Object.fromEntries(
            (['iis.webconfig-site', 'iis.webconfig-certsrv', 'iis.webconfig-mscep'] as const).map((id) => [id, { status: 'not-found' as const }]),
          ),
        },
        new Map([
          ['iis/applicationHost.config', fixture(apphost)],
          ['iis/apppools.xml', fixture('apppools.started.xml')],
        ]),
      ),
      { concurrency: 2, checkTimeoutMs: 10_000, deadline: Date.now() + 60_000, context: ctx },
    );

  it('a DOCTYPE in applicationHost.config gives every IIS check an error that says why, not a crash', async () => {
    const results = await runAll('applicationHost.doctype.config');
    expect(results.map((r) => r.status)).toEqual(iisChecks.map(() => 'error'));
    for (const r of results) {
      expect(r.error?.code).toBe('E_FACT_MALFORMED');
      expect(r.message).toMatch(/iis\/applicationHost\.config: .*DOCTYPE or ENTITY declaration/);
    }
  });

  it('a truncated applicationHost.config names the line where it breaks', async () => {
    const results = await runAll('applicationHost.truncated.config');
    expect(results.map((r) => r.status)).toEqual(iisChecks.map(() => 'error'));
    for (const r of results) expect(r.message, r.id).toMatch(/not well-formed XML \(line \d+/);
  });
});
