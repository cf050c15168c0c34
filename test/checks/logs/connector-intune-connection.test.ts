import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/logs/connector-intune-connection.js';
import { absent, ctx, ev, events, hoursAgo, LEGACY } from './logs-fixtures.js';

async function run(o: { op?: string; legacy?: string; updater?: string }) {
  return check.run(
    {
      connectorAdminLog: await events('connectorAdminLog', o.op === undefined ? absent : ''),
      connectorOperationalLog: await events('connectorOperationalLog', o.op ?? absent),
      legacyConnectorLog: await events('legacyConnectorLog', o.legacy ?? absent),
      agentUpdaterLog: await events('agentUpdaterLog', o.updater ?? absent),
    } as never,
    ctx,
  );
}

describe('NDES-LOG-007 connector-intune-connection', () => {
  it('fails on a failed health upload and names the connection checks', async () => {
    const r = await run({ op: ev({ id: 5002, level: 2, time: hoursAgo(2) }) });
    expect(r.status).toBe('fail');
    expect(r.evidence?.details?.corroborates).toEqual(['NDES-CON-006', 'NDES-CON-005', 'NDES-SRV-007', 'NDES-SRV-008']);
  });

  it('does not name the network checks for 4010, a notification the connector could not write to disk', async () => {
    const r = await run({ op: ev({ id: 4010, level: 2, time: hoursAgo(2) }) });
    expect(r.status).toBe('fail');
    expect(r.evidence?.details?.corroborates).toBeUndefined();
    expect(r.message).toMatch(/4010 ScepNotifySaveToDiskFailed/);
  });

  it('only warns on a retried attempt', async () => {
    expect((await run({ op: ev({ id: 5001, level: 3, time: hoursAgo(2) }) })).status).toBe('warn');
  });

  it('fails on the legacy connector\'s renewal failure with its diagnostic code', async () => {
    const r = await run({ legacy: ev({ provider: LEGACY, id: 10102, level: 2, time: hoursAgo(2), data: [['Code', '0x00000405']] }) });
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/10102 CertificateRenewal_Failure \(0x00000405 Certificate_Expired\)/);
    expect(r.status !== 'pass' && r.status !== 'skip' && r.status !== 'error' && r.remediation.docs).toBe('https://learn.microsoft.com/troubleshoot/mem/intune/certificates/troubleshoot-certificate-connector-events');
  });

  it('warns on updater errors', async () => {
    const r = await run({ op: '', updater: ev({ provider: 'Microsoft-AzureADConnect-AgentUpdater', id: 100, level: 2, time: hoursAgo(2) }) });
    expect(r.status).toBe('warn');
    expect(r.evidence?.details?.corroborates).toEqual(['NDES-CON-002']);
  });

  it('counts updater events of level 1 and 2 only, not level 0 (LogAlways)', async () => {
    const updater = (level: number) => run({ op: ev({ id: 5000, time: hoursAgo(1) }), updater: ev({ provider: 'Microsoft-AzureADConnect-AgentUpdater', id: 100, level, time: hoursAgo(2) }) });
    expect((await updater(1)).status).toBe('warn');
    expect((await updater(0)).status).toBe('pass');
    expect((await updater(3)).status).toBe('pass');
  });

  it('skips, not passes, when the logs show no exchange with Intune at all; one health report is enough to judge', async () => {
    const received = ev({ id: 4003, time: hoursAgo(1) });
    expect(await run({ op: received })).toMatchObject({ status: 'skip', skipReason: 'no-data' });
    expect((await run({ op: received + ev({ id: 5000, time: hoursAgo(1) }) })).status).toBe('pass');
    expect((await run({ op: '', legacy: ev({ provider: LEGACY, id: 20400, time: hoursAgo(1) }) })).status).toBe('pass');
  });

  it('passes with the health reports, and skips without a connector', async () => {
    expect(await run({ op: ev({ id: 5000, time: hoursAgo(1) }) })).toMatchObject({ status: 'pass', message: expect.stringMatching(/1 health report/) });
    expect((await run({})).status).toBe('skip');
  });
});
