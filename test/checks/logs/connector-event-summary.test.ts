import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/logs/connector-event-summary.js';
import { absent, ctx, ev, events, hoursAgo, LEGACY, missing, NOW } from './logs-fixtures.js';

const run = async (admin: string | typeof absent, operational: string | typeof absent = absent, legacy: string | typeof absent = absent) =>
  check.run(
    {
      connectorAdminLog: await events('connectorAdminLog', admin),
      connectorOperationalLog: await events('connectorOperationalLog', operational),
      legacyConnectorLog: await events('legacyConnectorLog', legacy),
    } as never,
    ctx,
  );

describe('NDES-LOG-001 connector-event-summary', () => {
  it('is not applicable when no connector event log exists, and leaves whether a connector is installed to NDES-CON-001', async () => {
    // A missing channel does not prove the connector is absent: the uninstall registry, which NDES-CON-001 reads, says that.
    expect(await run(absent)).toMatchObject({
      status: 'skip',
      skipReason: 'not-applicable',
      message:
        'No connector event log exists on this server, neither that of the Certificate Connector for Microsoft Intune nor that of the legacy Microsoft Intune Connector (NDES-CON-001 says whether a connector is installed).',
    });
  });

  it('passes with the inventory when the only failures are explained by other checks', async () => {
    const op = ev({ id: 4003, time: hoursAgo(1) }) + ev({ id: 4005, level: 2, time: hoursAgo(1), data: [['E', 'x']] }) + ev({ id: 4006, time: hoursAgo(2) });
    const r = await run(ev({ id: 4000, time: hoursAgo(1) }), op);
    expect(r.status).toBe('pass');
    expect(r.message).toMatch(/1 failure event\(s\) explained by NDES-LOG-003/);
    expect(r.evidence?.actual).toBe('4000 ScrepRequestSuccess ×1; 4003 ScepRequestReceived ×1; 4005 ScepVerifyFailure ×1; 4006 ScepIssuedSuccess ×1');
  });

  it('fails on an unexplained failure within 24 hours, naming it from the knowledge base', async () => {
    const r = await run(ev({ id: 1001, level: 2, time: NOW.getTime() - 24 * 3_600_000, data: [['Error', 'CA unreachable']] }));
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/1001 PkcsRequestFailure ×1.*latest: Error=CA unreachable.*A PKCS certificate request failed/);
    expect(r.evidence?.codes).toEqual(['1001']);
  });

  it('warns when the unexplained failures are all older than 24 hours', async () => {
    const r = await run(ev({ id: 1001, level: 2, time: NOW.getTime() - 24 * 3_600_000 - 1 }));
    expect(r.status).toBe('warn');
    expect(r.message).toMatch(/The latest was 24 h ago/);
  });

  it('judges IDs the catalogue does not know by their level: error fails, warning warns, information passes', async () => {
    expect((await run(ev({ id: 9999, level: 2, time: hoursAgo(1) }))).status).toBe('fail');
    expect((await run(ev({ id: 9999, level: 3, time: hoursAgo(1) }))).status).toBe('warn');
    expect((await run(ev({ id: 9999, level: 4, time: hoursAgo(1) }))).status).toBe('pass');
  });

  it('does not count a legacy service stop (10020, Microsoft: "Connector service stopped") as a failure: the level decides', async () => {
    const stop = (level: number) => run(absent, absent, ev({ provider: LEGACY, id: 10020, level, time: hoursAgo(1), data: [['Code', '0x00000000']] }));
    expect((await stop(4)).status).toBe('pass');
    expect((await stop(0)).status).toBe('pass');
    expect((await stop(3)).status).toBe('warn');
    expect((await stop(2)).status).toBe('fail');
  });

  it('reads the legacy connector log with the legacy catalogue', async () => {
    const r = await run(absent, absent, ev({ provider: LEGACY, id: 20102, level: 2, time: hoursAgo(3), data: [['Code', '0x00000400']] }));
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/20102 PkcsCertIssue_Failure/);
  });

  it('reports an error when a log could not be read and nothing else was found, and fails when another log shows a failure', async () => {
    expect(await run(missing as never, absent)).toMatchObject({ status: 'error', errorCode: 'E_FACT_UNAVAILABLE' });
    const r = await run(missing as never, ev({ id: 1052, level: 2, time: hoursAgo(1) }));
    expect(r.status).toBe('fail');
    expect(r.evidence?.details?.unreadable).toEqual(['Microsoft-Intune-CertificateConnectors/Admin: the bundle has no logs/x']);
  });
});
