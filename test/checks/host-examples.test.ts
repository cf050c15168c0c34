import { describe, expect, it } from 'vitest';
import { accountChecks } from '../../src/checks/account/index.js';
import { connectorChecks } from '../../src/checks/connector/index.js';
import { serverChecks } from '../../src/checks/server/index.js';
import { openBundle } from '../../src/collect/bundle.js';
import { runChecks } from '../../src/engine/runner.js';
import { ctx } from './host-facts.js';

const checks = [...serverChecks, ...connectorChecks, ...accountChecks];

async function statuses(example: string): Promise<Record<string, string>> {
  const source = await openBundle(new URL(`../../examples/${example}`, import.meta.url).pathname);
  const results = await runChecks(checks, source, { concurrency: 4, checkTimeoutMs: 10_000, deadline: Date.now() + 60_000, context: ctx });
  return Object.fromEntries(results.map((r) => [r.id, r.status]));
}

describe('server, connector and account checks on the example bundles', () => {
  it('all pass on examples/healthy', async () => {
    const s = await statuses('healthy');
    expect(Object.entries(s).filter(([, status]) => status !== 'pass')).toEqual([]);
  });

  it('show the intended failures on examples/broken', async () => {
    expect(await statuses('broken')).toEqual({
      'NDES-SRV-001': 'pass',
      'NDES-SRV-002': 'pass',
      'NDES-SRV-003': 'pass',
      'NDES-SRV-004': 'pass',
      'NDES-SRV-005': 'fail',
      'NDES-SRV-006': 'fail',
      'NDES-SRV-007': 'fail',
      'NDES-SRV-008': 'warn',
      'NDES-SRV-009': 'warn',
      'NDES-SRV-010': 'pass',
      'NDES-CON-001': 'fail',
      'NDES-CON-002': 'skip',
      'NDES-CON-003': 'skip',
      'NDES-CON-004': 'skip',
      'NDES-CON-005': 'skip',
      'NDES-CON-006': 'skip',
      'NDES-CON-007': 'skip',
      'NDES-ACCT-001': 'pass',
      'NDES-ACCT-002': 'fail',
      'NDES-ACCT-003': 'warn',
      'NDES-ACCT-004': 'pass',
      'NDES-ACCT-005': 'fail',
      'NDES-ACCT-006': 'fail',
      'NDES-ACCT-007': 'pass',
    });
  });
});
