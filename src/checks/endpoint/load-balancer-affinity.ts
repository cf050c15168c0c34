import { defineCheck } from '../../engine/check.js';
import { fail, pass } from '../../engine/outcome.js';
import type { Outcome } from '../../engine/types.js';
import { DOCS, exchanges, onTarget, scepCertificatesOf } from './common.js';

export default defineCheck({
  id: 'NDES-NET-013',
  slug: 'load-balancer-affinity',
  area: 'endpoint',
  title: 'Every connection reaches the same NDES RA certificates',
  severity: 'high',
  requires: ['endpoint'],
  run: ({ endpoint }) =>
    onTarget(endpoint, (t): Outcome => {
      const answers = exchanges(t, 'getcacert').flatMap((e) => {
        if (e.response?.status !== 200 || e.error) return [];
        try {
          const { ras } = scepCertificatesOf(t, e);
          return [ras.map((r) => r.cert.sha256).sort().join('+')];
        } catch {
          return [];
        }
      });
      if (answers.length < 2) {
        return { status: 'skip', skipReason: 'not-applicable', message: `Fewer than two usable GetCACert answers from ${t.url}; nothing to compare (NDES-NET-003 reports why).` };
      }
      const distinct = [...new Set(answers)];
      const evidence = {
        expected: 'the same RA certificates on every connection',
        actual: `${distinct.length} different RA certificate set(s) in ${answers.length} answers`,
        source: `${answers.length} GetCACert requests to ${t.url}, each on a new connection`,
        details: { raSets: distinct.map((s) => s.split('+').map((h) => h.slice(0, 16))) },
      };
      if (distinct.length > 1) {
        return fail(
          `${t.host} is served by several NDES servers with different RA certificates, and new connections land on different ones. A device makes three separate SCEP calls (GetCACaps, GetCACert, PKIOperation) and encrypts its request to the RA certificate it received; when the PKIOperation reaches another server, that server cannot decrypt it and enrollment fails.`,
          {
            text:
              'Microsoft documents that all three calls of one enrollment must reach the same NDES server. Turn on session affinity (source-IP persistence) on the load balancer for the NDES pool, ' +
              'or list each NDES server under its own URL in the SCEP profile (devices then keep to one server per enrollment).',
            docs: DOCS.scepProfile,
          },
          evidence,
        );
      }
      return pass(`All ${answers.length} GetCACert answers from ${t.host} carried the same RA certificates.`, evidence);
    }),
});
