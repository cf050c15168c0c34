import { describe, expect, it } from 'vitest';
import revocationRights from '../../../src/checks/ca/revocation-rights.js';
import connectorInstalled from '../../../src/checks/connector/connector-installed.js';
import { connectorChecks } from '../../../src/checks/connector/index.js';
import type { AnyCheck } from '../../../src/engine/check.js';
import { bundleSource } from '../../../src/collect/bundle.js';
import type { Manifest } from '../../../src/collect/manifest.js';
import { runChecks } from '../../../src/engine/runner.js';
import { ctx, readFixture } from '../host-facts.js';

const manifest: Manifest = {
  bundleVersion: 1,
  tool: { name: 'ndes-doctor', version: 'test' },
  collectedAt: '2026-11-20T09:00:00.000Z',
  host: { name: 'NDES-TEST', oemCodePage: 437 },
  artifacts: {},
};

/**
 * The checks run as `check` runs them, on a server whose connector services are stopped or stuck
 * starting, which revokes as SYSTEM on a CA that lets the NDES computer account do so.
 */
async function run(uninstall: string, uninstallWow64: string, checks: readonly AnyCheck[] = connectorChecks) {
  const files = new Map([
    ['registry/uninstall.reg', readFixture(`registry/${uninstall}`)],
    ['registry/uninstall-wow64.reg', readFixture(`registry/${uninstallWow64}`)],
    ['connector/services.json', readFixture('powershell/services-start-pending.json')],
    ['registry/microsoft-intune.reg', readFixture('registry/microsoft-intune-healthy.reg')],
    ['connector/service-logons.json', readFixture('powershell/service-logons-system.json')],
    ['account/ad-accounts.json', readFixture('ad-accounts/healthy.json')],
    ['ca/security.json', readFixture('ca-security/ndes-computer.json')],
  ]);
  const results = await runChecks(checks, bundleSource('memory', manifest, files), { concurrency: 2, checkTimeoutMs: 5_000, deadline: Date.now() + 30_000, context: ctx });
  return Object.fromEntries(results.map((r) => [r.id, r]));
}

describe('the connector checks beside a retired connector left installed', () => {
  it('still judge the current connector: its stopped services and old version are reported, and the leftover still fails NDES-CON-001', async () => {
    const r = await run('uninstall-legacy.reg', 'uninstall-wow64-current-old.reg');
    expect(r['NDES-CON-001']).toMatchObject({ status: 'fail', message: expect.stringContaining('Uninstall it; the current connector is installed beside it.') });
    expect(r['NDES-CON-003']).toMatchObject({
      status: 'fail',
      message: 'Connector service(s) not running: PkiCreateConnectorSvc (StartPending), PFXCertificateConnectorSvc (Stopped).',
    });
    expect(r['NDES-CON-002']).toMatchObject({ status: 'warn', evidence: { actual: '6.2406.0.1001' } });
  });

  it('have nothing to judge when only the retired connector is installed', async () => {
    const r = await run('uninstall-legacy.reg', 'uninstall-wow64-none.reg');
    expect(r['NDES-CON-001']).toMatchObject({ status: 'fail', message: expect.stringContaining('Migrate to the Certificate Connector for Microsoft Intune.') });
    for (const id of ['NDES-CON-002', 'NDES-CON-003']) {
      expect(r[id]).toMatchObject({ status: 'skip', skipReason: 'not-applicable', message: expect.stringContaining('is not installed') });
    }
  });

  it('judge the current connector alone as before', async () => {
    const r = await run('uninstall-current.reg', 'uninstall-wow64-none.reg');
    expect(r['NDES-CON-001']).toMatchObject({ status: 'pass' });
    expect(r['NDES-CON-003']).toMatchObject({ status: 'fail', message: expect.stringContaining('PkiCreateConnectorSvc (StartPending)') });
  });

  it('let NDES-CA-005 judge the revoking account beside the leftover, and skip it without the current connector', async () => {
    const beside = await run('uninstall-legacy.reg', 'uninstall-wow64-current-old.reg', [connectorInstalled, revocationRights]);
    expect(beside['NDES-CA-005']).toMatchObject({ status: 'pass', message: expect.stringContaining('holds Issue and Manage Certificates') });
    const alone = await run('uninstall-legacy.reg', 'uninstall-wow64-none.reg', [connectorInstalled, revocationRights]);
    expect(alone['NDES-CA-005']).toMatchObject({ status: 'skip', skipReason: 'not-applicable' });
  });
});
