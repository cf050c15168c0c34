import { defineCheck } from '../../engine/check.js';
import { cmd, cmdQuoted, fail, pass, warn } from '../../engine/outcome.js';
import type { Outcome } from '../../engine/types.js';
import type { Exchange, TargetRecording } from '../../recordings/probes.js';
import { DOCS, exchanges, onTarget, scepCertificatesOf } from './common.js';

/** The RA certificates of one GetCACert answer as one comparable string; undefined when the answer carries none readable. */
function raSet(t: TargetRecording, e: Exchange): string | undefined {
  if (e.response?.status !== 200 || e.error) return undefined;
  try {
    return scepCertificatesOf(t, e).ras.map((r) => r.cert.sha256).sort().join('+');
  } catch {
    return undefined;
  }
}

export default defineCheck({
  id: 'NDES-NET-013',
  slug: 'load-balancer-affinity',
  area: 'endpoint',
  title: 'Every connection reaches the same NDES RA certificates',
  severity: 'high',
  requires: ['endpoint'],
  run: ({ endpoint }) =>
    onTarget(endpoint, (t): Outcome => {
      const calls = exchanges(t, 'getcacert').map((e) => ({ e, ras: raSet(t, e) }));
      const answers = calls.flatMap((c) => (c.ras === undefined ? [] : [c.ras]));
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
      // "Every connection" needs every connection's answer: one that carried no RA certificates says nothing of that one.
      const missed = calls.filter((c) => c.ras === undefined).map((c) => c.e);
      const answered = missed.filter((e) => e.response && !e.error);
      if (answered.length > 0) {
        const statuses = answered.map((e) => `HTTP ${e.response!.status}${e.response!.status === 200 ? ' without readable RA certificates' : ''}`).join(', ');
        return warn(
          `${answered.length} of ${calls.length} new connections to ${t.host} got an answer other than the RA certificates (${statuses}), while ${answers.length} got the same ones: a server behind this name may be broken or not NDES, or the SCEP pool was restarting. Devices whose connections land there fail to enroll.`,
          {
            text: 'Run the check again. If the answer comes back, test each server behind the name on its own, and take the failing one out of the load-balancer pool until it answers GetCACert like the others.',
            commands: [cmd(`ndes-doctor check --url ${cmdQuoted(t.url, '<url>')} --resolve "${t.host}=<server-ip>"`)],
            docs: DOCS.scepProfile,
          },
          { ...evidence, actual: `${evidence.actual}; ${statuses} on the other connection(s)` },
        );
      }
      if (missed.length > 0) {
        return {
          status: 'error',
          errorCode: 'E_NETWORK',
          message: `Could not compare every connection to ${t.host}: ${answers.length} of ${calls.length} GetCACert answers carried the same RA certificates, and ${missed.length} got no whole answer (${missed.map((e) => e.error?.code ?? 'no response').join(', ')}). Run the check again.`,
          evidence,
        };
      }
      return pass(`All ${answers.length} GetCACert answers from ${t.host} carried the same RA certificates.`, evidence);
    }),
});
