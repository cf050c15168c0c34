import { describe, expect, it } from 'vitest';
import check, { parseConnectionTime } from '../../../src/checks/connector/connector-last-connection.js';
import { ctx, factFrom, runCheck } from '../host-facts.js';

// Collected 2026-11-22T00:00Z on a server at UTC+1.
const serverSystem = factFrom('serverSystem', { 'server.system': 'powershell/system-2022-member.json' });
const run = (ref: string, context = ctx) => runCheck(check, { connectorSettings: factFrom('connectorSettings', { 'connector.registry': ref }), serverSystem }, context);

describe('NDES-CON-006 connector-last-connection', () => {
  it('passes for a connection 1.3 h before now (ISO 8601 value)', async () => {
    expect(await run('registry/microsoft-intune-healthy.reg')).toMatchObject({ status: 'pass', message: 'The connector last reached Intune 1.3 hours ago.' });
  });

  it('reads a German dd.MM.yyyy value as the server\'s local time (UTC+1)', async () => {
    expect(await run('registry/microsoft-intune-de-date.reg')).toMatchObject({ status: 'pass', evidence: { actual: expect.stringMatching(/^2026-11-21T22:41:07.000Z/) } });
  });

  it('judges a bundle as of its collection time, not the time it is analysed', async () => {
    const later = { ...ctx, now: new Date('2027-03-01T00:00:00Z') };
    expect((await run('registry/microsoft-intune-healthy.reg', later)).status).toBe('pass');
  });

  it('fails for an invariant-culture value two days old', async () => {
    const o = await run('registry/microsoft-intune-us-date.reg');
    expect(o).toMatchObject({ status: 'fail', evidence: { actual: expect.stringMatching(/^2026-11-19T21:05:33.000Z/) } });
  });

  it('fails when the connector never connected', async () => {
    expect(await run('registry/microsoft-intune-broken.reg')).toMatchObject({ status: 'fail', evidence: { actual: 'absent' } });
  });

  it('reports error, not a guess, for a date whose day/month order is ambiguous', async () => {
    expect(await run('registry/microsoft-intune-ambiguous-date.reg')).toMatchObject({ status: 'error', errorCode: 'E_FACT_MALFORMED' });
  });

  it('reads FILETIME numbers', () => {
    const filetime = (BigInt(ctx.now.getTime()) + 11_644_473_600_000n) * 10_000n;
    expect(parseConnectionTime({ name: 'LastConnectionTime', type: 'REG_QWORD', data: filetime })?.getTime()).toBe(ctx.now.getTime());
    expect(parseConnectionTime({ name: 'LastConnectionTime', type: 'REG_SZ', data: String(filetime) })?.getTime()).toBe(ctx.now.getTime());
  });
});
