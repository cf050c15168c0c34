import { defineCheck } from '../../engine/check.js';
import { cmd } from '../../engine/outcome.js';
import { HTTPERR_JUDGED_FIELDS, type HttpErrDigest, type ReasonRow } from '../../facts/log-digests.js';
import { conclude, type Finding, knowledge, LOG_DOCS, type NotJudged, totalCount, unloggedStems, unusableLog } from './common.js';

/** HTTP.sys refused the request for its size: the HTTP.sys limits are too low for SCEP URLs. */
const TOO_LONG = new Set(['fieldlength', 'requestlength', 'url_length']);
/** HTTP.sys answered 503 itself: the application pool behind the queue is not serving. */
const UNAVAILABLE = new Set(['appoffline', 'apppooltimer', 'disabled', 'queuefull', 'n/a']);
/**
 * 503 while the pool shut down by its own policy (a scheduled recycle, an idle timeout, a server
 * restart): a stock IIS recycles every 29 hours, so a request caught in that moment is no fault.
 */
const SHUTTING_DOWN = 'appshutdown';
const ABANDONED = new Set(['connection_abandoned_by_apppool', 'connection_abandoned_by_reqqueue']);

/** A row's lines for SCEP (a SCEP URL, or NDES's pool), counted and dated apart from the other pools' in the same row. */
const scepLines = (rows: ReasonRow[], reasons: (reason: string) => boolean) =>
  rows.filter((r) => reasons(r.reason.toLowerCase()) && r.scepPool > 0).map((r) => ({ ...r, count: r.scepPool, lastMs: r.scepPoolLastMs }));

function reasonFinding(r: ReasonRow, text: string, severity: Finding['severity'], corroborates: string[]): Finding {
  const entry = knowledge('httperr-reason', r.reason);
  return { text, count: r.count, lastMs: r.lastMs, severity, codes: [entry?.code ?? r.reason], fix: entry?.fix ?? 'Read the reason in the HTTP.sys error log reference.', corroborates };
}

/**
 * The lines a header without cs-uri or s-reason left unjudged. HTTP.sys writes a fixed field list (only where and
 * how large is configurable), so such a header is not HTTP.sys's: the file was damaged or edited.
 */
function damagedLines(d: HttpErrDigest, source: string): NotJudged | undefined {
  const missing = HTTPERR_JUDGED_FIELDS.flatMap((f) => (d.unlogged[f] ? [`${d.unlogged[f]} line(s) without ${f}`] : []));
  if (!missing.length) return undefined;
  return {
    text: `${source} has #Fields headers HTTP.sys does not write (it always logs cs-uri and s-reason): ${missing.join(', ')}, so whether HTTP.sys refused SCEP requests among them cannot be told. The file was damaged or edited after HTTP.sys wrote it: collect the bundle again.`,
    errorCode: 'E_FACT_MALFORMED',
  };
}

export default defineCheck({
  id: 'NDES-LOG-014',
  slug: 'httperr-refused-requests',
  area: 'logs',
  title: 'HTTP.sys error log: no SCEP request refused before IIS (too long, pool unavailable)',
  severity: 'high',
  requires: ['httpErrLog', 'iisLog'],
  run({ httpErrLog, iisLog }, ctx) {
    if (httpErrLog.state !== 'read') return unusableLog(httpErrLog, 'HTTP.sys error log')!;
    const d = httpErrLog.digest;
    // None in an IIS log whose lines lack their URL is no proof that none reached IIS.
    const iisScep = iisLog.state === 'read' && (iisLog.digest.scepRequests > 0 || !iisLog.digest.unlogged['cs-uri-stem']) ? iisLog.digest.scepRequests : undefined;
    // A refused request whose URL HTTP.sys logged, and that is not a SCEP URL, says nothing about SCEP (Exchange's
    // /owa/ with a large Kerberos header, a scanner); one logged without a URL may be a SCEP URL too long to parse.
    const tooLong = d.reasons
      .filter((r) => TOO_LONG.has(r.reason.toLowerCase()) && r.scep + r.noUrl > 0)
      .map((r) => ({ ...r, count: r.scep + r.noUrl, lastMs: r.scepOrNoUrlLastMs }));
    const queues = (r: ReasonRow) => (Object.keys(r.queues).length ? ` (queue ${Object.keys(r.queues).join(', ')})` : '');
    const findings: Finding[] = [
      ...tooLong.map((r) =>
        reasonFinding(
          r,
          `HTTP.sys refused ${r.count} request(s) as ${r.reason} (${r.status > 0 ? r.status : 'no status'}${r.scep ? `, ${r.scep} of them on /certsrv/mscep` : ''}${r.noUrl ? `, ${r.noUrl} without a URL in the log` : ''})`,
          'fail',
          ['NDES-HSYS-001', 'NDES-HSYS-002'],
        ),
      ),
      ...scepLines(d.reasons, (reason) => UNAVAILABLE.has(reason)).map((r) => reasonFinding(r, `HTTP.sys answered ${r.count} SCEP request(s) with 503 ${r.reason}${queues(r)}: ${knowledge('httperr-reason', r.reason)?.meaning ?? 'the pool was not serving'}`, 'fail', ['NDES-IIS-004'])),
      ...scepLines(d.reasons, (reason) => reason === SHUTTING_DOWN).map((r) => reasonFinding(r, `HTTP.sys answered ${r.count} SCEP request(s) with 503 ${r.reason}${queues(r)} while the pool shut down (a recycle, an idle timeout or a restart); devices retry, but many of them mean the pool stops too often`, 'warn', ['NDES-IIS-004'])),
      ...scepLines(d.reasons, (reason) => ABANDONED.has(reason)).map((r) => reasonFinding(r, `${r.count} SCEP request(s) were orphaned (${r.reason}): the worker process serving them crashed`, 'warn', ['NDES-IIS-004'])),
    ];
    const refusedLong = totalCount(tooLong);
    // No SCEP request reached IIS at all while HTTP.sys refused long ones: the limits, not the network, block enrollment.
    const proof = refusedLong > 0 && iisScep === 0;
    const what = proof
      ? `No SCEP request reached IIS (the IIS log has none) while HTTP.sys refused ${refusedLong} request(s) as too long: HTTP.sys rejects the long SCEP URLs before IIS sees them`
      : 'HTTP.sys refused requests before IIS saw them';
    return conclude({
      subject: 'the HTTP.sys error log',
      what,
      now: ctx.now,
      findings,
      notes: [],
      facts: [httpErrLog],
      passMessage: `${d.records} HTTP.sys error log line(s), none a SCEP request refused as too long or for an unavailable pool.`,
      notJudged: damagedLines(d, httpErrLog.source),
      evidence: {
        expected: 'no FieldLength, RequestLength or URL_Length; no 503 AppOffline/Disabled/QueueFull/N/A for the SCEP pool',
        actual: d.reasons.map((r) => `${r.reason} ×${r.count}`).join(', ') || 'no lines',
        source: httpErrLog.source,
        details: {
          iisScepRequests: iisScep ?? (iisLog.state === 'read' ? `unknown: ${unloggedStems(iisLog.digest)}` : 'IIS log not read'),
          reasons: d.reasons.map(({ firstMs: _f, lastMs: _l, ...r }) => r),
          ...(Object.keys(d.unlogged).length ? { unlogged: d.unlogged } : {}),
        },
      },
      docs: refusedLong ? LOG_DOCS.httpSysRegistry : LOG_DOCS.httpErrReasons,
      commands: refusedLong
        ? [
            cmd('reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters /v MaxFieldLength /t REG_DWORD /d 65534 /f'),
            cmd('reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters /v MaxRequestBytes /t REG_DWORD /d 65534 /f'),
            cmd('shutdown /r /t 0'),
          ]
        : undefined,
    });
  },
});
