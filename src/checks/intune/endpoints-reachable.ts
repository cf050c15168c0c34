import { defineCheck } from '../../engine/check.js';
import { fail, pass, powershell } from '../../engine/outcome.js';
import { INTUNE_DOCS, label, via } from './common.js';

export default defineCheck({
  id: 'NDES-INT-001',
  slug: 'intune-endpoints-reachable',
  area: 'intune',
  title: 'The Intune endpoints the connector uses answer over HTTPS from this server',
  severity: 'high',
  requires: ['intuneReachability'],
  run({ intuneReachability: r }) {
    const line = (e: (typeof r.endpoints)[number]) =>
      e.error ? `${label(e)}: ${e.error.stage} failed, ${e.error.code}: ${e.error.message}` : `${label(e)}: HTTP ${e.http?.status} over ${e.tls?.protocol}`;
    const evidence = { expected: `an HTTP answer from each endpoint over TLS, ${via(r)}`, actual: r.endpoints.map(line).join('; '), source: r.source };
    const failed = r.endpoints.filter((e) => e.error);
    if (failed.length === 0) return pass(`Every Intune endpoint answered ${via(r)}.`, evidence);
    const proxyAuth = failed.some((e) => e.proxyStatus === 407);
    return fail(
      `${failed.map(line).join('; ')}. The connector cannot sign in, reach the Intune service or update itself from this server.`,
      {
        text:
          (proxyAuth ? 'The proxy demands authentication, which the connector does not support: allow the NDES server through without it. ' : '') +
          'Allow HTTPS (443) from this server, as SYSTEM and as the connector account, to the endpoints Microsoft lists for the connector, through the proxy set in the connector wizard (with its http:// prefix).',
        commands: r.endpoints.map((e) => powershell(`Invoke-WebRequest https://${e.host}/ -Method Head -UseBasicParsing${r.proxy ? ` -Proxy http://${r.proxy.host}:${r.proxy.port}` : ''}`)),
        docs: INTUNE_DOCS.prerequisites,
      },
      evidence,
    );
  },
});
