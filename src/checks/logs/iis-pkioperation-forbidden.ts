import { defineCheck } from '../../engine/check.js';
import { NO_QUERY, type StatusRow } from '../../facts/log-digests.js';
import { conclude, type Finding, iisNotJudged, knowledge, LOG_DOCS, LOG_URI_QUERY, notJudgedOutcome, rowFinding, totalCount, unloggedQueries, unusableLog } from './common.js';

/** The legacy connector's policy module calls to its Certificate Registration Point (VerifyRequest, Notify, others). */
const isCrp = (r: StatusRow) => r.operation.startsWith('CRP');
const NOTIFY_REFUSED = ': the Certificate Registration Point refused the policy module\'s report of an issued certificate';
const CRP_REFUSED_FIX = `The legacy Certificate Registration Point refused the NDES policy module, as it refuses VerifyRequest when the module's client certificate is not trusted. ${knowledge('http-status', '403.16')!.fix} A refused Notify leaves the certificate, already issued, out of Intune's reporting.`;

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
      // NDES-LOG-009 leaves every 403 on the legacy CRP to this check. Notify reports a certificate already issued to
      // Intune (Microsoft's reporting article): refused, only Intune's reporting misses it, so it warns.
      if (isCrp(r)) {
        const extra = r.operation === 'CRP Notify' ? NOTIFY_REFUSED : ': the Certificate Registration Point refused the policy module';
        return [rowFinding(r, 'warn', CRP_REFUSED_FIX, r.substatus === 16 ? ['NDES-TLS-011'] : [], extra)];
      }
      return [];
    });
    const pki = totalCount(iisLog.digest.rows.filter((r) => r.operation === 'PKIOperation'));
    const unlogged = unloggedQueries(iisLog.digest.rows);
    // Only a 403 among them may be a refused enrollment; without 403s they change nothing here.
    const unlogged403 = unloggedQueries(iisLog.digest.rows.filter((r) => r.operation === NO_QUERY && r.status === 403));
    // Enrollments, and requests to mscep.dll of unknown operation, whose status was not logged: each may be a 403.
    const statusUnlogged = totalCount(iisLog.digest.rows.filter((r) => r.status < 0 && (r.operation === 'PKIOperation' || r.operation === NO_QUERY || isCrp(r))));
    const notJudged = iisNotJudged(iisLog.digest, [['sc-status', statusUnlogged, 'request(s) that may be enrollments']], 'whether those were refused with 403');
    if (!pki && !iisLog.digest.rows.some(isCrp)) {
      // Lines without a URL may be enrollments: the log is not known to have none.
      if (notJudged && iisLog.digest.unlogged['cs-uri-stem']) return notJudgedOutcome('whether enrollment requests are refused', notJudged, { source: iisLog.source });
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
      notJudged,
      evidence: { expected: 'no 403 on PKIOperation or on the legacy VerifyRequest', actual: `${totalCount(findings)} of ${pki}`, source: iisLog.source },
      docs: LOG_DOCS.policyModule,
    });
  },
});
