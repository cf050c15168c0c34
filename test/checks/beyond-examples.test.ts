import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caChecks } from '../../src/checks/ca/index.js';
import { intuneChecks } from '../../src/checks/intune/index.js';
import { mscepChecks } from '../../src/checks/mscep/index.js';
import { revocationChecks } from '../../src/checks/revocation/index.js';
import { openBundle } from '../../src/collect/bundle.js';
import { runChecks } from '../../src/engine/runner.js';
import { ctx } from './host-facts.js';

// The CA and revocation checks depend on NDES-MSCEP-002/003, so the MSCEP checks run with them.
const checks = [...mscepChecks, ...revocationChecks, ...caChecks, ...intuneChecks];
const NEW = /^NDES-(REV|CA|INT)-|^NDES-MSCEP-00[45]$/;

async function results(example: string) {
  const source = await openBundle(example.startsWith('/') ? example : new URL(`../../examples/${example}`, import.meta.url).pathname);
  const all = await runChecks(checks, source, { concurrency: 4, checkTimeoutMs: 10_000, deadline: Date.now() + 60_000, context: ctx });
  return all.filter((r) => NEW.test(r.id));
}

describe('RA key, revocation, CA and Intune checks on the example bundles', () => {
  it('all pass on examples/healthy', async () => {
    const r = await results('healthy');
    expect(r).toHaveLength(13);
    expect(r.filter((x) => x.status !== 'pass').map((x) => `${x.id} ${x.status}: ${x.message}`)).toEqual([]);
  });

  it('show an unreadable RA key, an offline CRL and TLS inspection on examples/broken', async () => {
    const r = await results('broken');
    expect(Object.fromEntries(r.map((x) => [x.id, x.status]))).toEqual({
      'NDES-MSCEP-004': 'fail',
      'NDES-MSCEP-005': 'pass',
      'NDES-REV-001': 'fail',
      'NDES-REV-002': 'pass',
      // NDES names no CA in the broken example (NDES-MSCEP-002 fails), so nothing about the CA can be judged.
      'NDES-REV-003': 'skip',
      'NDES-CA-001': 'skip',
      'NDES-CA-002': 'skip',
      'NDES-CA-003': 'skip',
      'NDES-CA-004': 'skip',
      'NDES-CA-005': 'skip',
      'NDES-INT-001': 'pass',
      'NDES-INT-002': 'fail',
      'NDES-INT-003': 'pass',
    });
    expect(r.find((x) => x.id === 'NDES-REV-001')?.message).toMatch(/revocation could not be checked.*unreachable: http:\/\/pki\.contoso\.com/);
  });

  it('warn NDES-CA-005 on the healthy server once its CA keeps only the default permissions (only the CA\'s own Administrators could hold the right)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ndes-doctor-ca-security-'));
    try {
      cpSync(new URL('../../examples/healthy', import.meta.url).pathname, dir, { recursive: true });
      copyFileSync(new URL('../fixtures/ca-security/default.json', import.meta.url).pathname, join(dir, 'ca/security.json'));
      const r = await results(dir);
      expect(r.filter((x) => x.status !== 'pass').map((x) => `${x.id} ${x.status}`)).toEqual(['NDES-CA-005 warn']);
      expect(r.find((x) => x.id === 'NDES-CA-005')?.message).toMatch(
        /^The computer account NDES01\$ \(PkiRevokeConnectorSvc runs as LocalSystem\) does not hold Issue and Manage Certificates .*only Administrators \(S-1-5-32-544\), a local group of the CA server, could give it/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
