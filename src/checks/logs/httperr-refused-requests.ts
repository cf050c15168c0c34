import { defineCheck } from '../../engine/check.js';
import type { ReasonRow } from '../../facts/log-digests.js';
import { conclude, knowledge, LOG_DOCS, type Finding } from './common.js';

/** HTTP.sys refused the request for its size: the HTTP.sys limits are too low for SCEP URLs. */
const TOO_LONG = new Set(['fieldlength', 'requestlength', 'url_length']);
/** HTTP.sys answered 503 itself: the application pool behind the queue is not serving. */
const UNAVAILABLE = new Set(['appoffline', 'apppooltimer', 'appshutdown', 'disabled', 'queuefull', 'n/a']);
const ABANDONED = new Set(['connection_abandoned_by_apppool', 'connection_abandoned_by_reqqueue']);
const NDES_QUEUE = /^scep$|certificateregistration/i;

const forScep = (r: ReasonRow) => r.scep > 0 || Object.keys(r.queues).some((q) => NDES_QUEUE.test(q));

export default defineCheck({
  id: 'NDES-LOG-014',
  slug: 'httperr-refused-requests',
  area: 'logs',
  title: 'HTTP.sys error log: no SCEP request refused before IIS (too long, pool unavailable)',
  severity: 'high',
  requires: ['httpErrLog', 'iisLog'],
  run({ httpErrLog, iisLog }, ctx) {
    if (httpErrLog.state === 'absent') {
      return { status: 'skip', skipReason: 'no-data', message: `No HTTP.sys error log in the window: ${httpErrLog.reason}.` };
    }
    if (httpErrLog.state === 'unreadable') return { status: 'error', errorCode: httpErrLog.errorCode, message: `Could not read the HTTP.sys error log: ${httpErrLog.reason}.` };
    const d = httpErrLog.digest;
    const iisScep = iisLog.state === 'read' ? iisLog.digest.scepRequests : undefined;
    const findings: Finding[] = [];
    const tooLong = d.reasons.filter((r) => TOO_LONG.has(r.reason.toLowerCase()));
    for (const r of tooLong) {
      const entry = knowledge('httperr-reason', r.reason);
      const scepNote = r.scep ? `, ${r.scep} of them on /certsrv/mscep` : '';
      findings.push({
        text: `HTTP.sys refused ${r.count} request(s) as ${r.reason} (${r.status > 0 ? r.status : 'no status'}${scepNote})`,
        count: r.count,
        lastMs: r.lastMs,
        severity: 'fail',
        codes: [entry?.code ?? r.reason],
        fix: entry?.fix ?? 'Raise MaxFieldLength and MaxRequestBytes to 65534.',
        corroborates: ['NDES-HSYS-001', 'NDES-HSYS-002'],
      });
    }
    for (const r of d.reasons.filter((x) => UNAVAILABLE.has(x.reason.toLowerCase()) && forScep(x))) {
      const entry = knowledge('httperr-reason', r.reason);
      findings.push({
        text: `HTTP.sys answered ${r.count} SCEP request(s) with 503 ${r.reason}${Object.keys(r.queues).length ? ` (queue ${Object.keys(r.queues).join(', ')})` : ''}: ${entry?.meaning ?? 'the application pool was not serving'}`,
        count: r.count,
        lastMs: r.lastMs,
        severity: 'fail',
        codes: [entry?.code ?? r.reason],
        fix: entry?.fix ?? 'Start the SCEP application pool and find why it stopped.',
        corroborates: ['NDES-IIS-004'],
      });
    }
    for (const r of d.reasons.filter((x) => ABANDONED.has(x.reason.toLowerCase()) && forScep(x))) {
      const entry = knowledge('httperr-reason', r.reason);
      findings.push({
        text: `${r.count} SCEP request(s) were orphaned (${r.reason}): the worker process serving them crashed`,
        count: r.count,
        lastMs: r.lastMs,
        severity: 'warn',
        codes: [entry?.code ?? r.reason],
        fix: entry?.fix ?? 'Find why w3wp.exe of the SCEP pool crashed (NDES-LOG-008).',
        corroborates: ['NDES-IIS-004'],
      });
    }
    const refusedLong = tooLong.reduce((n, r) => n + r.count, 0);
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
      evidence: {
        expected: 'no FieldLength, RequestLength or URL_Length; no 503 AppOffline/Disabled/QueueFull/N/A for the SCEP pool',
        actual: d.reasons.map((r) => `${r.reason} ×${r.count}`).join(', ') || 'no lines',
        source: httpErrLog.source,
        details: { iisScepRequests: iisScep ?? 'IIS log not read', reasons: d.reasons.map(({ firstMs: _f, lastMs: _l, ...r }) => r) },
      },
      docs: refusedLong ? LOG_DOCS.httpSysRegistry : LOG_DOCS.httpErrReasons,
      commands: refusedLong
        ? [
            'reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters /v MaxFieldLength /t REG_DWORD /d 65534 /f',
            'reg add HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters /v MaxRequestBytes /t REG_DWORD /d 65534 /f',
            'shutdown /r /t 0',
          ]
        : undefined,
    });
  },
});
