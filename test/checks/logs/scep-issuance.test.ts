import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/logs/scep-issuance.js';
import { absent, ctx, ev, events, HOUR, hoursAgo, iis, IIS_HEADER, LEGACY, missing, scep } from './logs-fixtures.js';

async function run(o: { admin?: string; op?: string; legacy?: string; iisLog?: string }) {
  return check.run(
    {
      connectorAdminLog: await events('connectorAdminLog', o.admin ?? absent),
      connectorOperationalLog: await events('connectorOperationalLog', o.op ?? absent),
      legacyConnectorLog: await events('legacyConnectorLog', o.legacy ?? absent),
      iisLog: await iis(IIS_HEADER + (o.iisLog ?? '')),
    } as never,
    ctx,
  );
}

describe('NDES-LOG-002 scep-issuance', () => {
  it('passes with the time of the last issued certificate', async () => {
    const r = await run({ op: ev({ id: 4003, time: hoursAgo(2.1) }) + ev({ id: 4006, time: hoursAgo(2) }) + ev({ id: 4006, time: hoursAgo(30) }) });
    expect(r.status).toBe('pass');
    expect(r.message).toBe('Last SCEP certificate issued 2 h ago (2026-11-20 10:00 UTC); 2 issued in the logs.');
  });

  it('fails when requests pass Intune validation and no certificate is issued', async () => {
    const r = await run({ op: ev({ id: 4003, time: hoursAgo(1) }) + ev({ id: 4004, time: hoursAgo(1) }), iisLog: scep(hoursAgo(1), 'PKIOperation', 200) });
    expect(r.status).toBe('fail');
    expect(r.message).toBe('1 SCEP request(s) passed Intune validation (last 2026-11-20 11:00 UTC), but no certificate was issued in the logs: no connector event 4006/4000 or legacy 20600.');
  });

  it('only warns, naming them, when the requests that got no certificate were all refused by Intune (a device no longer targeted, a challenge over an hour old)', async () => {
    const r = await run({ op: ev({ id: 4003, time: hoursAgo(1) }) + ev({ id: 4005, level: 2, time: hoursAgo(1) }), iisLog: scep(hoursAgo(1), 'PKIOperation', 403) });
    expect(r.status).toBe('warn');
    expect(r.message).toMatch(/^1 SCEP request\(s\) reached this server \(last 2026-11-20 11:00 UTC\) and no certificate was issued in the logs, but none is shown to have passed Intune validation/);
    expect(r.message).toMatch(/The logs show: 4003 ScepRequestReceived ×1, 2026-11-20 11:00 UTC \| 4005 ScepVerifyFailure ×1, 2026-11-20 11:00 UTC \| PKIOperation answered 403 ×1, last 2026-11-20 11:00 UTC\./);
    expect(r.status === 'warn' && r.remediation.text).toMatch(/no longer targeted by the SCEP profile or with a challenge older than an hour/);
  });

  it('counts a certificate once though both connector channels log it (4006 Operational, 4000 Admin), and a request once though IIS logs it too', async () => {
    const both = (t: number) => ({ op: ev({ id: 4003, time: t - 1000 }) + ev({ id: 4006, time: t }), admin: ev({ id: 4000, time: t }), iisLog: scep(t - 2000, 'PKIOperation', 200) });
    const one = await run(both(hoursAgo(2)));
    expect(one.message).toBe('Last SCEP certificate issued 2 h ago (2026-11-20 10:00 UTC); 1 issued in the logs.');
    // The Admin log keeps more history than the Operational one: its count is the one that holds.
    const r = await run({ op: ev({ id: 4006, time: hoursAgo(2) }), admin: ev({ id: 4000, time: hoursAgo(2) }) + ev({ id: 4000, time: hoursAgo(40) }) });
    expect(r.message).toMatch(/; 2 issued in the logs\.$/);
  });

  it('fails when issuance stopped more than 24 hours before the last validated request, not at 24 hours', async () => {
    const issued = ev({ id: 4006, time: hoursAgo(30) });
    const request = (t: number) => ev({ id: 4003, time: t }) + ev({ id: 4004, time: t });
    const late = await run({ op: issued + request(hoursAgo(30) + 24 * HOUR + 1000) });
    expect(late.status).toBe('fail');
    expect(late.message).toMatch(/but requests that passed Intune validation kept arriving until 2026-11-20 06:00 UTC: issuance stopped/);
    const edge = await run({ op: issued + request(hoursAgo(30) + 24 * HOUR) });
    expect(edge.status).toBe('pass');
  });

  it('only warns when a healthy server sees one device retry a refused request a day after the last issuance', async () => {
    const issued = ev({ id: 4003, time: hoursAgo(48) }) + ev({ id: 4004, time: hoursAgo(48) }) + ev({ id: 4006, time: hoursAgo(48) });
    const retries = ev({ id: 4003, time: hoursAgo(2) }) + ev({ id: 4005, level: 2, time: hoursAgo(2), data: [['Message', 'The challenge has expired']] });
    const r = await run({ op: issued + retries, iisLog: scep(hoursAgo(48), 'PKIOperation', 200) + scep(hoursAgo(2), 'PKIOperation', 403) });
    expect(r.status).toBe('warn');
    expect(r.message).toMatch(/^The last SCEP certificate was issued 2 d ago \(2026-11-18 12:00 UTC\); requests kept arriving until 2026-11-20 10:00 UTC, but none of those more than 24 hours after it is shown to have passed Intune validation/);
    // Only what came after the issuance is named: the 200 of the issued request is not.
    expect(r.message).toMatch(/The logs show: 4003 ScepRequestReceived ×2, 2026-11-18 12:00 UTC to 2026-11-20 10:00 UTC \| 4005 ScepVerifyFailure ×1 \(challenge-expired\), 2026-11-20 10:00 UTC \| PKIOperation answered 403 ×1, last 2026-11-20 10:00 UTC\./);
    // IIS lines alone, whatever their status, show no validation either.
    const iisOnly = await run({ op: issued, iisLog: scep(hoursAgo(2), 'PKIOperation', 200) });
    expect(iisOnly.status).toBe('warn');
  });

  it('counts the legacy connector: 20600 is an issued certificate, 20500 a validated request, 20502 a refused one', async () => {
    expect((await run({ legacy: ev({ provider: LEGACY, id: 20600, time: hoursAgo(5) }) })).status).toBe('pass');
    expect((await run({ legacy: ev({ provider: LEGACY, id: 20500, time: hoursAgo(5) }) })).status).toBe('fail');
    const refused = await run({ legacy: ev({ provider: LEGACY, id: 20502, level: 2, time: hoursAgo(5), data: [['DiagnosticCode', '0x00000409']] }) });
    expect(refused.status).toBe('warn');
    expect(refused.message).toMatch(/The logs show: 20502 CRPVerifyMetric_Failure ×1 \(0x00000409\), 2026-11-20 07:00 UTC\./);
  });

  it('has nothing to judge without requests or issuance, and is not applicable without a connector log', async () => {
    expect(await run({ op: ev({ id: 5000, time: hoursAgo(1) }) })).toMatchObject({ status: 'skip', skipReason: 'no-data' });
    expect(await run({ iisLog: scep(hoursAgo(1), 'PKIOperation', 200) })).toMatchObject({ status: 'skip', skipReason: 'not-applicable' });
  });
});

describe('NDES-LOG-002 with a connector log that could not be read', () => {
  it('reports an error, not "nothing issued", when requests arrive but the issuance log is unreadable', async () => {
    const r = await check.run(
      {
        connectorAdminLog: await events('connectorAdminLog', missing),
        connectorOperationalLog: await events('connectorOperationalLog', missing),
        legacyConnectorLog: await events('legacyConnectorLog', absent),
        iisLog: await iis(IIS_HEADER + scep(hoursAgo(1), 'PKIOperation', 200)),
      } as never,
      ctx,
    );
    expect(r).toMatchObject({ status: 'error', message: expect.stringMatching(/^Could not check whether certificates are issued/) });
  });

  it('still passes on the issuance a readable log shows', async () => {
    const r = await check.run(
      {
        connectorAdminLog: await events('connectorAdminLog', missing),
        connectorOperationalLog: await events('connectorOperationalLog', ev({ id: 4006, time: hoursAgo(1) })),
        legacyConnectorLog: await events('legacyConnectorLog', absent),
        iisLog: await iis(IIS_HEADER),
      } as never,
      ctx,
    );
    expect(r.status).toBe('pass');
  });
});
