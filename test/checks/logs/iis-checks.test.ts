import { describe, expect, it } from 'vitest';
import pkioperationForbidden from '../../../src/checks/logs/iis-pkioperation-forbidden.js';
import requestTooLong from '../../../src/checks/logs/iis-request-too-long.js';
import scepRequests from '../../../src/checks/logs/iis-scep-requests.js';
import serverErrors from '../../../src/checks/logs/iis-server-errors.js';
import slowRequests from '../../../src/checks/logs/iis-slow-requests.js';
import type { AnyCheck } from '../../../src/engine/check.js';
import { absent, ctx, hoursAgo, iis, IIS_HEADER, missing, scep } from './logs-fixtures.js';

const run = async (check: AnyCheck, lines: string | typeof absent) => check.run({ iisLog: await iis(typeof lines === 'string' ? IIS_HEADER + lines : lines) } as never, ctx);
const t = hoursAgo(1);
const healthy = scep(t, 'GetCACaps', 200) + scep(t, 'GetCACert', 200, 0, 0, 31, 'profiled/1.0+CFNetwork/1494.0.7+Darwin/23.4.0') + scep(t, 'PKIOperation', 200, 0, 0, 1400, 'Dalvik/2.1.0+(Linux;+U;+Android+14)');
const browse = scep(t, undefined, 403, 0, 0, 3, 'Mozilla/5.0', '/certsrv/mscep/mscep.dll');

describe('every IIS log check', () => {
  it.each([scepRequests, requestTooLong, serverErrors, pkioperationForbidden, slowRequests])('$id skips without a log and reports an error for an unreadable one', async (check) => {
    expect(await run(check, absent)).toMatchObject({ status: 'skip', skipReason: 'no-data' });
    expect((await run(check, missing as never)).status).toBe('error');
  });
});

describe('every IIS log check but NDES-LOG-014\'s', () => {
  const other = scep(t, undefined, 200, 0, 0, 3, 'Mozilla/5.0', '/');
  it.each([requestTooLong, serverErrors, pkioperationForbidden, slowRequests])('$id skips, not passes, when no SCEP request is in the log, and passes on one that went well', async (check) => {
    expect(await run(check, other)).toMatchObject({ status: 'skip', skipReason: 'no-data' });
    expect((await run(check, other + healthy)).status).toBe('pass');
  });

  it('NDES-LOG-012 skips on SCEP requests without an enrollment among them, and judges a legacy VerifyRequest alone', async () => {
    expect(await run(pkioperationForbidden, scep(t, 'GetCACaps', 200) + scep(t, 'GetCACert', 200))).toMatchObject({ status: 'skip', skipReason: 'no-data' });
    const verified = scep(t, undefined, 201, 0, 0, 341, 'NDES_Plugin', '/CertificateRegistrationSvc/Certificate/VerifyRequest');
    expect((await run(pkioperationForbidden, verified)).status).toBe('pass');
  });
});

describe('NDES-LOG-009 iis-scep-requests', () => {
  it('passes with counts per operation and platform; a 403 to a browser on the bare URL is healthy', async () => {
    const r = await run(scepRequests, healthy + browse);
    expect(r.status).toBe('pass');
    expect(r.message).toMatch(/GetCACaps 1 \(200 ×1\); GetCACert 1 \(200 ×1\); PKIOperation 1 \(200 ×1\); \(none\) 1 \(403 ×1\)/);
    expect(r.message).toMatch(/Windows \(NDES client\) 1, iOS\/iPadOS\/macOS 1, Android 1, other clients 1\./);
  });

  it('fails on 401 and names the authentication check', async () => {
    const r = await run(scepRequests, scep(t, 'GetCACaps', 401, 2, 5));
    expect(r.status).toBe('fail');
    expect(r.evidence?.details?.corroborates).toEqual(['NDES-IIS-005']);
    // NDES setup enables Windows authentication beside anonymous; only anonymous matters to devices.
    const fix = r.status === 'fail' ? r.remediation.text : '';
    expect(fix).toMatch(/anonymousAuthentication \/enabled:true/);
    expect(fix).not.toMatch(/disable Windows authentication/i);
  });

  it('does not blame the HTTP.sys limits for a 400 IIS logged: HTTP.sys writes its refusals only to HTTPERR', async () => {
    const r = await run(scepRequests, scep(t, 'PKIOperation', 400));
    expect(r.status).toBe('fail');
    const fix = r.status === 'fail' ? r.remediation.text : '';
    expect(fix).toMatch(/not HTTP\.sys/);
    expect(fix).not.toMatch(/MaxFieldLength/);
  });

  it('fails when the bare URL shows the NDES information page (200): the policy module is not active', async () => {
    const r = await run(scepRequests, scep(t, undefined, 200, 0, 0, 3, 'Mozilla/5.0', '/certsrv/mscep/mscep.dll'));
    expect(r.status).toBe('fail');
    expect(r.evidence?.details?.corroborates).toEqual(['NDES-NET-001']);
  });

  it('does not hold against the server an information page the policy module replaced: Microsoft\'s setup shows it before the connector install', async () => {
    const page = (time: number) => scep(time, undefined, 200, 0, 0, 3, 'Mozilla/5.0', '/certsrv/mscep/mscep.dll');
    const forbidden = (time: number) => scep(time, undefined, 403, 0, 0, 3, 'Mozilla/5.0', '/certsrv/mscep/mscep.dll');
    expect((await run(scepRequests, page(hoursAgo(3)) + forbidden(hoursAgo(2)))).status).toBe('pass');
    expect((await run(scepRequests, forbidden(hoursAgo(3)) + page(hoursAgo(2)))).status).toBe('fail');
    expect((await run(scepRequests, forbidden(hoursAgo(2)) + page(hoursAgo(2)))).status).toBe('fail');
  });

  it('leaves statuses other checks explain to them, and warns on old errors', async () => {
    expect((await run(scepRequests, scep(t, 'PKIOperation', 404, 15) + scep(t, 'GetCACert', 500, 0, 1346) + scep(t, 'PKIOperation', 403))).status).toBe('pass');
    expect((await run(scepRequests, scep(hoursAgo(25), 'GetCACaps', 404, 2))).status).toBe('warn');
  });

  it('skips without any SCEP request, naming where to look next', async () => {
    const r = await run(scepRequests, scep(t, undefined, 200, 0, 0, 3, 'Mozilla/5.0', '/'));
    expect(r).toMatchObject({ status: 'skip', skipReason: 'no-data', message: expect.stringMatching(/No request to \/certsrv\/mscep in 1 IIS log line.*NDES-LOG-014/) });
  });
});

describe('NDES-LOG-010 iis-request-too-long', () => {
  it('maps 404.14, 404.15 and 414 to the limits that cause them', async () => {
    const corroborated = async (line: string) => (await run(requestTooLong, line)).evidence?.details?.corroborates;
    expect(await corroborated(scep(t, 'PKIOperation', 404, 14))).toEqual(['NDES-IIS-001']);
    expect(await corroborated(scep(t, 'PKIOperation', 404, 15))).toEqual(['NDES-IIS-002']);
    expect(await corroborated(scep(t, 'PKIOperation', 414))).toEqual(['NDES-HSYS-001', 'NDES-HSYS-002', 'NDES-IIS-001', 'NDES-IIS-002']);
    expect((await run(requestTooLong, scep(t, 'PKIOperation', 404, 15))).status).toBe('fail');
    expect((await run(requestTooLong, healthy)).status).toBe('pass');
  });
});

describe('NDES-LOG-011 iis-server-errors', () => {
  it('names the impersonation right for 500 with win32 1346', async () => {
    const r = await run(serverErrors, scep(t, 'GetCACert', 500, 0, 1346));
    expect(r.status).toBe('fail');
    expect(r.evidence?.codes).toEqual(['500 win32 1346']);
    expect(r.evidence?.details?.corroborates).toEqual(['NDES-ACCT-006']);
    expect(r.status !== 'pass' && r.status !== 'skip' && r.status !== 'error' && r.remediation.text).toMatch(/Impersonate a client after authentication/);
  });

  it('names the RA certificates and the service account\'s AD status for other 500s', async () => {
    expect((await run(serverErrors, scep(t, 'GetCACaps', 500))).evidence?.details?.corroborates).toEqual(['NDES-TLS-010', 'NDES-ACCT-005']);
  });

  it('finds 503 bursts: five a minute is a burst, four is not', async () => {
    const minute = (n: number, start: number) => Array.from({ length: n }, (_, i) => scep(start + i * 1000, 'GetCACaps', 503)).join('');
    const four = await run(serverErrors, minute(4, t));
    expect(four.status).toBe('fail');
    expect(four.message).not.toMatch(/burst/);
    const five = await run(serverErrors, minute(5, t) + minute(2, t + 60_000) + minute(1, t + 10 * 60_000));
    expect(five.message).toMatch(/503 Service Unavailable ×8 in 2 spell\(s\), 1 burst\(s\) of 5 or more a minute; the worst: 7 from .* \(peak 5\/min\)/);
    expect(five.evidence?.details?.corroborates).toEqual(['NDES-IIS-004']);
  });
});

describe('NDES-LOG-012 iis-pkioperation-forbidden', () => {
  it('fails on 403 to PKIOperation and on 403.16 to the legacy VerifyRequest, not on a browse', async () => {
    expect((await run(pkioperationForbidden, scep(t, 'PKIOperation', 403))).status).toBe('fail');
    const crp = await run(pkioperationForbidden, scep(t, undefined, 403, 16, 2148204809, 453, 'NDES_Plugin', '/CertificateRegistrationSvc/Certificate/VerifyRequest'));
    expect(crp.evidence?.details?.corroborates).toEqual(['NDES-TLS-011']);
    expect((await run(pkioperationForbidden, healthy + browse)).status).toBe('pass');
  });
});

describe('NDES-LOG-013 iis-slow-requests', () => {
  it('warns from 30 seconds on, not below', async () => {
    expect((await run(slowRequests, scep(t, 'PKIOperation', 200, 0, 0, 29_999))).status).toBe('pass');
    const r = await run(slowRequests, scep(t, 'PKIOperation', 200, 0, 0, 30_000) + scep(t, 'GetCACert', 200, 0, 0, 45_500));
    expect(r.status).toBe('warn');
    expect(r.message).toMatch(/^2 SCEP request\(s\) took 30 s or more \(PKIOperation ×1, GetCACert ×1; the slowest 45.5 s/);
  });
});
