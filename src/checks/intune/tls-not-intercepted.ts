import { defineCheck } from '../../engine/check.js';
import { fail, notApplicable, pass, powershell, warn } from '../../engine/outcome.js';
import { INTUNE_DOCS, label, via } from './common.js';

export default defineCheck({
  id: 'NDES-INT-002',
  slug: 'intune-tls-not-intercepted',
  area: 'intune',
  title: 'The Intune endpoints present a publicly trusted chain (no TLS inspection)',
  severity: 'high',
  requires: ['intuneReachability'],
  run({ intuneReachability: r }) {
    const seen = r.endpoints.filter((e) => e.tls);
    if (seen.length === 0) return notApplicable('No Intune endpoint completed a TLS handshake (see NDES-INT-001).');
    const top = (e: (typeof seen)[number]) => e.chain[e.chain.length - 1];
    const line = (e: (typeof seen)[number]) =>
      `${label(e)}: ${e.tls!.authorized ? 'public chain' : (e.tls!.authorizationError ?? 'not trusted')}, top certificate issued by ${top(e)?.issuer ?? 'unknown'}`;
    const evidence = { expected: 'each chain verified against public roots only, for the endpoint name', actual: seen.map(line).join('; '), source: r.source };
    const intercepted = seen.filter((e) => !e.tls!.authorized);
    if (intercepted.length === 0) return pass(`Every Intune endpoint presented a publicly trusted chain ${via(r)}.`, evidence);
    const issuers = [...new Set(intercepted.map((e) => top(e)?.issuer).filter(Boolean))];
    const inspected = `${intercepted.map(label).join(', ')} presented a chain that public roots do not trust${issuers.length ? `, issued by ${issuers.join('; ')}` : ''}: a proxy or firewall inspects TLS ${via(r)}.`;
    const remediation = {
      text: 'Exempt the NDES server, or the Intune and Microsoft sign-in endpoints, from TLS inspection on the proxy or firewall.',
      commands: r.endpoints.map((e) => powershell(`$r = [Net.HttpWebRequest]::Create('https://${e.host}/'); try { $r.GetResponse().Close() } catch { }; $r.ServicePoint.Certificate.Issuer`)),
      docs: INTUNE_DOCS.endpoints,
    };
    // Microsoft marks inspection unsupported for the Intune service (*.manage.microsoft.com, *.dm.microsoft.com) and
    // for the updater's *.msappproxy.net, not for Entra sign-in, which works through it when Windows trusts the proxy's CA.
    if (intercepted.every((e) => e.purpose === 'sign-in')) {
      return warn(
        `${inspected} Microsoft documents TLS inspection as unsupported for the Intune service endpoints, not for sign-in; the connector's sign-in works through it only while this server trusts the inspecting CA.`,
        remediation,
        evidence,
        'medium',
      );
    }
    return fail(
      `${inspected} Microsoft does not support TLS inspection of the Intune service endpoints or of the connector's auto-update service, so the connector may fail to reach Intune or to update.`,
      remediation,
      evidence,
    );
  },
});
