import { describe, expect, it } from 'vitest';
import check, { readConnectionTime } from '../../../src/checks/connector/connector-last-connection.js';
import type { ConnectorSettingsFact } from '../../../src/facts/connector.js';
import type { RegistryValue } from '../../../src/parse/registry.js';
import { ctx, currentConnector, factFrom, runCheck } from '../host-facts.js';

const NOW = ctx.now.getTime();
const FILETIME = (BigInt(NOW) + 11_644_473_600_000n) * 10_000n;
const sz = (data: string): RegistryValue => ({ name: 'LastConnectionTime', type: 'REG_SZ', data });
const enGb = factFrom('serverSystem', { 'server.system': 'powershell/system-2022-en-gb.json' });
const old = factFrom('serverSystem', { 'server.system': 'powershell/system-2022-member.json' });

describe('readConnectionTime: each form a connector build writes', () => {
  it('a FILETIME as REG_QWORD, as 8 bytes of REG_BINARY (little-endian), or as 17 or 18 digits of text, is UTC', () => {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigUint64(0, FILETIME, true);
    expect(readConnectionTime({ name: 'LastConnectionTime', type: 'REG_QWORD', data: FILETIME }, {})).toEqual({ status: 'ok', at: new Date(NOW), readAs: 'FILETIME (REG_QWORD)', local: false });
    expect(readConnectionTime({ name: 'LastConnectionTime', type: 'REG_BINARY', data: bytes }, {})).toEqual({ status: 'ok', at: new Date(NOW), readAs: 'FILETIME (8-byte REG_BINARY)', local: false });
    expect(readConnectionTime(sz(` ${FILETIME} `), { utcOffsetMinutes: 60 })).toEqual({ status: 'ok', at: new Date(NOW), readAs: 'FILETIME number', local: false });
    expect(readConnectionTime(sz(String(FILETIME / 10n)), {})).toEqual({ status: 'ok', at: new Date(Number(FILETIME / 100_000n - 11_644_473_600_000n)), readAs: 'FILETIME number', local: false });
  });

  it('other binary lengths, other types, and digits around other text hold no date', () => {
    expect(readConnectionTime({ name: 'LastConnectionTime', type: 'REG_BINARY', data: new Uint8Array(7) }, {})).toEqual({ status: 'error', reason: 'it has type REG_BINARY, which holds no date' });
    expect(readConnectionTime({ name: 'LastConnectionTime', type: 'REG_DWORD', data: 1 }, {})).toEqual({ status: 'error', reason: 'it has type REG_DWORD, which holds no date' });
    expect(readConnectionTime(sz(`x${FILETIME}`), {}).status).toBe('error');
    expect(readConnectionTime(sz(`${FILETIME}x`), {}).status).toBe('error');
    expect(readConnectionTime(sz('1234567890123456'), {}).status).toBe('error');
  });

  it('ISO 8601 with a zone is UTC, with a T or a space; without a zone it is not taken as ISO', () => {
    expect(readConnectionTime(sz('2026-11-21T22:41:07Z'), { utcOffsetMinutes: 60 })).toEqual({ status: 'ok', at: new Date('2026-11-21T22:41:07Z'), readAs: 'ISO 8601 with zone', local: false });
    expect(readConnectionTime(sz('2026-11-21 23:41:07.5+01:00'), {})).toMatchObject({ at: new Date('2026-11-21T22:41:07.500Z'), local: false });
    expect(readConnectionTime(sz('2026-11-21T23:41+0100'), {})).toMatchObject({ readAs: 'ISO 8601 with zone' });
    expect(readConnectionTime(sz('x2026-11-21T22:41:07Z'), {}).status).toBe('error');
    expect(readConnectionTime(sz('2026-11-21T22:41:07Zx'), {}).status).toBe('error');
    expect(readConnectionTime(sz('2026-11-21T22:41:07'), { utcOffsetMinutes: 60 })).toMatchObject({ local: true, at: new Date('2026-11-21T21:41:07Z') });
    expect(readConnectionTime(sz('2026-13-45T22:41:07Z'), {}).status).toBe('error');
  });

  it('says why text cannot be read, with and without the recorded formats', () => {
    expect(readConnectionTime(sz('05/11/2026 10:00:00'), {})).toEqual({
      status: 'error',
      reason: expect.stringMatching(/, and this bundle does not record the server's date format \(an older ndes-doctor collected it\); collect it again with this version$/),
    });
    expect(readConnectionTime(sz('yesterday'), {})).toEqual({
      status: 'error',
      reason: "it is not a date form ndes-doctor can read without the server's date format, which this bundle does not record",
    });
    const recorded = readConnectionTime(sz('yesterday'), enGb);
    expect(recorded.status === 'error' && recorded.reason).toMatch(/^it fits none of the recorded date formats \(en-GB of the collecting account \(dd\/MM\/yyyy HH:mm:ss\); en-GB of LocalSystem/);
  });
});

describe('NDES-CON-006: the words for each state', () => {
  const base = factFrom('connectorSettings', { 'connector.registry': 'registry/microsoft-intune-en-gb-date.reg' });
  const withTime = (v: RegistryValue, system = enGb) => runCheck(check, { connectorInstall: currentConnector, connectorSettings: { ...base, lastConnectionTime: v } as ConnectorSettingsFact, serverSystem: system });

  it('passes in hours, with what it read and how', async () => {
    expect(await withTime(sz('2026-11-21T22:41:07Z'))).toMatchSnapshot();
  });

  it('warns after a day, in days, with the fix', async () => {
    expect(await withTime(sz('2026-11-18T22:41:07Z'))).toMatchSnapshot();
  });

  it('errors on a value it cannot read, and on a local time too near the limit without the UTC offset', async () => {
    expect(await withTime(sz('yesterday'))).toMatchSnapshot();
    expect(await withTime(sz('21.11.2026 01:00:00'), { ...old, utcOffsetMinutes: undefined })).toMatchSnapshot();
  });

  it('warns without any recorded connection', async () => {
    expect(await runCheck(check, { connectorInstall: currentConnector, connectorSettings: { ...base, lastConnectionTime: undefined } as ConnectorSettingsFact, serverSystem: enGb })).toMatchSnapshot();
  });
});
