import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { absent, events, ev, httpErr, iis, IIS_HEADER, LEGACY, missing, NDES, ok, scep, textLog, withoutField } from '../checks/logs/logs-fixtures.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/logs/${name}`, import.meta.url)));

describe('log facts: absent, unreadable and malformed logs', () => {
  it('a log that does not exist is absent (an answer), one that was not collected is unreadable (an error)', async () => {
    expect(await events('connectorAdminLog', absent)).toEqual({ state: 'absent', source: 'logs/x', reason: 'the channel does not exist' });
    expect(await iis(missing)).toEqual({ state: 'unreadable', errorCode: 'E_FACT_UNAVAILABLE', reason: 'the bundle has no logs/x' });
  });

  it('a file that is not an event export is malformed; an empty one holds no events', async () => {
    expect(await events('systemLog', ok(fixture('not-events.xml'), 'logs/events/system.xml'))).toMatchObject({ state: 'unreadable', errorCode: 'E_FACT_MALFORMED' });
    const empty = await events('systemLog', ok(''));
    expect(empty.state === 'read' && empty.digest.events).toBe(0);
  });

  it('a truncated export is read up to its last complete event and says it was cut', async () => {
    const f = await events('applicationLog', ok(fixture('truncated.xml')));
    expect(f.state === 'read' && [f.digest.events, f.digest.truncated]).toEqual([2, true]);
    const cutFirst = await events('applicationLog', ok(ev({ provider: NDES, id: 2, time: 0 }).slice(0, 120)));
    expect(cutFirst).toMatchObject({ state: 'unreadable', errorCode: 'E_FACT_MALFORMED' });
  });

  it('a W3C log without a #Fields header, or in UTF-16, is malformed', async () => {
    expect(await iis(scep('2026-11-20T09:00:00Z', 'GetCACaps', 200))).toMatchObject({ state: 'unreadable', errorCode: 'E_FACT_MALFORMED' });
    expect(await iis(ok(new Uint8Array(Buffer.from(IIS_HEADER + scep(0, 'GetCACaps', 200), 'utf16le'))))).toMatchObject({ state: 'unreadable' });
    expect(await httpErr('')).toMatchObject({ state: 'read', digest: { records: 0 } });
  });
});

describe('event digests', () => {
  it('groups NDES event 31 by the HRESULT, from either data field and from the CA\'s English text', async () => {
    const f = await events('applicationLog', ok(fixture('application-ndes-utf8.xml')));
    if (f.state !== 'read') throw new Error(f.reason);
    expect(f.digest.groups.map((g) => [g.provider, g.eventId, g.detail, g.count])).toEqual([
      ['Application Error', 1000, 'w3wp.exe', 1],
      [NDES, 10, '0x80070057', 1],
      [NDES, 31, '0x800706BA', 1],
      [NDES, 31, '0x80094800', 1],
    ]);
    expect(f.digest.groups[3]!.latest.codes).toEqual(['0x80004005']);
  });

  it('reads the same details from a German RenderedXml export: the localized message changes nothing', async () => {
    const f = await events('applicationLog', ok(fixture('application-rendered-de.xml')));
    if (f.state !== 'read') throw new Error(f.reason);
    expect(f.digest.groups.map((g) => [g.eventId, g.detail])).toEqual([
      [10, '0x80070057'],
      [31, '0x80094800'],
    ]);
    expect(f.digest.groups[1]!.latest.message).toMatch(/^Der Registrierungsdienst/);
  });

  it('names the service of a Service Control Manager event from its binary data, else its first parameter', async () => {
    const binary = Buffer.from('NDESConnectorSvc/1\0', 'utf16le').toString('hex');
    const xml =
      ev({ provider: 'Service Control Manager', id: 7034, level: 2, time: '2026-11-19T00:00:00Z', data: [['param1', 'Intune-Connectordienst'], ['param2', '1']], binary }) +
      ev({ provider: 'Service Control Manager', id: 7031, level: 2, time: '2026-11-19T00:00:00Z', data: [['param1', 'World Wide Web Publishing Service']] });
    const f = await events('systemLog', xml);
    expect(f.state === 'read' && f.digest.groups.map((g) => g.detail).sort()).toEqual(['NDESConnectorSvc', 'World Wide Web Publishing Service']);
  });

  it('keeps CertEnroll failures for an NDES RA template apart, by its name or display name, from other templates\' with the same error', async () => {
    const enroll = (template: string) =>
      ev({ provider: 'Microsoft-Windows-CertificateServicesClient-CertEnroll', id: 13, level: 2, time: '2026-11-19T00:00:00Z', data: ['Local system', template, 'N/A', 'ca01\\CA', '0x800706ba'] });
    const f = await events('applicationLog', enroll('Machine') + enroll('CEP Encryption') + enroll('EnrollmentAgentOffline') + enroll('WebServer'));
    expect(f.state === 'read' && f.digest.groups.map((g) => [g.detail, g.count])).toEqual([
      ['0x800706BA', 2],
      ['CEPEncryption', 1],
      ['EnrollmentAgentOffline', 1],
    ]);
  });

  it('groups legacy connector events by diagnostic code, and keeps count, first, last and the latest data', async () => {
    const xml = [1, 3, 2]
      .map((d) => ev({ provider: LEGACY, id: 20502, level: 2, time: `2026-11-1${d}T08:00:00Z`, data: [['DeviceId', `d${d}`], ['Code', '0x00000409']] }))
      .join('') + ev({ provider: LEGACY, id: 20502, level: 2, time: '2026-11-15T08:00:00Z', data: [['Code', '0x00000410']] });
    const f = await events('legacyConnectorLog', xml);
    if (f.state !== 'read') throw new Error(f.reason);
    const g409 = f.digest.groups.find((g) => g.detail === '0x00000409')!;
    expect([g409.count, new Date(g409.firstMs).toISOString(), new Date(g409.lastMs).toISOString()]).toEqual([3, '2026-11-11T08:00:00.000Z', '2026-11-13T08:00:00.000Z']);
    expect(g409.latest.data[0]).toEqual({ name: 'DeviceId', value: 'd3' });
    expect(f.digest.groups.find((g) => g.detail === '0x00000410')?.count).toBe(1);
  });

  it('stays the same size however many events of the same kinds it reads', async () => {
    const block = ev({ id: 4003, time: '2026-11-19T08:00:00Z' }) + ev({ id: 4005, level: 2, time: '2026-11-19T08:00:01Z', data: [['E', 'challenge expired']] });
    const small = await events('connectorOperationalLog', block.repeat(10));
    const large = await events('connectorOperationalLog', block.repeat(20_000));
    if (small.state !== 'read' || large.state !== 'read') throw new Error('not read');
    expect(large.digest.events).toBe(40_000);
    expect(large.digest.groups.length).toBe(small.digest.groups.length);
    expect(JSON.stringify(large.digest).length).toBeLessThan(JSON.stringify(small.digest).length + 64);
  });
});

describe('IIS and HTTPERR digests', () => {
  it('counts SCEP requests by operation, status and win32 status, and platforms by user agent', async () => {
    const text =
      IIS_HEADER +
      scep('2026-11-20T08:00:00Z', 'GetCACaps', 200) +
      scep('2026-11-20T08:00:01Z', 'GetCACert', 500, 0, 1346, 31, 'profiled/1.0+CFNetwork/811.5.4+Darwin/16.6.0') +
      scep('2026-11-20T08:00:02Z', 'PKIOperation', 404, 15, 0, 3, 'Dalvik/2.1.0+(Linux;+U;+Android+14)') +
      scep('2026-11-20T08:00:03Z', undefined, 403, 0, 0, 2, 'Mozilla/5.0', '/certsrv/mscep/mscep.dll') +
      scep('2026-11-20T08:00:04Z', undefined, 200, 0, 0, 2, 'Wget', '/certsrv/mscep_admin/') +
      scep('2026-11-20T08:00:05Z', undefined, 201, 0, 0, 341, 'NDES_Plugin', '/CertificateRegistrationSvc/Certificate/VerifyRequest');
    const f = await iis(text);
    if (f.state !== 'read') throw new Error(f.reason);
    expect(f.digest.records).toBe(6);
    expect(f.digest.scepRequests).toBe(5);
    expect(f.digest.rows.map((r) => `${r.operation} ${r.status}.${r.substatus} ${r.win32}`).sort()).toEqual([
      '(none) 403.0 0',
      'CRP VerifyRequest 201.0 0',
      'GetCACaps 200.0 0',
      'GetCACert 500.0 1346',
      'PKIOperation 404.15 0',
    ]);
    expect(f.digest.platforms).toEqual({
      windows: { requests: 1, failures: 0 },
      apple: { requests: 1, failures: 1 },
      android: { requests: 1, failures: 1 },
      other: { requests: 1, failures: 0 },
      'policy-module': { requests: 1, failures: 0 },
    });
  });

  it('gives a request to mscep.dll no operation when its #Fields header has no cs-uri-query, rather than reading it as the bare URL', async () => {
    const noQuery = IIS_HEADER.replace(' cs-uri-query', '');
    // The same request under each header: without the field, the line has one value fewer.
    const line = scep('2026-11-20T08:00:00Z', 'PKIOperation', 200);
    const f = await iis(noQuery + line.replace(' operation=PKIOperation&message=x', '') + IIS_HEADER + line + scep('2026-11-20T08:00:01Z', undefined, 403, 0, 0, 2, 'Mozilla/5.0', '/certsrv/mscep/mscep.dll'));
    if (f.state !== 'read') throw new Error(f.reason);
    expect(f.digest.rows.map((r) => `${r.operation} ${r.status}`).sort()).toEqual(['(no cs-uri-query) 200', '(none) 403', 'PKIOperation 200']);
  });

  it('counts the records read under a #Fields header without a field the checks judge by, header by header', async () => {
    // Two real logs: certnanny/sscep#144's (7 lines, 4 of them SCEP requests) and the line of Microsoft's guide (SCEP).
    const sscep = readFileSync(new URL('../fixtures/logs/w3c-sscep-ndes.log', import.meta.url), 'latin1');
    const msdocs = readFileSync(new URL('../fixtures/logs/w3c-msdocs-500-1346.log', import.meta.url), 'latin1');
    const digest = async (text: string) => {
      const f = await iis(ok(text));
      if (f.state !== 'read') throw new Error(f.reason);
      return f.digest;
    };
    expect((await digest(sscep + msdocs)).unlogged).toEqual({});
    // Without the stem no line is known to be SCEP: all of them count; the others count SCEP requests.
    const mixed = await digest(withoutField(withoutField(sscep, 'sc-status'), 'time-taken') + withoutField(msdocs, 'cs-uri-stem'));
    expect(mixed.unlogged).toEqual({ 'cs-uri-stem': 1, 'sc-status': 4, 'time-taken': 4 });
    expect(mixed.scepRequests).toBe(4);
    expect(mixed.rows.map((r) => `${r.operation} ${r.status}.${r.substatus}`).sort()).toEqual(['GetCACaps -1.0', 'GetCACert -1.0', 'PKIOperation -1.0']);
    // A sub-status not logged is -1, not 0: the 500 of Microsoft's line is not known to be a plain 500.
    const noSub = await digest(sscep + withoutField(msdocs, 'sc-substatus'));
    expect(noSub.unlogged).toEqual({ 'sc-substatus': 1 });
    expect(noSub.rows.find((r) => r.status === 500)).toMatchObject({ operation: 'GetCACert', substatus: -1, win32: 1346 });
  });

  it('counts HTTPERR lines under a header without cs-uri or s-reason, and does not take the first for lines without a URL', async () => {
    const real = readFileSync(new URL('../fixtures/logs/httperr-msdocs.log', import.meta.url), 'latin1');
    const whole = await httpErr(ok(real));
    expect(whole.state === 'read' && whole.digest.unlogged).toEqual({});
    const f = await httpErr(ok(withoutField(real, 'cs-uri') + withoutField(real, 's-reason')));
    if (f.state !== 'read') throw new Error(f.reason);
    expect(f.digest.unlogged).toEqual({ 'cs-uri': 4, 's-reason': 4 });
    expect(f.digest.reasons.filter((r) => r.reason !== '-').every((r) => r.noUrl === 0)).toBe(true);
  });

  it('lists the 50 most frequent user agents, however late the most frequent one first appears', async () => {
    // A fleet's devices each name their model or OS version: 60 seen once, then one device type 5 times.
    const android = (i: number) => `Dalvik/2.1.0+(Linux;+U;+Android+14;+SM-${String(i).padStart(4, '0')})`;
    const once = Array.from({ length: 60 }, (_, i) => scep(1_700_000_000_000 + i * 1000, 'GetCACaps', 200, 0, 0, 20, android(i))).join('');
    const late = scep(1_700_000_100_000, 'PKIOperation', 200, 0, 0, 20, 'profiled/1.0+CFNetwork/1494.0.7+Darwin/23.4.0').repeat(5);
    const twice = scep(1_700_000_200_000, 'GetCACert', 200, 0, 0, 20, android(59)).repeat(1);
    const f = await iis(IIS_HEADER + once + late + twice);
    if (f.state !== 'read') throw new Error(f.reason);
    expect(f.digest.userAgents.slice(0, 2)).toEqual([
      { userAgent: 'profiled/1.0+CFNetwork/1494.0.7+Darwin/23.4.0', platform: 'apple', count: 5 },
      { userAgent: android(59), platform: 'android', count: 2 },
    ]);
    // 50 listed of 61; ties keep the order first seen.
    expect(f.digest.userAgents).toHaveLength(50);
    expect(f.digest.userAgents[2]).toEqual({ userAgent: android(0), platform: 'android', count: 1 });
    expect(f.digest.platforms).toEqual({ android: { requests: 61, failures: 0 }, apple: { requests: 5, failures: 0 } });
  });

  it('counts 4,096 user agents apart; later new ones count for their platform only', async () => {
    const listed = async (distinct: number) => {
      const lines = Array.from({ length: distinct }, (_, i) => scep(i * 1000, 'GetCACaps', 200, 0, 0, 20, `Dalvik/2.1.0+(Android+${i})`)).join('');
      const f = await iis(IIS_HEADER + lines + scep(0, 'GetCACert', 200, 0, 0, 20, 'profiled/1.0').repeat(3));
      if (f.state !== 'read') throw new Error(f.reason);
      expect(f.digest.platforms.apple).toEqual({ requests: 3, failures: 0 });
      return f.digest.userAgents[0];
    };
    expect(await listed(4095)).toEqual({ userAgent: 'profiled/1.0', platform: 'apple', count: 3 });
    expect(await listed(4096)).toMatchObject({ count: 1, platform: 'android' });
  });

  it('tracks a user agent by its first 512 characters, so a long one costs bounded memory', async () => {
    const base = `Mozilla/5.0+${'x'.repeat(500)}`;
    const at512 = base.padEnd(512, 'y');
    const f = await iis(IIS_HEADER + scep(0, 'GetCACaps', 200, 0, 0, 20, at512) + scep(1000, 'GetCACaps', 200, 0, 0, 20, `${at512}A+Android`) + scep(2000, 'GetCACaps', 200, 0, 0, 20, `${at512}B`));
    if (f.state !== 'read') throw new Error(f.reason);
    // 512 characters: kept whole. 513 and more: kept as the first 512 and an ellipsis, one entry for both, its platform from the first one's whole text.
    expect(f.digest.userAgents).toEqual([
      { userAgent: `${at512}…`, platform: 'android', count: 2 },
      { userAgent: at512, platform: 'other', count: 1 },
    ]);
  });

  it('reads the real HTTPERR logs: reasons counted, SCEP URLs among them', async () => {
    const f = await httpErr(ok(fixture('httperr-msdocs.log')));
    if (f.state !== 'read') throw new Error(f.reason);
    expect(f.digest.reasons.map((r) => [r.reason, r.status, r.count]).sort()).toEqual([
      ['FieldLength', 400, 2],
      ['N/A', 503, 1],
      ['RequestLength', 400, 1],
    ]);
  });

  it('reads the legacy text logs', async () => {
    const svc = await textLog('crpSvclog', ok(fixture('crp-csr-mismatch.svclog')));
    expect(svc.state === 'read' && Object.keys(svc.digest.outcomes).sort()).toEqual(['csr-subject-mismatch', 'verify-failure', 'verify-success']);
    expect(await textLog('crpSvclog', ok(fixture('not-events.xml')))).toMatchObject({ state: 'unreadable' });
    const plugin = await textLog('ndesPluginLog', ok(fixture('ndesplugin.log')));
    expect(plugin.state === 'read' && plugin.digest.outcomes['crp-forbidden']?.count).toBe(1);
  });
});

describe('log digests keep what they report, not the log', () => {
  it('an event digest of 300 groups, each first seen in its own megabyte of export, holds a few MB, not the chunks its values came from', async () => {
    const { setFlagsFromString } = await import('node:v8');
    const { runInNewContext } = await import('node:vm');
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const ev = (id: number, level: number, note: string) =>
      `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Intune-CertificateConnectors'/><EventID>${id}</EventID><Level>${level}</Level>` +
      `<TimeCreated SystemTime='2026-11-20T09:00:00.0000000Z'/><Channel>Microsoft-Intune-CertificateConnectors/Operational</Channel></System>` +
      `<EventData><Data Name='ErrorMessageOfTheRequest'>Request denied: the challenge expired ${note}</Data></EventData></Event>\r\n`;
    const filler = ev(4003, 4, 'x').repeat(1400);
    const chunks = Array.from({ length: 300 }, (_, i) => new Uint8Array(Buffer.from(ev(5000 + i, 2, 'y'.repeat(40)) + filler, 'utf16le')));
    const { digestEvents } = await import('../../src/facts/logs.js');
    gc();
    const before = process.memoryUsage().heapUsed;
    const result = await digestEvents('x', chunks.values());
    chunks.length = 0;
    gc();
    const held = process.memoryUsage().heapUsed - before;
    expect(result.ok && result.digest.groups.length).toBe(301);
    // Each chunk decodes to 1 MB of text: values sliced from it would keep 300 MB alive.
    expect(held).toBeLessThan(30 * 1024 * 1024);
  });
});
