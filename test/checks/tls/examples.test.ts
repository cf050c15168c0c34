import { describe, expect, it } from 'vitest';
import { tlsChecks } from '../../../src/checks/tls/index.js';
import { openBundle } from '../../../src/collect/bundle.js';
import { runChecks, type RunOptions } from '../../../src/engine/runner.js';

const options = (now: string, externalName?: string): RunOptions => ({
  concurrency: 4,
  checkTimeoutMs: 10_000,
  deadline: Date.now() + 120_000,
  context: { now: new Date(now), options: { externalName } },
});
const example = (name: string) => new URL(`../../../examples/${name}`, import.meta.url).pathname;
const notPassing = (results: { id: string; status: string; message: string }[]) =>
  results.filter((r) => r.status !== 'pass').map((r) => `${r.id} ${r.status}: ${r.message}`);

describe('TLS checks on the example bundles', () => {
  it('all pass on examples/healthy, with its external name, and still do in mid-2027', async () => {
    const source = await openBundle(example('healthy'));
    expect(notPassing(await runChecks(tlsChecks, source, options('2026-11-22T00:00:00Z', 'ndes.contoso.com')))).toEqual([]);
    expect(notPassing(await runChecks(tlsChecks, source, options('2027-06-01T00:00:00Z')))).toEqual([]);
  });

  it('show the certificate problems on examples/broken', async () => {
    const results = await runChecks(tlsChecks, await openBundle(example('broken')), options('2026-11-22T00:00:00Z'));
    expect(Object.fromEntries(results.map((r) => [r.id, r.status]))).toEqual({
      'NDES-TLS-001': 'fail', // the site lost its https binding
      'NDES-TLS-002': 'pass', // ... but 0.0.0.0:443 still names a certificate with its key
      'NDES-TLS-003': 'pass',
      'NDES-TLS-004': 'warn', // 18 days left
      'NDES-TLS-005': 'fail', // CN=NDES02, no SAN
      'NDES-TLS-006': 'warn', // SHA-1
      'NDES-TLS-007': 'pass', // 2 years
      'NDES-TLS-010': 'fail', // signing RA expired 2026-10-01, encryption RA 23 days left
      'NDES-TLS-011': 'warn', // issuing CA in Root
      'NDES-TLS-012': 'skip', // no new connector on this server
    });
  });
});
