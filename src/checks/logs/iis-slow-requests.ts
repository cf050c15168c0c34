import { defineCheck } from '../../engine/check.js';
import { pass, warn } from '../../engine/outcome.js';
import { at, iisNotJudged, LOG_DOCS, noScepRequests, notJudgedOutcome, unusableLog } from './common.js';

export default defineCheck({
  id: 'NDES-LOG-013',
  slug: 'iis-slow-requests',
  area: 'logs',
  title: 'IIS log: SCEP requests are answered within 30 seconds',
  severity: 'low',
  requires: ['iisLog'],
  run({ iisLog }) {
    if (iisLog.state !== 'read') return unusableLog(iisLog, 'IIS log of the NDES site')!;
    const d = iisLog.digest;
    const none = noScepRequests(d, iisLog.source);
    if (none) return none;
    const { slow } = d;
    const seconds = slow.thresholdMs / 1000;
    const timed = d.scepRequests - (d.unlogged['time-taken'] ?? 0);
    const evidence = {
      expected: `time-taken below ${slow.thresholdMs} ms`,
      actual: slow.count ? `${slow.count} request(s) at or over it, the slowest ${slow.maxMs} ms` : timed === d.scepRequests ? `all ${timed} below it` : `${timed} of ${d.scepRequests} logged with it, all below it`,
      source: iisLog.source,
      details: { byOperation: slow.byOperation },
    };
    const notJudged = iisNotJudged(d, [['time-taken', d.unlogged['time-taken'] ?? 0, 'SCEP request(s)']], 'how long those took');
    if (!slow.count) {
      if (notJudged) return notJudgedOutcome('how long SCEP requests took in IIS', notJudged, evidence);
      return pass(`All ${d.scepRequests} SCEP request(s) were answered within ${seconds} s.`, evidence);
    }
    const ops = Object.entries(slow.byOperation).map(([op, n]) => `${op} ×${n}`).join(', ');
    return warn(
      `${slow.count} SCEP request(s) took ${seconds} s or more (${ops}; the slowest ${(slow.maxMs / 1000).toFixed(1)} s, the latest ${at(slow.latestMs)}). Devices and reverse proxies give up on slow answers (the Entra application proxy after 85 s by default).${notJudged ? ` Not judged: ${notJudged.text}` : ''}`,
      {
        text: 'A PKIOperation waits for the Intune challenge validation and the CA: check the connector\'s connection to Intune (NDES-LOG-007) and the CA\'s response time (`certutil -config "<CAHost>\\<CAName>" -ping`); a slow GetCACert points to revocation checks of the RA certificates timing out (CRL locations unreachable).',
        docs: LOG_DOCS.deviceToNdes,
      },
      evidence,
    );
  },
});
