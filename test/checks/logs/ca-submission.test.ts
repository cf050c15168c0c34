import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/logs/ca-submission.js';
import { absent, ctx, ev, events, hoursAgo, missing, NDES, ok } from './logs-fixtures.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../fixtures/logs/${name}`, import.meta.url)));

async function run(app: string | ReturnType<typeof ok>, op: string | typeof absent = absent, admin: string | typeof absent = absent) {
  return check.run(
    {
      applicationLog: await events('applicationLog', app),
      connectorAdminLog: await events('connectorAdminLog', admin),
      connectorOperationalLog: await events('connectorOperationalLog', op),
      legacyConnectorLog: await events('legacyConnectorLog', absent),
    } as never,
    ctx,
  );
}

const event31 = (time: number, code: string, message: string) => ev({ provider: NDES, id: 31, level: 2, time, data: [['ErrorCode', code], ['ErrorMessage', message]] });

describe('NDES-LOG-004 ca-submission', () => {
  it('names 0x80094800 from event 31 with swapped fields and points at the template checks', async () => {
    const r = await run(ok(fixture('application-ndes-utf8.xml')));
    expect(r.status).toBe('warn'); // fixture events are from 2026-11-19 08:00
    expect(r.evidence?.codes).toEqual(expect.arrayContaining(['31', '0x80094800', '0x800706BA']));
    expect(r.evidence?.details?.corroborates).toEqual(['NDES-MSCEP-002', 'NDES-MSCEP-003', 'NDES-TPL-007']);
    expect(r.message).toMatch(/0x80094800 CERTSRV_E_UNSUPPORTED_CERT_TYPE/);
  });

  it('fails on a recent refusal and names the enroll-rights check for 0x80094012', async () => {
    const r = await run(event31(hoursAgo(1), 'The permissions on the certificate template do not allow the current user to enroll for this type of certificate.', '0x80004005'));
    expect(r.status).toBe('fail');
    expect(r.evidence?.details?.corroborates).toEqual(['NDES-TPL-008']);
  });

  it('reports a localized reason as written, under the generic code', async () => {
    const r = await run(event31(hoursAgo(1), 'Die angeforderte Zertifikatvorlage wird von dieser Zertifizierungsstelle nicht unterstützt.', '0x80004005'));
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/0x80004005 E_FAIL/);
    expect(r.message).toMatch(/Die angeforderte Zertifikatvorlage/);
  });

  it('reads the connector\'s 4007', async () => {
    const r = await run('', ev({ id: 4007, level: 2, time: hoursAgo(1), data: [['Error', '0x800706ba']] }));
    expect(r.status).toBe('fail');
    expect(r.evidence?.details?.corroborates).toEqual(['NDES-MSCEP-002']);
  });

  it('does not read a 4001 as a CA failure: with the Operational log it is any failed request, and the step event speaks', async () => {
    // A challenge Intune refused: 4005 in the Operational log, 4001 for the same request in the Admin log.
    const issued = ev({ id: 4006, time: hoursAgo(3) });
    const refused = await run('', issued + ev({ id: 4005, level: 2, time: hoursAgo(1), data: [['Message', 'Challenge expired']] }), ev({ id: 4001, level: 2, time: hoursAgo(1) }));
    expect(refused.status).toBe('pass');
    // Without the Operational log, 4001 is all there is: reported, but not as a CA failure.
    const alone = await run('', missing as never, ev({ id: 4001, level: 2, time: hoursAgo(1) }));
    expect(alone.status).toBe('warn');
    expect(alone.message).toMatch(/4001 ScepRequestIssuedFailure \(a SCEP request failed; the Operational log, which names the failing step, was not read\)/);
    // Nor when the Operational log was read but names no failing step (the channel disabled, or the event rolled out).
    const unnamed = await run('', issued + ev({ id: 5000, time: hoursAgo(2) }), ev({ id: 4001, level: 2, time: hoursAgo(1) }));
    expect(unnamed.status).toBe('warn');
    expect(unnamed.message).toMatch(/4001 ScepRequestIssuedFailure \(a SCEP request failed; the Operational log, which names the failing step, holds no 4005 or 4007\)/);
    const byTheCa = await run('', issued + ev({ id: 4007, level: 2, time: hoursAgo(1), data: [['Error', '0x800706ba']] }), ev({ id: 4001, level: 2, time: hoursAgo(1) }));
    expect(byTheCa.message).not.toMatch(/4001/);
  });

  it('passes on issued certificates without failures, and skips when no request reached the CA at all', async () => {
    const started = ev({ provider: NDES, id: 1, time: hoursAgo(1) });
    expect((await run(started, ev({ id: 4006, time: hoursAgo(1) }))).status).toBe('pass');
    expect((await run(started, '', ev({ id: 4000, time: hoursAgo(1) }))).status).toBe('pass');
    // Challenges refused before the CA (4005), or nothing at all: nothing shows how the CA answers.
    expect(await run(started, ev({ id: 4003, time: hoursAgo(1) }) + ev({ id: 4005, level: 2, time: hoursAgo(1) }))).toMatchObject({ status: 'skip', skipReason: 'no-data' });
  });

  it('reports an error when the Application log could not be read', async () => {
    expect(await run(missing as never)).toMatchObject({ status: 'error' });
  });
});
