import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import scepIssuance from '../../../src/checks/logs/scep-issuance.js';
import pkioperationForbidden from '../../../src/checks/logs/iis-pkioperation-forbidden.js';
import requestTooLong from '../../../src/checks/logs/iis-request-too-long.js';
import scepRequests from '../../../src/checks/logs/iis-scep-requests.js';
import serverErrors from '../../../src/checks/logs/iis-server-errors.js';
import slowRequests from '../../../src/checks/logs/iis-slow-requests.js';
import type { AnyCheck } from '../../../src/engine/check.js';
import { absent, ctx, events, hoursAgo, iis, IIS_HEADER, missing, ok, scep, withoutField } from './logs-fixtures.js';

const run = async (check: AnyCheck, lines: string | typeof absent) => check.run({ iisLog: await iis(typeof lines === 'string' ? IIS_HEADER + lines : lines) } as never, ctx);
const runIis = async (check: AnyCheck, log: string) => check.run({ iisLog: await iis(ok(log)) } as never, ctx);
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

  it('fails on a 403 to GetCACert or GetCACaps without calling it the bare URL\'s healthy 403: those operations must answer 200', async () => {
    const r = await run(scepRequests, scep(t, 'GetCACert', 403, 6));
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/GetCACert answered 403\.6 \(×1/);
    expect(r.message).not.toMatch(/healthy/);
    expect(r.evidence?.codes).toEqual(['403.6']);
    const fix = r.status === 'fail' ? r.remediation.text : '';
    expect(fix).toMatch(/GetCACaps and GetCACert must answer 200/);
    expect(fix).not.toMatch(/Nothing to fix/);
    const plain = await run(scepRequests, scep(t, 'GetCACaps', 403));
    expect(plain.message).not.toMatch(/healthy/);
    expect(plain.status === 'fail' && plain.remediation.text).toMatch(/GetCACaps and GetCACert must answer 200/);
    // A sub-status the catalogue knows keeps its own fix; the bare URL's 403 stays healthy.
    const ssl = await run(scepRequests, scep(t, 'GetCACaps', 403, 4));
    expect(ssl.status === 'fail' && ssl.remediation.text).toMatch(/https:\/\/ SCEP URL/);
    expect((await run(scepRequests, healthy + browse)).status).toBe('pass');
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

  it('adds the impersonation right to a 500 logged without sc-win32-status, which could be its 1346', async () => {
    const unlogged = await runIis(serverErrors, withoutField(IIS_HEADER + scep(t, 'GetCACert', 500, 0, 1346), 'sc-win32-status'));
    expect(unlogged.status).toBe('fail');
    expect(unlogged.message).toMatch(/GetCACert answered 500 \(Internal Server Error\), sc-win32-status not logged/);
    expect(unlogged.evidence?.details?.corroborates).toEqual(['NDES-TLS-010', 'NDES-ACCT-005', 'NDES-ACCT-006']);
    const fix = unlogged.status === 'fail' ? unlogged.remediation.text : '';
    expect(fix).toMatch(/Get-ADUser .*does not record sc-win32-status .*Impersonate a client after authentication/);
    // Logged as 0, the Win32 status rules the impersonation right out.
    const logged = await run(serverErrors, scep(t, 'GetCACert', 500, 0, 0));
    expect(logged.evidence?.details?.corroborates).toEqual(['NDES-TLS-010', 'NDES-ACCT-005']);
    expect(logged.status === 'fail' ? logged.remediation.text : '').not.toMatch(/Impersonate/);
  });

  it('takes only a 500 for a server error, whatever its Win32 status says or whether it is logged', async () => {
    expect((await run(serverErrors, healthy + scep(t, 'GetCACert', 404, 0, 1346))).status).toBe('pass');
    expect((await runIis(serverErrors, withoutField(IIS_HEADER + healthy + scep(t, 'GetCACert', 404), 'sc-win32-status'))).status).toBe('pass');
  });

  it('gives the legacy VerifyRequest its own fix only for a 500', async () => {
    const verify = (status: number) => scep(t, undefined, status, 0, 0, 341, 'NDES_Plugin', '/CertificateRegistrationSvc/Certificate/VerifyRequest');
    const r = await run(serverErrors, verify(500));
    expect(r.status === 'fail' ? r.remediation.text : '').toMatch(/C:\\Windows\\Temp/);
    expect((await run(serverErrors, healthy + verify(201))).status).toBe('pass');
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

  it('dates 503s by the latest answer, not by the start of its minute, on both sides of 24 hours', async () => {
    // Collected 30 s into a minute: an answer 24 h minus 10 s before lies 40 s into a minute that began 24 h 30 s before.
    const now = new Date(hoursAgo(0) + 30_000);
    const judge = async (ms: number) => serverErrors.run({ iisLog: await iis(IIS_HEADER + scep(ms, 'GetCACaps', 503)) } as never, { ...ctx, now });
    expect((await judge(now.getTime() - 24 * 3_600_000 + 10_000)).status).toBe('fail');
    expect((await judge(now.getTime() - 24 * 3_600_000 - 10_000)).status).toBe('warn');
  });
});

describe('NDES-LOG-012 iis-pkioperation-forbidden', () => {
  it('fails on 403 to PKIOperation and on 403.16 to the legacy VerifyRequest, not on a browse', async () => {
    expect((await run(pkioperationForbidden, scep(t, 'PKIOperation', 403))).status).toBe('fail');
    const crp = await run(pkioperationForbidden, scep(t, undefined, 403, 16, 2148204809, 453, 'NDES_Plugin', '/CertificateRegistrationSvc/Certificate/VerifyRequest'));
    expect(crp.evidence?.details?.corroborates).toEqual(['NDES-TLS-011']);
    expect((await run(pkioperationForbidden, healthy + browse)).status).toBe('pass');
  });

  it('reports the 403 NDES-LOG-009 leaves to it on the legacy Notify, the policy module\'s report of an issued certificate, as a warning', async () => {
    const notify = scep(t, undefined, 403, 16, 2148204809, 120, 'NDES_Plugin', '/CertificateRegistrationSvc/Certificate/Notify');
    const r = await run(pkioperationForbidden, notify);
    expect(r.status).toBe('warn');
    expect(r.message).toMatch(/CRP Notify answered 403\.16 win32 2148204809 \(Client certificate untrusted or invalid\): the Certificate Registration Point refused the policy module's report of an issued certificate/);
    expect(r.evidence?.details?.corroborates).toEqual(['NDES-TLS-011']);
    expect(r.status === 'warn' && r.remediation.text).toMatch(/out of Intune's reporting/);
    // NDES-LOG-009 still leaves it here, as it does a VerifyRequest's 403, and reports a Notify answered otherwise.
    expect((await run(scepRequests, notify)).status).toBe('pass');
    expect((await run(scepRequests, scep(t, undefined, 404, 0, 0, 120, 'NDES_Plugin', '/CertificateRegistrationSvc/Certificate/Notify'))).status).toBe('fail');
  });

  it('does not name a refused enrollment after the bare URL\'s healthy 403', async () => {
    const r = await run(pkioperationForbidden, scep(t, 'PKIOperation', 403));
    expect(r.message).toMatch(/PKIOperation answered 403: the policy module refused the request/);
    expect(r.message).not.toMatch(/healthy/);
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

describe('an IIS log whose #Fields header has no cs-uri-query', () => {
  // The real NDES log of certnanny/sscep#144 (GetCACaps, GetCACert, PKIOperation, all 200), with its cs-uri-query column taken out.
  const real = readFileSync(new URL('../../fixtures/logs/w3c-sscep-ndes.log', import.meta.url), 'latin1');
  const withoutQuery = real
    .split('\n')
    .map((line) => (line.startsWith('#Fields:') ? line.replace(' cs-uri-query', '') : line.startsWith('#') || !line.trim() ? line : line.split(' ').filter((_, i) => i !== 5).join(' ')))
    .join('\n');
  const runOn = async (check: AnyCheck, text: string) => check.run({ iisLog: await iis(ok(text)) } as never, ctx);
  const fields = (withQuery: boolean) => `#Fields: date time s-ip cs-method cs-uri-stem${withQuery ? ' cs-uri-query' : ''} s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken\r\n`;
  const line = (time: number, status: number, sub = 0) => `${new Date(time).toISOString().replace('T', ' ').slice(0, 19)} 10.0.0.5 GET /certsrv/mscep/mscep.dll/pkiclient.exe 443 - 198.51.100.9 Mozilla/4.0+(compatible;+Win32;+NDES+client) ${status} ${sub} 0 20\r\n`;

  it('NDES-LOG-009 does not read its 200s as the NDES information page on the bare URL: it skips, naming the field to log', async () => {
    const r = await runOn(scepRequests, withoutQuery);
    expect(r).toMatchObject({ status: 'skip', skipReason: 'no-data' });
    expect(r.message).toMatch(/^No SCEP operation in 7 IIS log line\(s\) .* can be judged: 4 request\(s\) to mscep\.dll logged without cs-uri-query \(200 ×4\): their SCEP operation is unknown/);
    expect(r.message).toMatch(/Select Fields > tick URI Query \(cs-uri-query\)/);
    // The same log as IIS wrote it passes: every request names its operation.
    expect((await runOn(scepRequests, real)).status).toBe('pass');
  });

  it('NDES-LOG-009 still fails on a status that is wrong whatever the operation, and says what it could not tell', async () => {
    const r = await runOn(scepRequests, fields(false) + line(hoursAgo(1), 200) + line(hoursAgo(1), 403) + line(hoursAgo(1), 401, 2));
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/^SCEP requests failed in IIS: \(no cs-uri-query\) answered 401\.2 .*\(×1, last .*\)\. This corroborates NDES-IIS-005: the fix named there applies\. 3 request\(s\) to mscep\.dll logged without cs-uri-query \(200 ×1, 403 ×1, 401\.2 ×1\): their SCEP operation is unknown/);
    expect(r.evidence?.codes).toEqual(['401.2']);
  });

  it('NDES-LOG-009 judges the requests logged with the field and names the others, when the header changed within the window', async () => {
    const r = await runOn(scepRequests, fields(false) + line(hoursAgo(30), 200) + IIS_HEADER + scep(hoursAgo(1), 'GetCACaps', 200) + scep(hoursAgo(1), undefined, 403, 0, 0, 3, 'Mozilla/5.0', '/certsrv/mscep/mscep.dll'));
    expect(r.status).toBe('pass');
    expect(r.message).toMatch(/: \(no cs-uri-query\) 1 \(200 ×1\); GetCACaps 1 \(200 ×1\); \(none\) 1 \(403 ×1\)\..* 1 request\(s\) to mscep\.dll logged without cs-uri-query \(200 ×1\): their SCEP operation is unknown/);
  });

  it('NDES-LOG-012 says why it cannot find the enrollments; with the field it judges them', async () => {
    const r = await runOn(pkioperationForbidden, withoutQuery);
    expect(r).toMatchObject({ status: 'skip', skipReason: 'no-data' });
    expect(r.message).toMatch(/^No request in the IIS log is known to be an enrollment: 4 request\(s\) to mscep\.dll logged without cs-uri-query \(200 ×4\), so which of them are PKIOperation/);
    expect(await runOn(pkioperationForbidden, real)).toMatchObject({ status: 'pass', message: 'No 403 among 1 PKIOperation request(s) in the IIS log.' });
  });

  it('NDES-LOG-012 names 403s it cannot place beside the enrollments it judged', async () => {
    const r = await runOn(pkioperationForbidden, fields(false) + line(hoursAgo(30), 403) + IIS_HEADER + scep(hoursAgo(1), 'PKIOperation', 200));
    expect(r).toMatchObject({ status: 'pass', message: expect.stringMatching(/^No 403 among 1 PKIOperation request\(s\) in the IIS log\. Not judged: 1 request\(s\) to mscep\.dll logged without cs-uri-query \(403 ×1\)/) });
  });

  it('NDES-LOG-002 says the IIS log could not show enrollments, rather than that none arrived', async () => {
    const run2 = async (text: string) => scepIssuance.run(
        { connectorAdminLog: await events('connectorAdminLog', absent), connectorOperationalLog: await events('connectorOperationalLog', absent), legacyConnectorLog: await events('legacyConnectorLog', ''), iisLog: await iis(ok(text)) } as never,
        ctx,
      );
    const r = await run2(withoutQuery);
    expect(r).toMatchObject({ status: 'skip', skipReason: 'no-data', message: expect.stringMatching(/no enrollment known in the IIS log: 4 request\(s\) to mscep\.dll logged without cs-uri-query/) });
  });
});
