import { defineCheck } from '../../engine/check.js';
import { fail, pass, powershell, warn } from '../../engine/outcome.js';
import type { Outcome } from '../../engine/types.js';
import type { TargetRecording } from '../../recordings/probes.js';
import { parseCaps } from '../../parse/scep-response.js';
import { bodyCut, bodyOf, codesFor, DOCS, exchanges, onTarget, unreachable } from './common.js';

const STRONG = ['sha-256', 'sha-384', 'sha-512'];

export default defineCheck({
  id: 'NDES-NET-002',
  slug: 'getcacaps-capabilities',
  area: 'endpoint',
  title: 'GetCACaps offers POSTPKIOperation and SHA-256 or better',
  severity: 'high',
  requires: ['endpoint'],
  run: ({ endpoint }) => onTarget(endpoint, judge),
});

function judge(t: TargetRecording): Outcome {
  const [e] = exchanges(t, 'getcacaps');
  if (!e) return { status: 'skip', skipReason: 'not-applicable', message: `GetCACaps was not probed for ${t.url}.` };
  if (!e.response) return unreachable(e, 'ask for the SCEP capabilities');
  const source = `GET ${e.request.url}`;
  if (e.response.status !== 200) {
    return fail(
      `GetCACaps answers HTTP ${e.response.status} instead of the capability list: devices stop at this first SCEP call.`,
      { text: 'See NDES-NET-001 for what this status means on mscep.dll, and the IIS log on the NDES server for the request.', docs: DOCS.deviceToNdes },
      { expected: 'HTTP 200 with one capability per line', actual: `HTTP ${e.response.status}`, source, ...codesFor(String(e.response.status)) },
    );
  }
  // A list cut short reads as fewer capabilities than the server offers.
  const cut = bodyCut(e, 'read the SCEP capabilities');
  if (cut) return cut;
  const caps = parseCaps(bodyOf(e));
  const lower = caps.map((c) => c.toLowerCase());
  const evidence = { expected: 'POSTPKIOperation and SHA-256 (or SHA-384/SHA-512)', actual: caps.join(', ') || '(empty)', source, details: { capabilities: caps } };
  const strong = lower.some((c) => STRONG.includes(c));
  const post = lower.includes('postpkioperation');
  if (caps.length === 0) {
    return fail(
      'GetCACaps answered 200 with no capabilities: clients then assume SHA-1 and DES, or refuse to enroll.',
      { text: 'Something other than NDES may be answering (check NDES-NET-001), or the response is altered by a proxy. Request the URL below and look at the body.', commands: [powershell(`(Invoke-WebRequest -UseBasicParsing -Uri "${e.request.url}").RawContent`)], docs: DOCS.rfc8894 },
      evidence,
    );
  }
  if (!strong) {
    return warn(
      `GetCACaps offers only ${caps.join(', ')}: no SHA-256 or better, so devices sign and encrypt with SHA-1 and DES3; current Apple and Android clients may refuse.`,
      {
        text: 'NDES on Windows Server 2012 R2 and later advertises SHA-256 and SHA-512 (seen in community captures; Microsoft does not document the list). An older NDES, or a proxy rewriting the answer, limits clients to SHA-1: upgrade the server or remove what rewrites the response.',
        docs: DOCS.configure,
      },
      evidence,
    );
  }
  if (!post) {
    return warn(
      'GetCACaps does not offer POSTPKIOperation: devices must send the whole request in the URL (GET), which needs the long-URL limits of NDES-NET-012 everywhere on the path.',
      { text: 'NDES on current Windows Server advertises POSTPKIOperation; its absence suggests an old NDES or a different SCEP server behind this URL.', docs: DOCS.rfc8894 },
      evidence,
    );
  }
  return pass(`GetCACaps offers ${caps.join(', ')}.`, evidence);
}
