import { describe, expect, it } from 'vitest';
import { logChecks } from '../../../src/checks/logs/index.js';
import { openBundle } from '../../../src/collect/bundle.js';
import { runChecks } from '../../../src/engine/runner.js';

// Example bundles are judged as of their collection time, as `check --bundle` does.
async function results(example: string) {
  const source = await openBundle(new URL(`../../../examples/${example}`, import.meta.url).pathname);
  const context = { now: new Date(source.manifest.collectedAt), options: {} };
  return runChecks(logChecks, source, { concurrency: 4, checkTimeoutMs: 20_000, deadline: Date.now() + 60_000, context });
}

describe('log checks on the example bundles', () => {
  it('all pass on examples/healthy, with the last issued certificate 2 h before collection', async () => {
    const r = await results('healthy');
    expect(r.filter((x) => x.status !== 'pass').map((x) => `${x.id} ${x.status}: ${x.message}`)).toEqual([]);
    expect(r.find((x) => x.id === 'NDES-LOG-002')?.message).toMatch(/^Last SCEP certificate issued 2 h ago/);
  });

  it('show on examples/broken the failures its configuration causes, each naming the configuration check', async () => {
    const r = await results('broken');
    expect(Object.fromEntries(r.map((x) => [x.id, x.status]))).toEqual({
      'NDES-LOG-001': 'pass',
      'NDES-LOG-002': 'warn', // every request was refused (IIS 404.15, CRP 20502) before Intune validated it
      'NDES-LOG-003': 'warn',
      'NDES-LOG-004': 'skip', // challenges are refused before any request reaches the CA
      'NDES-LOG-005': 'warn',
      'NDES-LOG-006': 'skip', // the legacy connector revoked nothing in the window
      'NDES-LOG-007': 'fail',
      'NDES-LOG-008': 'warn',
      'NDES-LOG-009': 'warn',
      'NDES-LOG-010': 'warn',
      'NDES-LOG-011': 'warn',
      'NDES-LOG-012': 'pass',
      'NDES-LOG-013': 'pass',
      'NDES-LOG-014': 'fail',
    });
    const corroborated = (id: string) => (r.find((x) => x.id === id)?.evidence?.details as { corroborates?: string[] } | undefined)?.corroborates;
    expect(corroborated('NDES-LOG-014')).toEqual(['NDES-HSYS-001', 'NDES-HSYS-002', 'NDES-IIS-004']);
    expect(corroborated('NDES-LOG-010')).toEqual(['NDES-IIS-002']);
    expect(corroborated('NDES-LOG-009')).toEqual(['NDES-IIS-005']);
    expect(corroborated('NDES-LOG-005')).toEqual(['NDES-TLS-010', 'NDES-NET-003', 'NDES-NET-005']);
  });
});
