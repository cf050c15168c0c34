import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/logs/revocation.js';
import { absent, ctx, ev, events, hoursAgo, LEGACY } from './logs-fixtures.js';

const run = async (op: string | typeof absent, legacy: string | typeof absent = absent, admin = '') =>
  check.run(
    {
      connectorAdminLog: await events('connectorAdminLog', op === absent ? absent : admin),
      connectorOperationalLog: await events('connectorOperationalLog', op),
      legacyConnectorLog: await events('legacyConnectorLog', legacy),
    } as never,
    ctx,
  );

describe('NDES-LOG-006 revocation', () => {
  it('fails on a revocation failure, warns on a retried attempt only', async () => {
    expect((await run(ev({ id: 3051, level: 2, time: hoursAgo(1) }))).status).toBe('fail');
    expect((await run(ev({ id: 3052, level: 3, time: hoursAgo(1) }))).status).toBe('warn');
  });

  it('reads 3001 as Microsoft describes it, a failed download of revocation requests from Intune, and names the link checks', async () => {
    const r = await run('', absent, ev({ id: 3001, level: 2, time: hoursAgo(1) }));
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/3001 RevokeRequestFailure: Revocation requests could not be downloaded from Intune/);
    expect(r.status === 'fail' && r.remediation.text).toMatch(/reaches https:\/\/manage\.microsoft\.com/);
    expect(r.evidence?.details?.corroborates).toEqual(['NDES-CON-006', 'NDES-CON-005', 'NDES-SRV-007', 'NDES-SRV-008']);
    // A revocation the CA refused is not a link problem.
    expect((await run(ev({ id: 3051, level: 2, time: hoursAgo(1) }))).evidence?.details?.corroborates).toBeUndefined();
  });

  it('gives the fix of the legacy diagnostic code: the account may not revoke', async () => {
    const r = await run(absent, ev({ provider: LEGACY, id: 20202, level: 2, time: hoursAgo(1), data: [['Code', '0x00000402'], ['CAName', 'CA01\\Contoso CA']] }));
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/0x00000402 RevokeCert_AccessDenied/);
    expect(r.status !== 'pass' && r.status !== 'skip' && r.status !== 'error' && r.remediation.text).toMatch(/permission to revoke/);
  });

  it('passes with the revoked count and skips without a connector', async () => {
    expect(await run(ev({ id: 3050, time: hoursAgo(1) }))).toMatchObject({ status: 'pass', message: expect.stringMatching(/1 certificate\(s\) revoked/) });
    expect((await run(absent)).status).toBe('skip');
  });

  it('skips, not passes, when the connector logs hold no revocation event of any kind: nothing to judge', async () => {
    const scepOnly = ev({ id: 4003, time: hoursAgo(1) }) + ev({ id: 4006, time: hoursAgo(1) });
    expect(await run(scepOnly, '')).toMatchObject({ status: 'skip', skipReason: 'no-data', message: expect.stringMatching(/^No revocation event in the connector logs of the window/) });
    // A download of revocation requests that found nothing to revoke shows revocation runs; so does a legacy revocation.
    expect(await run(scepOnly, '', ev({ id: 3000, time: hoursAgo(1) }))).toMatchObject({ status: 'pass', message: 'No revocation failure in the connector logs; 1 revocation event(s).' });
    expect((await run(absent, ev({ provider: LEGACY, id: 20200, time: hoursAgo(1) }))).status).toBe('pass');
  });
});
