import { describe, expect, it } from 'vitest';
import check, { readConnectionTime } from '../../../src/checks/connector/connector-last-connection.js';
import type { ConnectorSettingsFact } from '../../../src/facts/connector.js';
import { ctx, currentConnector, factFrom, runCheck } from '../host-facts.js';

// Collected 2026-11-22T00:00Z on a server at UTC+1 (local 01:00 on 22 November).
// system-2022-member.json comes from an older collector that recorded no date formats; the other two
// record the collecting account's and LocalSystem's (en-GB on both, or en-US with a 24-hour clock for the admin on an en-GB system).
const systems = {
  old: factFrom('serverSystem', { 'server.system': 'powershell/system-2022-member.json' }),
  enGb: factFrom('serverSystem', { 'server.system': 'powershell/system-2022-en-gb.json' }),
  mixed: factFrom('serverSystem', { 'server.system': 'powershell/system-2022-mixed-cultures.json' }),
};
const settings = (ref: string) => factFrom('connectorSettings', { 'connector.registry': ref });
const run = (ref: string, system: keyof typeof systems = 'old', context = ctx) =>
  runCheck(check, { connectorInstall: currentConnector, connectorSettings: settings(ref), serverSystem: systems[system] }, context);
/** The en-GB connector fixture with another LastConnectionTime string, as the connector would write it. */
const withTime = (text: string, system: keyof typeof systems = 'enGb') => {
  const base = settings('registry/microsoft-intune-en-gb-date.reg');
  const connectorSettings: ConnectorSettingsFact = { ...base, lastConnectionTime: { name: 'LastConnectionTime', type: 'REG_SZ', data: text } };
  return runCheck(check, { connectorInstall: currentConnector, connectorSettings, serverSystem: systems[system] });
};

describe('NDES-CON-006 connector-last-connection', () => {
  it('leaves a connector that was never configured (no settings key) to NDES-CON-004, and warns when only the time is missing', async () => {
    // microsoft-intune-legacy.reg holds only the retired NDESConnector key, as on a server where the current
    // connector was installed but its configuration wizard never finished.
    expect(await run('registry/microsoft-intune-legacy.reg')).toMatchObject({
      status: 'skip',
      message: 'The connector has never been configured (no PFXCertificateConnector settings key; see NDES-CON-004), so it has no connection to report.',
    });
    const configured = settings('registry/microsoft-intune-en-gb-date.reg');
    const o = await runCheck(check, { connectorInstall: currentConnector, connectorSettings: { ...configured, lastConnectionTime: undefined }, serverSystem: systems.enGb });
    expect(o).toMatchObject({ status: 'warn', message: 'The connector has no LastConnectionTime: it has not recorded a connection to Intune since it was configured.' });
  });

  it('records the date formats at collection', () => {
    expect(systems.enGb.dateFormats?.map((f) => `${f.account} ${f.name} ${f.shortDatePattern} ${f.longTimePattern}`)).toEqual([
      'collector en-GB dd/MM/yyyy HH:mm:ss',
      'system en-GB dd/MM/yyyy HH:mm:ss',
    ]);
    expect(systems.old.dateFormats).toBeUndefined();
  });

  it('reads an en-GB "21/11/2026 23:41:07" on an en-GB server as 21 November, local time (reg export by Wine reg.exe)', async () => {
    const o = await run('registry/microsoft-intune-en-gb-date.reg', 'enGb');
    expect(o.status).toBe('pass');
    expect(o.evidence?.actual).toMatch(/^2026-11-21T22:41:07\.000Z \(1\.3 h before collection\), read from "21\/11\/2026 23:41:07" REG_SZ as en-GB of the collecting account \(dd\/MM\/yyyy HH:mm:ss\) and en-GB of LocalSystem/);
  });

  it('reads an en-GB "05/11/2026" as 5 November, not 11 May', async () => {
    const o = await run('registry/microsoft-intune-en-gb-ambiguous.reg', 'enGb');
    expect(o.status).toBe('warn');
    expect(o.evidence?.actual).toMatch(/^2026-11-05T09:00:00\.000Z/);
  });

  it('a contact time after the collection time is an error, never a pass', async () => {
    const o = await run('registry/microsoft-intune-en-gb-future.reg', 'enGb');
    expect(o).toMatchObject({ status: 'error', errorCode: 'E_FACT_MALFORMED' });
    expect(o.message).toMatch(/read as 2026-11-23T09:00:00\.000Z, is 33\.0 h after the collection time 2026-11-22T00:00:00\.000Z/);
  });

  it('allows the few minutes between reading the clock and exporting the registry, and no more', async () => {
    // Collection at local 01:00:00; the window is 5 minutes.
    expect((await withTime('22/11/2026 01:05:00')).status).toBe('pass');
    expect((await withTime('22/11/2026 01:05:01')).status).toBe('error');
  });

  it('passes at exactly 24 hours and warns one second later', async () => {
    expect((await withTime('21/11/2026 01:00:00')).status).toBe('pass');
    const o = await withTime('21/11/2026 00:59:59');
    expect(o.status).toBe('warn');
    expect(o.message).toMatch(/^The connector last reached Intune 1 day\(s\) before collection/);
  });

  it('when the admin\'s and LocalSystem\'s formats read the value differently, it is an error naming both readings', async () => {
    const o = await run('registry/microsoft-intune-en-gb-ambiguous.reg', 'mixed');
    expect(o).toMatchObject({ status: 'error', errorCode: 'E_FACT_MALFORMED' });
    expect(o.message).toMatch(/en-US of the collecting account \(M\/d\/yyyy HH:mm:ss\) reads 2026-05-11T09:00:00\.000Z; en-GB of LocalSystem \(dd\/MM\/yyyy HH:mm:ss\) reads 2026-11-05T09:00:00\.000Z/);
  });

  it('when both formats agree on a value, it is read (day above 12)', async () => {
    expect((await run('registry/microsoft-intune-en-gb-date.reg', 'mixed')).status).toBe('pass');
  });

  it('without a recorded UTC offset, a local time within 14 hours of the 24-hour limit is an error, beyond it a verdict', async () => {
    const noOffset = { ...systems.enGb, utcOffsetMinutes: undefined };
    const at = async (text: string) => {
      const connectorSettings: ConnectorSettingsFact = { ...settings('registry/microsoft-intune-en-gb-date.reg'), lastConnectionTime: { name: 'LastConnectionTime', type: 'REG_SZ', data: text } };
      return (await runCheck(check, { connectorInstall: currentConnector, connectorSettings, serverSystem: noOffset })).status;
    };
    // Collected 2026-11-22T00:00Z; without the offset the local text is read as UTC.
    expect(await at('21/11/2026 14:00:00')).toBe('pass'); // 10 h: at most 24 h old
    expect(await at('21/11/2026 13:59:59')).toBe('error'); // just over 10 h: could be over 24 h
    expect(await at('20/11/2026 10:00:00')).toBe('error'); // 38 h: could be 24 h
    expect(await at('20/11/2026 09:59:59')).toBe('warn'); // just over 38 h: over 24 h whatever the offset
  });

  describe('bundles from a collector that recorded no date formats', () => {
    it('an ambiguous "05/11/2026" is an error that says why', async () => {
      const o = await run('registry/microsoft-intune-en-gb-ambiguous.reg', 'old');
      expect(o).toMatchObject({ status: 'error', errorCode: 'E_FACT_MALFORMED' });
      expect(o.message).toMatch(/"05\/11\/2026 10:00:00" is 5 November in day\/month order .* but May 11 in month\/day order \(en-US\), and this bundle does not record the server's date format/);
    });

    it('an unambiguous "21/11/2026 23:41:07" still parses', async () => {
      const o = await run('registry/microsoft-intune-en-gb-date.reg', 'old');
      expect(o.status).toBe('pass');
      expect(o.evidence?.actual).toMatch(/as day\/month\/year \(the first number is above 12\), unambiguous in every culture/);
    });

    it('reads a German dd.MM.yyyy value as the server\'s local time (UTC+1)', async () => {
      expect(await run('registry/microsoft-intune-de-date.reg')).toMatchObject({ status: 'pass', evidence: { actual: expect.stringMatching(/^2026-11-21T22:41:07.000Z/) } });
    });

    it('an en-US value whose second number is above 12 is unambiguous and two days old', async () => {
      const o = await run('registry/microsoft-intune-us-date.reg');
      expect(o).toMatchObject({ status: 'warn', evidence: { actual: expect.stringMatching(/^2026-11-19T21:05:33.000Z/) } });
    });

    it('a two-digit-year date is an error, not a guess', async () => {
      expect(await run('registry/microsoft-intune-ambiguous-date.reg')).toMatchObject({ status: 'error', errorCode: 'E_FACT_MALFORMED' });
    });
  });

  it('passes for a connection 1.3 h before collection (ISO 8601 value) and judges a bundle as of its collection time', async () => {
    expect(await run('registry/microsoft-intune-healthy.reg')).toMatchObject({ status: 'pass', message: 'The connector last reached Intune 1.3 hours before collection.' });
    expect((await run('registry/microsoft-intune-healthy.reg', 'old', { ...ctx, now: new Date('2027-03-01T00:00:00Z') })).status).toBe('pass');
  });

  it('warns when the connector never recorded a connection', async () => {
    expect(await run('registry/microsoft-intune-broken.reg')).toMatchObject({ status: 'warn', evidence: { actual: 'absent' } });
  });

  it('reads FILETIME numbers', () => {
    const filetime = (BigInt(ctx.now.getTime()) + 11_644_473_600_000n) * 10_000n;
    const at = (r: ReturnType<typeof readConnectionTime>) => (r.status === 'ok' ? r.at.getTime() : r.reason);
    expect(at(readConnectionTime({ name: 'LastConnectionTime', type: 'REG_QWORD', data: filetime }, {}))).toBe(ctx.now.getTime());
    expect(at(readConnectionTime({ name: 'LastConnectionTime', type: 'REG_SZ', data: String(filetime) }, {}))).toBe(ctx.now.getTime());
  });
});
