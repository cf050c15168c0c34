import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mscepChecks } from '../../../src/checks/mscep/index.js';
import { templateChecks } from '../../../src/checks/template/index.js';
import { bundleSource, openBundle } from '../../../src/collect/bundle.js';
import { runChecks, type RunOptions } from '../../../src/engine/runner.js';

const checks = [...mscepChecks, ...templateChecks];
const options: RunOptions = {
  concurrency: 4,
  checkTimeoutMs: 10_000,
  deadline: Date.now() + 120_000,
  context: { now: new Date('2026-11-22T00:00:00Z'), options: {} },
};
const statuses = (results: { id: string; status: string }[]) => Object.fromEntries(results.map((r) => [r.id, r.status]));
const example = (name: string) => new URL(`../../../examples/${name}`, import.meta.url).pathname;

describe('MSCEP and template checks on the example bundles', () => {
  it('all pass on examples/healthy', async () => {
    const results = await runChecks(checks, await openBundle(example('healthy')), options);
    expect(results.filter((r) => r.status !== 'pass').map((r) => `${r.id} ${r.status}: ${r.message}`)).toEqual([]);
  });

  it('show the template failures on examples/broken', async () => {
    const results = await runChecks(checks, await openBundle(example('broken')), options);
    expect(statuses(results)).toEqual({
      'NDES-MSCEP-001': 'pass',
      'NDES-MSCEP-002': 'fail',
      'NDES-MSCEP-003': 'pass',
      'NDES-MSCEP-004': 'fail',
      'NDES-MSCEP-005': 'pass',
      'NDES-TPL-001': 'pass',
      'NDES-TPL-002': 'fail',
      'NDES-TPL-003': 'fail',
      'NDES-TPL-004': 'warn',
      'NDES-TPL-005': 'fail',
      'NDES-TPL-006': 'warn',
      'NDES-TPL-007': 'fail',
      'NDES-TPL-008': 'fail',
    });
  });

  it('skips every template check when the registry still holds the default', async () => {
    const file = (p: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/${p}`, import.meta.url)));
    const source = bundleSource(
      'memory',
      { bundleVersion: 1, tool: { name: 'ndes-doctor', version: 'test' }, collectedAt: '', host: { oemCodePage: 437 }, artifacts: {} },
      new Map([
        ['registry/mscep.reg', file('registry/mscep-default.reg')],
        ['certutil/dstemplate.txt', file('certutil/dstemplate-en.txt')],
        ['certutil/catemplates.txt', file('certutil/catemplates-en.txt')],
      ]),
    );
    const results = await runChecks(checks, source, options);
    expect(results[0]).toMatchObject({ id: 'NDES-MSCEP-001', status: 'fail' });
    expect(results[2]).toMatchObject({ id: 'NDES-MSCEP-003', status: 'skip', skipReason: 'not-applicable' });
    expect(results.length).toBeGreaterThan(3);
    // NDES-MSCEP-004 reads RA key files, not templates.
    for (const r of results.slice(3).filter((x) => x.id !== 'NDES-MSCEP-004')) expect(r, r.id).toMatchObject({ status: 'skip', skipReason: 'prerequisite' });
  });
});
