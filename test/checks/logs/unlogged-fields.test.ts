import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import httpErrRefused from '../../../src/checks/logs/httperr-refused-requests.js';
import { logChecks } from '../../../src/checks/logs/index.js';
import pkioperationForbidden from '../../../src/checks/logs/iis-pkioperation-forbidden.js';
import requestTooLong from '../../../src/checks/logs/iis-request-too-long.js';
import scepRequests from '../../../src/checks/logs/iis-scep-requests.js';
import serverErrors from '../../../src/checks/logs/iis-server-errors.js';
import slowRequests from '../../../src/checks/logs/iis-slow-requests.js';
import { openBundle } from '../../../src/collect/bundle.js';
import type { AnyCheck } from '../../../src/engine/check.js';
import { runChecks } from '../../../src/engine/runner.js';
import type { Result } from '../../../src/engine/types.js';
import { ctx, httpErr, hoursAgo, iis, IIS_HEADER, ok, scep, withoutField } from './logs-fixtures.js';

// IIS logs only the fields selected for the site (IIS Manager > Logging > Select Fields). A record logged without a
// field a check judges by is not judged: the check reports what it found among the others, or an error naming the
// field, never a pass on records it could not read.

type Example = 'healthy' | 'broken';
const IIS_LOG = 'logs/iis/w3svc.log';
const HTTPERR_LOG = 'logs/httperr/httperr.log';

/** The log checks' results on an example bundle, one of its logs edited, judged as of the bundle's collection time. */
async function judge(example: Example, file: string, edit: (text: string) => string): Promise<Record<string, Result>> {
  const dir = mkdtempSync(join(tmpdir(), 'ndes-doctor-unlogged-'));
  try {
    cpSync(new URL(`../../../examples/${example}`, import.meta.url).pathname, dir, { recursive: true });
    writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
    const source = await openBundle(dir);
    const context = { now: new Date(source.manifest.collectedAt), options: {} };
    const results = await runChecks(logChecks, source, { concurrency: 4, checkTimeoutMs: 20_000, deadline: Date.now() + 60_000, context });
    return Object.fromEntries(results.map((r) => [r.id, r]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const statuses = (r: Record<string, Result>, ids: readonly string[]) => ids.map((id) => r[id]!.status);
const asIs = (text: string) => text;

const example = (name: Example, file: string) => readFileSync(new URL(`../../../examples/${name}/${file}`, import.meta.url), 'utf8');
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/logs/${name}`, import.meta.url), 'latin1');
const runIis = async (check: AnyCheck, log: string) => check.run({ iisLog: await iis(ok(log)) } as never, ctx);
const IIS_FIX = /Log it: IIS Manager > Sites > the site hosting CertSrv\/mscep > Logging > Select Fields > tick .*appcmd\.exe set config -section:system\.applicationHost\/sites \/siteDefaults\.logFile\.logExtFileFlags:"[^"]*UriStem[^"]*HttpStatus[^"]*" \/commit:apphost/;

describe('an IIS log without sc-status', () => {
  it('NDES-LOG-009, 010, 011 and 012 report an error naming the field, where they read every status as -1 and passed', async () => {
    const r = await judge('broken', IIS_LOG, (t) => withoutField(t, 'sc-status'));
    expect(statuses(r, ['NDES-LOG-009', 'NDES-LOG-010', 'NDES-LOG-011'])).toEqual(['error', 'error', 'error']);
    expect(r['NDES-LOG-010']).toMatchObject({ error: { code: 'E_FACT_UNAVAILABLE' } });
    expect(r['NDES-LOG-010']!.message).toMatch(/^Could not check the SCEP requests in the IIS log: 50 SCEP request\(s\) logged without sc-status, so whether IIS refused those as too long cannot be told\. .*tick Protocol Status \(sc-status\)/);
    expect(r['NDES-LOG-009']!.message).toMatch(IIS_FIX);
    const healthy = await judge('healthy', IIS_LOG, (t) => withoutField(t, 'sc-status'));
    expect(statuses(healthy, ['NDES-LOG-009', 'NDES-LOG-010', 'NDES-LOG-011', 'NDES-LOG-012'])).toEqual(['error', 'error', 'error', 'error']);
    expect(healthy['NDES-LOG-012']!.message).toMatch(/37 request\(s\) that may be enrollments logged without sc-status/);
    expect(healthy['NDES-LOG-009']!.evidence?.actual).toMatch(/^GetCACaps 37 \(an unlogged status ×37\);/);
    // time-taken is still there: NDES-LOG-013 judges as before.
    expect(healthy['NDES-LOG-013']!.status).toBe('pass');
  });

  it('the same log with the field: the verdicts of before', async () => {
    expect(statuses(await judge('broken', IIS_LOG, asIs), ['NDES-LOG-009', 'NDES-LOG-010', 'NDES-LOG-011', 'NDES-LOG-012'])).toEqual(['warn', 'warn', 'warn', 'pass']);
    expect(statuses(await judge('healthy', IIS_LOG, asIs), ['NDES-LOG-009', 'NDES-LOG-010', 'NDES-LOG-011', 'NDES-LOG-012'])).toEqual(['pass', 'pass', 'pass', 'pass']);
  });

  it('a log that lost the field for some days: what the other days show is reported, with the requests not judged', async () => {
    const log = withoutField(example('healthy', IIS_LOG), 'sc-status') + example('broken', IIS_LOG);
    const tooLong = await runIis(requestTooLong, log);
    expect(tooLong.status).toBe('warn'); // the broken server's failures are days old
    expect(tooLong.message).toMatch(/^IIS refused SCEP requests as too long: PKIOperation answered 404\.15 .*Not judged: 118 SCEP request\(s\) logged without sc-status, so whether IIS refused those as too long cannot be told\./);
    const errors = await runIis(serverErrors, log);
    expect(errors.status).toBe('warn');
    expect(errors.message).toMatch(/GetCACaps answered 500 .*Not judged: 118 SCEP request\(s\) logged without sc-status/);
    expect((await runIis(scepRequests, log)).message).toMatch(/Not judged: 118 SCEP request\(s\) logged without sc-status/);
  });

  it('the real NDES log of certnanny/sscep#144 without it: no pass on its four SCEP requests', async () => {
    const real = fixture('w3c-sscep-ndes.log');
    expect((await runIis(pkioperationForbidden, real)).status).toBe('pass');
    const r = await runIis(pkioperationForbidden, withoutField(real, 'sc-status'));
    expect(r).toMatchObject({ status: 'error', errorCode: 'E_FACT_UNAVAILABLE', message: expect.stringMatching(/: 1 request\(s\) that may be enrollments logged without sc-status/) });
    expect((await runIis(scepRequests, withoutField(real, 'sc-status'))).message).toMatch(/4 SCEP request\(s\) logged without sc-status/);
  });
});

describe('an IIS log without sc-substatus', () => {
  it('NDES-LOG-010 reports an error on the 404s it cannot tell from 404.15, where it passed', async () => {
    const r = await judge('broken', IIS_LOG, (t) => withoutField(t, 'sc-substatus'));
    expect(r['NDES-LOG-010']).toMatchObject({ status: 'error', message: expect.stringMatching(/12 SCEP request\(s\) answered 404 logged without sc-substatus, so whether IIS refused those as too long cannot be told\. .*tick Protocol Substatus \(sc-substatus\)/) });
    // A 404 is a failure whatever its sub-status: NDES-LOG-009 reports it.
    expect(r['NDES-LOG-009']).toMatchObject({ status: 'warn', message: expect.stringMatching(/PKIOperation answered 404 \(Not Found\)/) });
    expect((await judge('broken', IIS_LOG, asIs))['NDES-LOG-010']).toMatchObject({ status: 'warn', message: expect.stringMatching(/PKIOperation answered 404\.15/) });
  });

  it('NDES-LOG-010 still passes on answers no sub-status can make too long (all 200)', async () => {
    const r = await judge('healthy', IIS_LOG, (t) => withoutField(t, 'sc-substatus'));
    expect(statuses(r, ['NDES-LOG-009', 'NDES-LOG-010', 'NDES-LOG-011', 'NDES-LOG-012', 'NDES-LOG-013'])).toEqual(['pass', 'pass', 'pass', 'pass', 'pass']);
  });

  it('a log that lost the field for some days: the 404.15 logged with it is reported, the bare 404s named as not judged', async () => {
    const broken = example('broken', IIS_LOG);
    const r = await runIis(requestTooLong, withoutField(broken, 'sc-substatus') + broken);
    expect(r.status).toBe('warn');
    expect(r.message).toMatch(/PKIOperation answered 404\.15 .*\(×12, .*Not judged: 12 SCEP request\(s\) answered 404 logged without sc-substatus/);
  });
});

describe('an IIS log without time-taken', () => {
  it('NDES-LOG-013 reports an error, where it passed saying every request was answered within 30 s', async () => {
    const r = await judge('healthy', IIS_LOG, (t) => withoutField(t, 'time-taken'));
    expect(r['NDES-LOG-013']).toMatchObject({ status: 'error', error: { code: 'E_FACT_UNAVAILABLE' } });
    expect(r['NDES-LOG-013']!.message).toMatch(/^Could not check how long SCEP requests took in IIS: 118 SCEP request\(s\) logged without time-taken, .*tick Time Taken \(time-taken\)/);
    expect((await judge('healthy', IIS_LOG, asIs))['NDES-LOG-013']).toMatchObject({ status: 'pass', message: 'All 118 SCEP request(s) were answered within 30 s.' });
  });

  it('a log that lost the field for some days: the slow requests logged with it warn, with the others not judged', async () => {
    const log = withoutField(example('healthy', IIS_LOG), 'time-taken') + IIS_HEADER + scep(hoursAgo(1), 'PKIOperation', 200, 0, 0, 45_000);
    const r = await runIis(slowRequests, log);
    expect(r.status).toBe('warn');
    expect(r.message).toMatch(/^1 SCEP request\(s\) took 30 s or more .*Not judged: 118 SCEP request\(s\) logged without time-taken/);
  });
});

describe('an IIS log without cs-uri-stem', () => {
  it('the IIS log checks report an error, not that no SCEP request reached IIS', async () => {
    const r = await judge('broken', IIS_LOG, (t) => withoutField(t, 'cs-uri-stem'));
    expect(statuses(r, ['NDES-LOG-009', 'NDES-LOG-010', 'NDES-LOG-011', 'NDES-LOG-012', 'NDES-LOG-013'])).toEqual(['error', 'error', 'error', 'error', 'error']);
    expect(r['NDES-LOG-010']!.message).toMatch(/^No line of the IIS log is known to be a SCEP request: 50 of 50 IIS log line\(s\) .* were logged without cs-uri-stem, .*tick URI Stem \(cs-uri-stem\)/);
    // HTTP.sys's refusals still fail, but without the proof that no SCEP request reached IIS.
    expect(r['NDES-LOG-014']!.status).toBe('fail');
    expect(r['NDES-LOG-014']!.message).toMatch(/^HTTP\.sys refused requests before IIS saw them/);
    expect((await judge('broken', IIS_LOG, asIs))['NDES-LOG-014']!.message).toMatch(/^HTTP\.sys refused requests before IIS saw them/);
    // The PKIOperations it cannot see are named as not counted.
    expect(r['NDES-LOG-002']!.evidence?.actual).toMatch(/; not counted: 50 IIS log line\(s\) logged without cs-uri-stem/);
  });

  it('NDES-LOG-014 proves HTTP.sys blocks enrollment only when the IIS log has its URLs and none is SCEP\'s', async () => {
    // A real IIS 7.5 log of WebDAV requests: no SCEP request in it.
    const other = fixture('w3c-logjoint-iis75.log');
    const run = async (iisLog: string) => httpErrRefused.run({ httpErrLog: await httpErr(ok(example('broken', HTTPERR_LOG))), iisLog: await iis(ok(iisLog)) } as never, ctx);
    expect((await run(other)).message).toMatch(/^No SCEP request reached IIS \(the IIS log has none\)/);
    const unknown = await run(withoutField(other, 'cs-uri-stem'));
    expect(unknown.status).toBe('fail');
    expect(unknown.message).toMatch(/^HTTP\.sys refused requests before IIS saw them/);
    expect(unknown.evidence?.details?.iisScepRequests).toBe('unknown: 3 IIS log line(s) logged without cs-uri-stem (the URL asked for), which may be SCEP requests');
  });

  it('the real NDES log without it: an error where the checks skipped as if no device had reached NDES', async () => {
    const real = withoutField(fixture('w3c-sscep-ndes.log'), 'cs-uri-stem');
    for (const check of [scepRequests, requestTooLong, serverErrors, slowRequests]) {
      expect(await runIis(check, real)).toMatchObject({ status: 'error', errorCode: 'E_FACT_UNAVAILABLE', message: expect.stringMatching(/7 of 7 IIS log line\(s\)/) });
    }
  });

  it('a log that lost the field for some days: the requests logged with it are judged, the lines without named', async () => {
    const r = await runIis(requestTooLong, withoutField(example('healthy', IIS_LOG), 'cs-uri-stem') + example('broken', IIS_LOG));
    expect(r.status).toBe('warn');
    expect(r.message).toMatch(/PKIOperation answered 404\.15 .*Not judged: 118 IIS log line\(s\) logged without cs-uri-stem/);
    const pass = await runIis(requestTooLong, withoutField(example('healthy', IIS_LOG), 'cs-uri-stem') + example('healthy', IIS_LOG));
    expect(pass).toMatchObject({ status: 'error', message: expect.stringMatching(/^Could not check the SCEP requests in the IIS log: 118 IIS log line\(s\) logged without cs-uri-stem/) });
  });
});

describe('an HTTPERR log without s-reason or cs-uri, which HTTP.sys always writes', () => {
  it('NDES-LOG-014 calls the file damaged, where without s-reason it passed', async () => {
    const r = await judge('broken', HTTPERR_LOG, (t) => withoutField(t, 's-reason'));
    expect(r['NDES-LOG-014']).toMatchObject({ status: 'error', error: { code: 'E_FACT_MALFORMED' } });
    expect(r['NDES-LOG-014']!.message).toMatch(/^Could not check the HTTP\.sys error log: logs\/httperr\/httperr\.log has #Fields headers HTTP\.sys does not write .*49 line\(s\) without s-reason.* damaged or edited/);
    expect((await judge('broken', HTTPERR_LOG, asIs))['NDES-LOG-014']!.status).toBe('fail');
    expect((await judge('healthy', HTTPERR_LOG, (t) => withoutField(t, 's-reason')))['NDES-LOG-014']!.status).toBe('error');
  });

  it('without cs-uri, reports the refusals it can place and names the lines it cannot, not as lines without a URL', async () => {
    const r = await judge('broken', HTTPERR_LOG, (t) => withoutField(t, 'cs-uri'));
    expect(r['NDES-LOG-014']!.status).toBe('fail');
    expect(r['NDES-LOG-014']!.message).toMatch(/503 AppOffline \(queue SCEP\).*Not judged: .*49 line\(s\) without cs-uri/);
    expect(r['NDES-LOG-014']!.message).not.toMatch(/FieldLength/);
  });

  it('the real logs of other servers, every field there, still pass', async () => {
    const real = await httpErrRefused.run({ httpErrLog: await httpErr(ok(fixture('httperr-logjoint.log'))), iisLog: await iis(ok(fixture('w3c-sscep-ndes.log'))) } as never, ctx);
    expect(real.status).toBe('pass');
  });
});
