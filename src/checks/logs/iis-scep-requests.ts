import { defineCheck } from '../../engine/check.js';
import { NO_QUERY, PLATFORMS, type IisDigest, type StatusRow } from '../../facts/log-digests.js';
import {
  conclude,
  type Finding,
  iisCoverage,
  iisNotJudged,
  iso,
  knowledge,
  lastSeen,
  LOG_DOCS,
  LOG_URI_QUERY,
  noScepRequests,
  rowFinding,
  statusCode,
  statusEntry,
  totalCount,
  unloggedQueries,
  unusableLog,
} from './common.js';

/** Seen on named operations: the plain 403 entry is the bare URL's healthy answer, not theirs (see statusEntry). */
const OPERATION_FORBIDDEN_FIX =
  'Only a browse of the bare mscep.dll should get 403 (from the Intune policy module); GetCACaps and GetCACert must answer 200, or devices cannot start enrolling. IIS refused these itself: its sub-status names why (403.4 SSL required, 403.6 client IP address rejected, 403.7 client certificate required, 403.14 directory listing denied...). Check the IP and Domain Restrictions, SSL Settings and Authorization Rules of CertSrv/mscep and the Default Web Site in IIS Manager.';

const IIS_BAD_REQUEST_FIX =
  'IIS logged this 400, so IIS or mscep.dll refused the request, not HTTP.sys (its refusals are written only to the HTTPERR log, NDES-LOG-014): raising the HTTP.sys limits does not help. Look up sc-substatus in the IIS status code reference; a community report traces a 400 from NDES to a changed Handler Mappings order on the Default Web Site.';

/** Statuses another IIS log check explains. */
function claimedStatus(r: StatusRow): boolean {
  if ((r.status === 404 && (r.substatus === 14 || r.substatus === 15)) || r.status === 414) return true; // NDES-LOG-010
  if (r.status === 500 || r.status === 503) return true; // NDES-LOG-011
  if (r.status === 403 && (r.operation === 'PKIOperation' || r.operation.startsWith('CRP'))) return true; // NDES-LOG-012
  return false;
}

/** Per operation, its answers: `PKIOperation 120 (200 ×118, 404.15 ×2)`. */
function operationSummary(d: IisDigest): string {
  const byOp = new Map<string, StatusRow[]>();
  for (const r of d.rows) byOp.set(r.operation, [...(byOp.get(r.operation) ?? []), r]);
  return [...byOp.entries()]
    .map(([op, rows]) => `${op} ${totalCount(rows)} (${rows.map((r) => `${statusCode(r)} ×${r.count}`).join(', ')})`)
    .join('; ');
}

function platformSummary(d: IisDigest): string {
  return Object.entries(d.platforms)
    .map(([p, v]) => `${PLATFORMS[p as keyof typeof PLATFORMS]} ${v!.requests}${v!.failures ? ` (${v!.failures} failed)` : ''}`)
    .join(', ');
}

/**
 * Rows to report. `policyModuleSince`: the last time the bare URL answered 403, the policy module's answer; an
 * information page (200) before it is the documented state between NDES setup and the connector install.
 */
function unexplained(r: StatusRow, policyModuleSince: number): Finding | undefined {
  if (claimedStatus(r) || r.status < 400) {
    // The bare URL answering 200 is the NDES information page: the Intune policy module is not active.
    if (r.operation === '(none)' && r.status === 200 && !(r.lastMs < policyModuleSince)) {
      return rowFinding(r, 'fail', knowledge('http-status', '200')!.fix, ['NDES-NET-001'], ': the NDES information page, not the 403 the Intune policy module gives');
    }
    return undefined;
  }
  if (r.operation === '(none)' && r.status === 403) return undefined; // healthy: the policy module refuses a bare browse
  // Without the operation a 403 may be that healthy answer or a refused enrollment: the caveat says so.
  if (r.operation === NO_QUERY && r.status === 403) return undefined;
  const entry = statusEntry(r);
  // Anonymous authentication is what devices need; Windows authentication beside it is how NDES setup leaves it (NDES-IIS-005).
  if (r.status === 401) return rowFinding(r, 'fail', knowledge('http-status', '401.2')!.fix, ['NDES-IIS-005']);
  // The 400 entry is HTTP.sys's refusal, which reaches only the HTTPERR log: one in the IIS log came from IIS or mscep.dll.
  if (r.status === 400) return rowFinding(r, 'fail', IIS_BAD_REQUEST_FIX);
  if (r.status === 403 && !entry) return rowFinding(r, 'fail', OPERATION_FORBIDDEN_FIX);
  return rowFinding(r, 'fail', entry?.fix ?? 'Look the status up in the IIS status code reference (sc-status.sc-substatus, sc-win32-status).');
}

export default defineCheck({
  id: 'NDES-LOG-009',
  slug: 'iis-scep-requests',
  area: 'logs',
  title: 'IIS log: SCEP requests by operation and status, and no unexplained errors',
  severity: 'medium',
  requires: ['iisLog'],
  run({ iisLog }, ctx) {
    if (iisLog.state !== 'read') return unusableLog(iisLog, 'IIS log of the NDES site')!;
    const d = iisLog.digest;
    const coverage = iisCoverage(d);
    const none = noScepRequests(d, iisLog.source);
    if (none) return none;
    const policyModuleSince = lastSeen(d.rows.filter((r) => r.operation === '(none)' && r.status === 403));
    const findings = d.rows.map((r) => unexplained(r, policyModuleSince)).filter((f): f is Finding => !!f);
    const unlogged = unloggedQueries(d.rows);
    const caveat = unlogged
      ? `${unlogged}: their SCEP operation is unknown, so whether the bare URL answered with the NDES information page (200) instead of the policy module's 403, and whether a 403 refused an enrollment, cannot be told. ${LOG_URI_QUERY}`
      : undefined;
    // With no request whose operation is known, the operation rules were not applied at all: not a pass.
    const noOperationKnown = !d.rows.some((r) => r.operation !== NO_QUERY && !r.operation.startsWith('CRP'));
    const notJudged = iisNotJudged(d, [['sc-status', d.unlogged['sc-status'] ?? 0, 'SCEP request(s)']], 'whether those failed');
    return conclude({
      subject: 'the SCEP requests in the IIS log',
      what: 'SCEP requests failed in IIS',
      now: ctx.now,
      findings,
      notes: [],
      facts: [iisLog],
      passMessage: `${d.scepRequests} SCEP request(s) in ${coverage}: ${operationSummary(d)}. Clients: ${platformSummary(d)}.${caveat ? ` ${caveat}` : ''}`,
      caveat,
      notJudged,
      nothingToJudge: caveat && noOperationKnown ? `No SCEP operation in ${coverage} can be judged: ${caveat}` : undefined,
      evidence: {
        actual: operationSummary(d),
        source: iisLog.source,
        details: {
          coverage,
          platforms: d.platforms,
          userAgents: d.userAgents.slice(0, 10),
          rows: d.rows.map(({ firstMs, lastMs, ...r }) => ({ ...r, first: iso(firstMs), last: iso(lastMs) })),
          ...(Object.keys(d.unlogged).length ? { unlogged: d.unlogged } : {}),
          ...(d.malformed ? { malformedLines: d.malformed } : {}),
          ...(d.remarks.length ? { collector: d.remarks } : {}),
        },
      },
      docs: LOG_DOCS.deviceToNdes,
    });
  },
});
