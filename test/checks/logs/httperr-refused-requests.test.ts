import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/logs/httperr-refused-requests.js';
import { absent, ctx, hoursAgo, httpErr, HTTPERR_HEADER, httperrLine, iis, IIS_HEADER, missing, ok, scep } from './logs-fixtures.js';

const run = async (err: string | ReturnType<typeof ok> | typeof absent, iisLines = '') =>
  check.run({ httpErrLog: await httpErr(typeof err === 'string' ? HTTPERR_HEADER + err : err), iisLog: await iis(IIS_HEADER + iisLines) } as never, ctx);
const t = hoursAgo(1);
const MSCEP = '/certsrv/mscep/mscep.dll/pkiclient.exe?operation=GetCACert&message=x';

describe('NDES-LOG-014 httperr-refused-requests', () => {
  it('proves HTTP.sys blocks enrollment when no SCEP request reached IIS while long ones were refused', async () => {
    const r = await run(httperrLine(t, '-', 400, 'FieldLength') + httperrLine(t, '-', 400, 'RequestLength'));
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/^No SCEP request reached IIS \(the IIS log has none\) while HTTP\.sys refused 2 request\(s\) as too long/);
    expect(r.evidence?.codes).toEqual(['FieldLength', 'RequestLength']);
    expect(r.evidence?.details?.corroborates).toEqual(['NDES-HSYS-001', 'NDES-HSYS-002']);
    expect(r.status !== 'pass' && r.status !== 'skip' && r.status !== 'error' && r.remediation.commands?.[0]?.text).toMatch(/MaxFieldLength \/t REG_DWORD \/d 65534/);
  });

  it('still fails, without claiming proof, when some SCEP requests did reach IIS', async () => {
    const r = await run(httperrLine(t, '-', 400, 'URL_Length'), scep(t, 'GetCACaps', 200));
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/^HTTP\.sys refused requests before IIS saw them/);
  });

  it('leaves out refusals on a URL that is not SCEP\'s (Exchange\'s /owa/), and dates the finding by the SCEP or URL-less ones', async () => {
    expect((await run(httperrLine(t, '/owa/', 400, 'RequestLength') + httperrLine(t, '/owa/', 400, 'FieldLength'))).status).toBe('pass');
    const scepToo = await run(httperrLine(t, '/owa/', 400, 'FieldLength') + httperrLine(t, MSCEP, 400, 'FieldLength'), scep(t, 'GetCACaps', 200));
    expect(scepToo.status).toBe('fail');
    expect(scepToo.message).toMatch(/HTTP\.sys refused 1 request\(s\) as FieldLength \(400, 1 of them on \/certsrv\/mscep\)/);
    const olderScep = await run(httperrLine(t, '/owa/', 400, 'FieldLength') + httperrLine(hoursAgo(25), '-', 400, 'FieldLength'), scep(t, 'GetCACaps', 200));
    expect(olderScep.status).toBe('warn');
    expect(olderScep.message).toMatch(/1 without a URL in the log/);
  });

  it('fails on 503 for the SCEP pool and ignores other queues', async () => {
    const r = await run(httperrLine(t, MSCEP, 503, 'AppOffline', 'SCEP'));
    expect(r.status).toBe('fail');
    expect(r.evidence?.details?.corroborates).toEqual(['NDES-IIS-004']);
    expect((await run(httperrLine(t, '/app', 503, 'AppOffline', 'OtherPool'))).status).toBe('pass');
  });

  it('counts and dates a 503 by its SCEP lines (a SCEP URL, or any URL in the SCEP queue), not by other pools sharing the reason', async () => {
    let otherPool = '';
    for (let i = 0; i < 50; i++) otherPool += httperrLine(t, '/', 503, 'Disabled', 'DefaultAppPool');
    const old = await run(httperrLine(hoursAgo(72), MSCEP, 503, 'Disabled', 'SCEP') + otherPool, scep(t, 'GetCACaps', 200));
    expect(old.status).toBe('warn');
    expect(old.message).toMatch(/HTTP\.sys answered 1 SCEP request\(s\) with 503 Disabled/);
    expect(old.message).toMatch(/×1, last 2026-11-17 12:00 UTC.*The latest was 3 d ago/);
    const poolOnly = await run(httperrLine(t, '/certsrv/mscep_admin/', 503, 'Disabled', 'SCEP') + otherPool);
    expect(poolOnly.status).toBe('fail');
    expect(poolOnly.message).toMatch(/answered 1 SCEP request\(s\)/);
  });

  it('warns, not fails, on 503 AppShutdown for the SCEP pool: a recycle or restart, which a stock server does every 29 hours', async () => {
    const r = await run(httperrLine(t, MSCEP, 503, 'AppShutdown', 'SCEP'));
    expect(r.status).toBe('warn');
    expect(r.message).toMatch(/503 AppShutdown \(queue SCEP\) while the pool shut down/);
    expect(r.evidence?.details?.corroborates).toEqual(['NDES-IIS-004']);
    expect((await run(httperrLine(t, '/app', 503, 'AppShutdown', 'OtherPool'))).status).toBe('pass');
    expect((await run(httperrLine(t, MSCEP, 503, 'AppShutdown', 'SCEP') + httperrLine(t, MSCEP, 503, 'QueueFull', 'SCEP'))).status).toBe('fail');
  });

  it('warns on requests orphaned by a crashing SCEP worker', async () => {
    expect((await run(httperrLine(t, MSCEP, '-', 'Connection_Abandoned_By_AppPool', 'SCEP'))).status).toBe('warn');
  });

  it('passes on the real logs of other servers: idle timeouts and 404s are noise', async () => {
    const real = ok(new Uint8Array(readFileSync(new URL('../../fixtures/logs/httperr-logjoint.log', import.meta.url))));
    expect(await run(real)).toMatchObject({ status: 'pass', message: '10 HTTP.sys error log line(s), none a SCEP request refused as too long or for an unavailable pool.' });
  });

  it('warns when the refusals are older than 24 hours, skips without a log and errors on an unreadable one', async () => {
    expect((await run(httperrLine(hoursAgo(25), '-', 400, 'FieldLength'))).status).toBe('warn');
    expect((await run(absent)).status).toBe('skip');
    expect((await run(missing as never)).status).toBe('error');
  });
});
