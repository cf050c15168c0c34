import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/logs/service-crashes.js';
import { ctx, ev, events, hoursAgo, missing, ok } from './logs-fixtures.js';

const run = async (system: string | ReturnType<typeof ok> | typeof missing, app = '') =>
  check.run({ systemLog: await events('systemLog', system), applicationLog: await events('applicationLog', app) } as never, ctx);
const scm = (id: number, level: number, param1: string, service?: string) =>
  ev({ provider: 'Service Control Manager', id, level, time: hoursAgo(1), data: [['param1', param1], ['param2', '1']], binary: service ? Buffer.from(`${service}/1\0`, 'utf16le').toString('hex') : undefined });
const was = (id: number, pool: string) => ev({ provider: 'Microsoft-Windows-WAS', id, level: 2, time: hoursAgo(1), data: [['AppPoolID', pool]] });

describe('NDES-LOG-008 service-crashes', () => {
  it('fails when rapid-fail protection disabled the SCEP pool, and ignores other pools', async () => {
    const r = await run(was(5002, 'SCEP'));
    expect(r.status).toBe('fail');
    expect(r.evidence?.codes).toEqual(['WAS 5002']);
    expect(r.evidence?.details?.corroborates).toEqual(['NDES-IIS-004']);
    expect((await run(was(5002, 'DefaultAppPool'))).status).toBe('pass');
  });

  it('names a connector service by the key name in the binary data, whatever the display language', async () => {
    const r = await run(scm(7034, 2, 'Intune-Connectordienst', 'NDESConnectorSvc'));
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/for NDESConnectorSvc/);
    expect(r.evidence?.details?.corroborates).toEqual(['NDES-CON-003']);
  });

  it('names a service by its registered display name when there is no binary data', async () => {
    expect((await run(scm(7041, 2, 'PFX Certificate Connector for Microsoft Intune'))).status).toBe('fail');
  });

  it('only warns for a crash Service Control Manager recovers from (7031)', async () => {
    expect((await run(scm(7031, 2, 'World Wide Web Publishing Service', 'W3SVC'))).status).toBe('warn');
  });

  it('ignores other services and the real 7036 state change', async () => {
    const real = ok(new Uint8Array(readFileSync(new URL('../../fixtures/logs/system-scm-7036-datadog.xml', import.meta.url))));
    expect((await run(real)).status).toBe('pass');
    expect((await run(scm(7031, 2, 'Print Spooler', 'Spooler'))).status).toBe('pass');
  });

  describe('a w3wp.exe crash, whose event names no application pool', () => {
    const crash = (app: string) => ev({ provider: 'Application Error', id: 1000, level: 2, time: hoursAgo(1), data: [['AppName', app], ['ModuleName', 'ntdll.dll']] });
    // WAS 5009 as Microsoft's CertificateRegistrationSvc article quotes it: pool, process id, exit code.
    const ended = (pool: string, time: number) => ev({ provider: 'Microsoft-Windows-WAS', id: 5009, level: 3, time, data: [['AppPoolID', pool], ['ProcessID', '6804'], ['ExitCode', 'c0000005']] });

    it('fails when WAS names the SCEP pool at the time of the crash', async () => {
      const r = await run(ended('SCEP', hoursAgo(1) + 1000), crash('w3wp.exe'));
      expect(r.status).toBe('fail');
      expect(r.message).toMatch(/Application Error 1000 Application crash for w3wp\.exe; .*; the SCEP pool's worker: WAS 5009 names it at 2026-11-20 11:00 UTC/);
      expect(r.evidence?.details?.corroborates).toEqual(['NDES-IIS-004', 'NDES-TLS-011']);
    });

    it('only warns, saying the pool is not known, when nothing ties the crash to the SCEP pool', async () => {
      const alone = await run('', crash('w3wp.exe'));
      expect(alone.status).toBe('warn');
      expect(alone.message).toMatch(/which application pool crashed is not known: the event does not name it, and the System log has no WAS 5002\/5009\/5011 for the SCEP pool within 2 minutes of the latest crash/);
      expect(alone.evidence?.details?.corroborates).toBeUndefined();
      expect(alone.status === 'warn' && alone.remediation.text).toMatch(/^Every IIS application pool runs w3wp\.exe/);
      // The SCEP pool's own end hours before is another crash, reported on its own.
      const earlier = await run(ended('SCEP', hoursAgo(4)), crash('w3wp.exe'));
      expect(earlier.message).toMatch(/w3wp\.exe; .*which application pool crashed is not known/);
      const another = await run(ended('Reports', hoursAgo(1) - 2000), crash('w3wp.exe'));
      expect(another.status).toBe('warn');
      expect(another.message).toMatch(/WAS names 'Reports' at that time, not an NDES pool/);
      const unread = await run(missing, crash('w3wp.exe'));
      expect(unread.status).toBe('warn');
      expect(unread.message).toMatch(/the System log, where WAS would name it, could not be read/);
    });

    it('ignores other applications', async () => {
      expect((await run('', crash('notepad.exe'))).status).toBe('pass');
    });
  });

  it('reads a connector service\'s own Application log event as a failure at levels 1 and 2, not at level 0 (LogAlways)', async () => {
    const own = (level: number) => run('', ev({ provider: 'PFXCertificateConnectorSvc', id: 3, level, time: hoursAgo(1) }));
    expect((await own(2)).status).toBe('fail');
    expect((await own(1)).status).toBe('fail');
    expect((await own(0)).status).toBe('pass');
    expect((await own(3)).status).toBe('pass');
  });

  it('counts an ASP.NET 1310 of an NDES application (the legacy CertificateRegistrationSvc), not another application\'s', async () => {
    const web = (domain: string) =>
      ev({ provider: 'ASP.NET 4.0.30319.0', id: 1310, level: 3, time: hoursAgo(1), data: ['3007', 'A compilation error has occurred.', '11/20/2026 11:00:00 AM', '11/20/2026 11:00:00 AM', 'abc', '1', '1', '0', domain, 'Full', '/x', 'C:\\x\\'] });
    expect((await run('', web('/LM/W3SVC/1/ROOT/CertificateRegistrationSvc-1-133745678901234567'))).status).toBe('fail');
    expect((await run('', web('/LM/W3SVC/1/ROOT/Reports-2-133745678901234567'))).status).toBe('pass');
    // Without an application domain in its data it cannot be told apart: still counted.
    expect((await run('', ev({ provider: 'ASP.NET 4.0.30319.0', id: 1310, level: 3, time: hoursAgo(1), data: ['3007'] }))).status).toBe('fail');
  });

  it('reports an error when the System log could not be read', async () => {
    expect((await run(missing)).status).toBe('error');
  });
});
