import { defineCheck } from '../../engine/check.js';
import { NO_QUERY } from '../../facts/log-digests.js';
import { conclude, type Finding, knowledge, LOG_DOCS, LOG_URI_QUERY, rowFinding, unloggedQueries, unusableLog } from './common.js';

export default defineCheck({
  id: 'NDES-LOG-012',
  slug: 'iis-pkioperation-forbidden',
  area: 'logs',
  title: 'IIS log: enrollment requests (PKIOperation) are not refused with 403',
  severity: 'medium',
  requires: ['iisLog'],
  run({ iisLog }, ctx) {
    if (iisLog.state !== 'read') return unusableLog(iisLog, 'IIS log of the NDES site')!;
    const findings: Finding[] = iisLog.digest.rows.flatMap((r): Finding[] => {
      if (r.status !== 403) return [];
      if (r.operation === 'PKIOperation') {
        return [
          rowFinding(
            r,
            'fail',
            'The Intune policy module refused these enrollments: it answers 403 when the challenge does not validate. NDES-LOG-003 names the reason the connector logged (4005 ScepVerifyFailure); a device without an Intune challenge (not enrolled through a SCEP profile) is refused the same way.',
            [],
            ': the policy module refused the request',
          ),
        ];
      }
      if (r.operation === 'CRP VerifyRequest') return [rowFinding(r, 'fail', knowledge('http-status', '403.16')!.fix, ['NDES-TLS-011'])];
      return [];
    });
    const pki = iisLog.digest.rows.filter((r) => r.operation === 'PKIOperation').reduce((n, r) => n + r.count, 0);
    const unlogged = unloggedQueries(iisLog.digest.rows);
    // Only a 403 among them may be a refused enrollment; without 403s they change nothing here.
    const unlogged403 = unloggedQueries(iisLog.digest.rows.filter((r) => r.operation === NO_QUERY && r.status === 403));
    if (!pki && !iisLog.digest.rows.some((r) => r.operation === 'CRP VerifyRequest')) {
      return {
        status: 'skip',
        skipReason: 'no-data',
        message: unlogged
          ? `No request in the IIS log is known to be an enrollment: ${unlogged}, so which of them are PKIOperation, and whether a 403 refused one or was the bare URL's healthy answer, cannot be told. ${LOG_URI_QUERY}`
          : 'No enrollment request (PKIOperation, or the legacy connector\'s VerifyRequest) in the IIS log: nothing shows whether enrollments are refused.',
        evidence: { source: iisLog.source },
      };
    }
    const caveat = unlogged403
      ? `Not judged: ${unlogged403}, each a refused enrollment or the bare URL's healthy answer. ${LOG_URI_QUERY}`
      : undefined;
    return conclude({
      subject: 'the SCEP requests in the IIS log',
      what: 'Enrollment requests were refused',
      now: ctx.now,
      findings,
      notes: [],
      facts: [iisLog],
      passMessage: `No 403 among ${pki} PKIOperation request(s) in the IIS log.${caveat ? ` ${caveat}` : ''}`,
      caveat,
      evidence: { expected: 'no 403 on PKIOperation or on the legacy VerifyRequest', actual: `${findings.reduce((n, f) => n + f.count, 0)} of ${pki}`, source: iisLog.source },
      docs: LOG_DOCS.policyModule,
    });
  },
});
