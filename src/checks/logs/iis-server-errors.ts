import { defineCheck } from '../../engine/check.js';
import type { IisDigest } from '../../facts/log-digests.js';
import { at, conclude, type Finding, iisNotJudged, knowledge, LOG_DOCS, noScepRequests, rowFinding, totalCount, unusableLog } from './common.js';

/** 503 answers within one minute from this many on make a burst worth naming. */
const BURST_PER_MINUTE = 5;

/** Runs of consecutive minutes with 503 answers: [start, end, total]. */
function unavailableBursts(d: IisDigest): { startMs: number; endMs: number; count: number; peak: number }[] {
  const runs: { startMs: number; endMs: number; count: number; peak: number }[] = [];
  for (const [minute, n] of d.unavailableByMinute) {
    const last = runs.at(-1);
    if (last && minute - last.endMs <= 60_000) {
      last.endMs = minute;
      last.count += n;
      last.peak = Math.max(last.peak, n);
    } else runs.push({ startMs: minute, endMs: minute, count: n, peak: n });
  }
  return runs;
}

export default defineCheck({
  id: 'NDES-LOG-011',
  slug: 'iis-server-errors',
  area: 'logs',
  title: 'IIS log: mscep.dll answers without server errors (500, 503)',
  severity: 'high',
  requires: ['iisLog'],
  run({ iisLog }, ctx) {
    if (iisLog.state !== 'read') return unusableLog(iisLog, 'IIS log of the NDES site')!;
    const d = iisLog.digest;
    const none = noScepRequests(d, iisLog.source);
    if (none) return none;
    // Microsoft's two causes of a 500: the service account locked out or its password expired, the RA certificates expired.
    const general = knowledge('http-status', '500')!.fix;
    const impersonation = knowledge('http-status', '500 win32 1346')!.fix;
    const findings: Finding[] = d.rows.flatMap((r): Finding[] => {
      if (r.status === 500 && r.win32 === 1346) return [rowFinding(r, 'fail', impersonation, ['NDES-ACCT-006'])];
      if (r.status === 500 && r.operation === 'CRP VerifyRequest') {
        return [rowFinding(r, 'fail', 'Legacy connector: give the CertificateRegistrationSvc application pool identity Write on C:\\Windows\\Temp (an ASP.NET 1310 event with code 3007 confirms it).')];
      }
      if (r.status === 500 && r.win32 < 0) {
        // Without the Win32 status the third cause, the impersonation right, cannot be told apart from the other two.
        const fix = `${general} The log does not record sc-win32-status for these requests, which would be 1346 if IIS_IUSRS lacks the impersonation right: ${impersonation}`;
        return [rowFinding(r, 'fail', fix, ['NDES-TLS-010', 'NDES-ACCT-005', 'NDES-ACCT-006'], ', sc-win32-status not logged')];
      }
      if (r.status === 500) return [rowFinding(r, 'fail', general, ['NDES-TLS-010', 'NDES-ACCT-005'])];
      return [];
    });
    const bursts = unavailableBursts(d);
    const total503 = totalCount(bursts);
    if (total503) {
      const worst = bursts.reduce((a, b) => (b.peak > a.peak ? b : a));
      const named = bursts.filter((b) => b.peak >= BURST_PER_MINUTE);
      findings.push({
        text: `503 Service Unavailable ×${total503} in ${bursts.length} spell(s)${named.length ? `, ${named.length} burst(s) of ${BURST_PER_MINUTE} or more a minute` : ''}; the worst: ${worst.count} from ${at(worst.startMs)} to ${at(worst.endMs + 59_000)} (peak ${worst.peak}/min)`,
        count: total503,
        lastMs: d.unavailableLastMs,
        severity: 'fail',
        codes: ['503'],
        fix: knowledge('http-status', '503')!.fix,
        corroborates: ['NDES-IIS-004'],
        details: { bursts: bursts.map((b) => ({ from: new Date(b.startMs).toISOString(), to: new Date(b.endMs + 59_000).toISOString(), count: b.count, peakPerMinute: b.peak })) },
      });
    }
    return conclude({
      subject: 'the SCEP requests in the IIS log',
      what: 'mscep.dll failed with server errors',
      now: ctx.now,
      findings,
      notes: [],
      facts: [iisLog],
      passMessage: `No 500 or 503 among ${d.scepRequests} SCEP request(s) in the IIS log.`,
      notJudged: iisNotJudged(d, [['sc-status', d.unlogged['sc-status'] ?? 0, 'SCEP request(s)']], 'whether mscep.dll answered those with a server error'),
      evidence: { expected: 'no 500 or 503 on /certsrv/mscep', actual: `${totalCount(findings)} server error(s) of ${d.scepRequests}`, source: iisLog.source },
      docs: LOG_DOCS.deviceToNdes,
    });
  },
});
