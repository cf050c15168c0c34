import { defineCheck } from '../../engine/check.js';
import { cmd, fail, notApplicable, pass, powershell } from '../../engine/outcome.js';
import { CA_DOCS, describeError, isAccessDenied } from './common.js';

export default defineCheck({
  id: 'NDES-CA-001',
  slug: 'ca-reachable',
  area: 'ca',
  title: 'The CA that NDES submits to answers from this server',
  severity: 'critical',
  requires: ['ndesCa', 'caPing'],
  dependsOn: ['NDES-MSCEP-002'],
  run({ ndesCa, caPing }) {
    if (!ndesCa.configured) return notApplicable('NDES names no CA (see NDES-MSCEP-002).');
    const r = caPing.result;
    const evidence = { expected: `certutil -config "${ndesCa.config}" -ping reaches ICertRequest2, exit code 0`, source: caPing.source };
    if (r.alive) return pass(`${ndesCa.config} answers (ICertRequest2 is alive).`, { ...evidence, actual: 'alive' });
    if (isAccessDenied(r.error)) {
      return { status: 'error', errorCode: 'E_ACCESS_DENIED', message: `The CA ${ndesCa.config} refused the account that collected the data (${r.error!.line}); run the collection as an account the CA lets in, or check its DCOM permissions.` };
    }
    return fail(
      `NDES cannot reach its CA ${ndesCa.config}: ${describeError(r.error, r.said)}. Devices then get their challenge accepted but no certificate (NDES event 31).`,
      {
        text: 'Make the CA reachable from the NDES server: resolve its name, allow TCP 135 and the dynamic RPC ports (49152-65535) from NDES to the CA, make sure the CA service runs, and that NDES and the CA are both patched for the DCOM hardening (KB5004442). Then ping it again.',
        commands: [cmd(`certutil -config "${ndesCa.config}" -ping`), powershell(`Test-NetConnection ${ndesCa.host} -Port 135`), powershell(`Resolve-DnsName ${ndesCa.host}`)],
        docs: CA_DOCS.rpcUnavailable,
      },
      { ...evidence, actual: r.error?.line ?? r.said, codes: r.error ? [r.error.hresult, ...(r.error.name ? [r.error.name] : [])] : [] },
    );
  },
});
