import { defineCheck } from '../../engine/check.js';
import { conclude, type Finding, iisNotJudged, knowledge, LOG_DOCS, noScepRequests, rowFinding, totalCount, unusableLog } from './common.js';

export default defineCheck({
  id: 'NDES-LOG-010',
  slug: 'iis-request-too-long',
  area: 'logs',
  title: 'IIS log: no SCEP request refused as too long (404.14, 404.15, 414)',
  severity: 'high',
  requires: ['iisLog'],
  run({ iisLog }, ctx) {
    if (iisLog.state !== 'read') return unusableLog(iisLog, 'IIS log of the NDES site')!;
    const none = noScepRequests(iisLog.digest, iisLog.source);
    if (none) return none;
    const findings: Finding[] = iisLog.digest.rows.flatMap((r): Finding[] => {
      if (r.status === 404 && r.substatus === 14) return [rowFinding(r, 'fail', knowledge('http-status', '404.14')!.fix, ['NDES-IIS-001'])];
      if (r.status === 404 && r.substatus === 15) return [rowFinding(r, 'fail', knowledge('http-status', '404.15')!.fix, ['NDES-IIS-002'])];
      if (r.status === 414) return [rowFinding(r, 'fail', knowledge('http-status', '414')!.fix, ['NDES-HSYS-001', 'NDES-HSYS-002', 'NDES-IIS-001', 'NDES-IIS-002'])];
      return [];
    });
    const scep = iisLog.digest.scepRequests;
    // A 404 without its sub-status may be a 404.14 or 404.15; other statuses need none to be judged.
    const plain404 = totalCount(iisLog.digest.rows.filter((r) => r.status === 404 && r.substatus < 0));
    const notJudged = iisNotJudged(
      iisLog.digest,
      [
        ['sc-status', iisLog.digest.unlogged['sc-status'] ?? 0, 'SCEP request(s)'],
        ['sc-substatus', plain404, 'SCEP request(s) answered 404'],
      ],
      'whether IIS refused those as too long',
    );
    return conclude({
      subject: 'the SCEP requests in the IIS log',
      what: 'IIS refused SCEP requests as too long',
      now: ctx.now,
      findings,
      notes: [],
      facts: [iisLog],
      passMessage: `None of ${scep} SCEP request(s) in the IIS log was refused as too long.`,
      notJudged,
      evidence: { expected: 'no 404.14, 404.15 or 414 on /certsrv/mscep', actual: `${totalCount(findings)} of ${scep}`, source: iisLog.source },
      docs: LOG_DOCS.requestLimits,
    });
  },
});
