import { describe, expect, it } from 'vitest';
import type { Result, Status } from '../../src/engine/types.js';
import { certificateLine, changesHeadline, changesOf, compareReports, findingChangeLine } from '../../src/report/changes.js';
import type { CertificateCountdown } from '../../src/report/model.js';
import { buildReport, type Report } from '../../src/report/model.js';

const base = { area: 'http-sys', docs: 'docs/checks/X.md', durationMs: 1, slug: 'x', title: 'A check', severity: 'high' } as const;

function result(id: string, status: Status, extra: Partial<Result> = {}): Result {
  const shaped = status === 'fail' || status === 'warn' ? { remediation: { text: 'fix it' } } : status === 'skip' ? { skipReason: 'prerequisite' as const } : {};
  return { ...base, id, status, message: `${id} is ${status}`, ...shaped, ...(status === 'error' && { error: { code: 'E_FACT_UNAVAILABLE' as const } }), ...extra } as Result;
}

function report(results: Result[], startedAt = '2026-05-02T02:00:00.000Z'): Report {
  const at = new Date(startedAt);
  return buildReport({ mode: 'live', startedAt: at, finishedAt: at, argv: [], failOn: 'info', timeouts: { checkMs: 1, runMs: 1 }, config: { only: [], skip: [] }, results, runWarnings: [] });
}

const cert = (role: string, subject: string, notAfter: string, daysLeft: number) => ({ role, subject, notAfter, daysLeft });
const withCerts = (id: string, status: Status, certificates: unknown[], target?: string) =>
  result(id, status, { evidence: { details: { certificates } }, ...(target && { target }) });

describe('compareReports', () => {
  const yesterday = report(
    [
      result('NDES-A-001', 'pass'),
      result('NDES-A-002', 'fail'),
      result('NDES-A-003', 'warn'),
      result('NDES-A-004', 'warn'),
      result('NDES-A-005', 'fail'),
      result('NDES-A-006', 'error'),
      result('NDES-A-007', 'fail'),
      result('NDES-A-008', 'skip'),
    ],
    '2026-05-01T02:00:00.000Z',
  );
  const today = report([
    result('NDES-A-001', 'fail'), // pass -> fail: new
    result('NDES-A-002', 'pass'), // fail -> pass: resolved
    result('NDES-A-003', 'fail'), // warn -> fail: changed
    result('NDES-A-004', 'warn'), // unchanged
    result('NDES-A-005', 'skip'), // fail -> skip: no longer judged
    result('NDES-A-006', 'error'), // unchanged
    // NDES-A-007 did not run: changed to null
    result('NDES-A-008', 'pass'), // skip -> pass: not a finding either way
    result('NDES-A-009', 'warn'), // not in the earlier run: new
  ]);
  const c = compareReports(today, { report: yesterday, source: 'history', path: 'C:\\h\\ndes-doctor-20260501T020000.000Z.json' });

  it('sorts every check into new, resolved, changed or unchanged by check id', () => {
    const pairs = (list: typeof c.new) => list.map((f) => `${f.id}:${f.from ?? '-'}>${f.to ?? '-'}`);
    expect(pairs(c.new)).toEqual(['NDES-A-001:pass>fail', 'NDES-A-009:->warn']);
    expect(pairs(c.resolved)).toEqual(['NDES-A-002:fail>pass']);
    expect(pairs(c.changed)).toEqual(['NDES-A-003:warn>fail', 'NDES-A-005:fail>skip', 'NDES-A-007:fail>-']);
    expect(c.unchanged).toBe(2);
  });

  it('names the run it compared with', () => {
    expect(c.since).toEqual({ source: 'history', path: 'C:\\h\\ndes-doctor-20260501T020000.000Z.json', startedAt: '2026-05-01T02:00:00.000Z', status: 'critical', exitCode: 2 });
    expect(changesHeadline(c)).toBe('Since the previous run (2026-05-01T02:00:00.000Z, CRITICAL): 2 new, 1 resolved, 3 changed, 2 unchanged.');
    const baseline = compareReports(today, { report: yesterday, source: 'baseline', path: 'golden.json' });
    expect(changesHeadline(baseline)).toMatch(/^Since the baseline golden\.json \(/);
  });

  it('keeps the message of the run where the check ran last', () => {
    expect(c.new[0]!.message).toBe('NDES-A-001 is fail');
    expect(c.changed.find((f) => f.id === 'NDES-A-007')!.message).toBe('NDES-A-007 is fail');
    expect(findingChangeLine(c.changed[0]!)).toBe('FAIL NDES-A-003 A check [high] (was WARN)');
    expect(findingChangeLine(c.changed[2]!)).toBe('not run NDES-A-007 A check [high] (was FAIL)');
  });

  it('tells one check on two targets apart, and the same target across runs', () => {
    const a = 'https://a.contoso.com/certsrv/mscep/mscep.dll';
    const b = 'https://b.contoso.com/certsrv/mscep/mscep.dll';
    const before = report([result('NDES-NET-001', 'fail', { target: a }), result('NDES-NET-001', 'pass', { target: b })]);
    const after = report([result('NDES-NET-001', 'pass', { target: a }), result('NDES-NET-001', 'fail', { target: b })]);
    const d = compareReports(after, { report: before, source: 'history', path: 'x' });
    expect(d.new.map((f) => f.target)).toEqual([b]);
    expect(d.resolved.map((f) => f.target)).toEqual([a]);
    expect(findingChangeLine(d.new[0]!)).toBe(`FAIL NDES-NET-001 A check [high] (was PASS) on ${b}`);
  });

  it('has nothing to compare on a first run, and still counts certificates down', () => {
    const first = compareReports(report([result('NDES-A-001', 'fail'), withCerts('NDES-TLS-004', 'pass', [cert('tls', 'CN=ndes', '2027-01-01T00:00:00.000Z', 244)])]));
    expect(first).toMatchObject({ since: null, new: [], resolved: [], changed: [], unchanged: 0 });
    expect(first.certificates).toEqual([{ id: 'NDES-TLS-004', role: 'tls', subject: 'CN=ndes', notAfter: '2027-01-01T00:00:00.000Z', daysLeft: 244 }]);
    expect(changesHeadline(first)).toMatch(/^First run recorded/);
  });
});

describe('certificate countdown', () => {
  const target = 'https://ndes.contoso.com/certsrv/mscep/mscep.dll';
  const before = report([
    withCerts('NDES-NET-003', 'pass', [cert('ra-signing', 'CN=RA', '2026-06-20T00:00:00.000Z', 50), cert('ra-encryption', 'CN=RA', '2026-06-20T00:00:00.000Z', 50)], target),
    withCerts('NDES-TLS-004', 'warn', [cert('tls', 'CN=ndes', '2026-05-20T00:00:00.000Z', 19)]),
  ]);
  const after = report([
    withCerts('NDES-NET-003', 'warn', [cert('ra-signing', 'CN=RA', '2026-06-20T00:00:00.000Z', 49), cert('ra-encryption', 'CN=RA', '2026-06-20T00:00:00.000Z', 49)], target),
    withCerts('NDES-TLS-004', 'pass', [cert('tls', 'CN=ndes', '2027-05-20T00:00:00.000Z', 383)]),
    withCerts('NDES-NET-004', 'pass', [cert('ca', 'CN=Issuing CA', '2030-01-01T00:00:00.000Z', 1340)], target),
  ]);
  const c = compareReports(after, { report: before, source: 'history', path: 'x' });

  it('lists every certificate soonest first, with the days it had at the compared run', () => {
    expect(c.certificates.map((x) => [x.id, x.role, x.daysLeft, x.previousDaysLeft])).toEqual([
      ['NDES-NET-003', 'ra-signing', 49, 50],
      ['NDES-NET-003', 'ra-encryption', 49, 50],
      ['NDES-TLS-004', 'tls', 383, 19],
      ['NDES-NET-004', 'ca', 1340, undefined],
    ]);
    expect(c.certificates[0]!.target).toBe(target);
  });

  it('says when a certificate was renewed, counted down, or is new to the comparison', () => {
    const line = (i: number) => certificateLine(c.certificates[i]!);
    expect(line(0)).toBe(`RA signing certificate (Exchange Enrollment Agent) "CN=RA" (NDES-NET-003 on ${target}): 49 days left, to 2026-06-20; 50 at the compared run`);
    expect(line(2)).toBe('TLS certificate "CN=ndes" (NDES-TLS-004): 383 days left, to 2027-05-20; renewed since (was 19 days)');
    expect(line(3)).toBe(`CA certificate "CN=Issuing CA" (NDES-NET-004 on ${target}): 1340 days left, to 2030-01-01`);
    const expired: CertificateCountdown = { id: 'NDES-TLS-010', role: 'ra-signing', subject: 'CN=RA', notAfter: '2026-04-01T00:00:00.000Z', daysLeft: -31 };
    expect(certificateLine(expired)).toMatch(/: EXPIRED 31 days ago, to 2026-04-01$/);
    // A saved report read back is input: a role this version does not know is shown as written, never looked up on Object.prototype.
    for (const role of ['constructor', 'expired'] as const) {
      expect(certificateLine({ ...expired, role } as unknown as CertificateCountdown)).toBe(`${role} "CN=RA" (NDES-TLS-010): EXPIRED 31 days ago, to 2026-04-01`);
    }
  });

  it('keeps the sooner of two certificates that share a check, role and subject', () => {
    const twice = report([withCerts('NDES-NET-003', 'pass', [cert('ra', 'CN=RA', '2027-01-01T00:00:00.000Z', 300), cert('ra', 'CN=RA', '2026-07-01T00:00:00.000Z', 60)])]);
    expect(compareReports(twice).certificates.map((x) => x.daysLeft)).toEqual([60]);
  });

  it('ignores certificate entries that do not have the shape', () => {
    const odd = report([withCerts('NDES-NET-003', 'pass', [{ role: 'ra', subject: 'CN=RA', notAfter: 'soon', daysLeft: 3 }, { role: 'mystery', subject: 'x', notAfter: '2027-01-01', daysLeft: 1 }, null])]);
    expect(compareReports(odd).certificates).toEqual([]);
  });
});

describe('changesOf', () => {
  it('reads changes from a saved report only when they have the shape', () => {
    const good = compareReports(report([]));
    expect(changesOf({ changes: good })).toEqual(good);
    expect(changesOf({})).toBeUndefined();
    expect(changesOf({ changes: { ...good, new: 'x' } })).toBeUndefined();
    expect(changesOf({ changes: { ...good, since: 'yesterday' } })).toBeUndefined();
  });
});
