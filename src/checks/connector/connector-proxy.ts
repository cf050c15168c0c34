import { defineCheck } from '../../engine/check.js';
import { fail, pass, powershell, warn } from '../../engine/outcome.js';
import { LINKS } from '../server/links.js';
import { noCurrentConnector } from './current.js';

const WIZARD = powershell('& "$env:ProgramFiles\\Microsoft Intune\\PFXCertificateConnector\\ConnectorUI\\PFXCertificateConnectorUI.exe"');

/**
 * What is wrong with the proxy as the connector stores it. `documented` problems break a rule
 * Microsoft states (the wizard wants a URL with http:// or https://); the others rest on community
 * reports only.
 */
export function proxyProblems(server: string, username: string | undefined): { text: string; documented: boolean }[] {
  const problems: { text: string; documented: boolean }[] = [];
  let url: URL | undefined;
  if (!/^https?:\/\//i.test(server)) problems.push({ text: `"${server}" has no http:// or https:// prefix`, documented: true });
  else {
    try {
      url = new URL(server);
    } catch {
      problems.push({ text: `"${server}" is not a valid URL`, documented: true });
    }
  }
  if (url && !url.hostname) problems.push({ text: `"${server}" names no host`, documented: true });
  if (url && (url.pathname !== '/' || url.search)) problems.push({ text: `"${server}" has a path or query, where a proxy URL has only scheme, host and port`, documented: false });
  if (username) problems.push({ text: `a proxy user name (${username}) is set; community reports say the connector cannot authenticate to a proxy`, documented: false });
  return problems;
}

export default defineCheck({
  id: 'NDES-CON-005',
  slug: 'connector-proxy',
  area: 'connector',
  title: 'Connector proxy setting is well-formed',
  severity: 'high',
  requires: ['connectorSettings', 'connectorInstall'],
  run({ connectorSettings: s, connectorInstall }) {
    if (!connectorInstall.current) return noCurrentConnector();
    const source = `${s.path}\\Proxy (${s.source})`;
    if (!s.proxyServer) {
      return pass('The connector uses no proxy.', { expected: 'no proxy, or http(s)://host[:port]', actual: 'ProxyServer absent or empty', source });
    }
    const problems = proxyProblems(s.proxyServer, s.proxyUsername);
    const evidence = { expected: 'http(s)://host[:port]', actual: `ProxyServer "${s.proxyServer}"${s.proxyUsername ? `, Username "${s.proxyUsername}"` : ''}`, source };
    if (problems.length === 0) return pass(`The connector uses proxy ${s.proxyServer}.`, evidence);
    const remediation = {
      text:
        'Re-run the connector configuration wizard and enter the proxy as a full URL such as http://proxy.contoso.com:8080; without the scheme ' +
        'the connector fails to build its HTTP client (System.NotSupportedException). If the connector still cannot reach Intune through an ' +
        'authenticating proxy, allow the server unauthenticated access to the Intune endpoints.',
      commands: [WIZARD],
      docs: LINKS.connectorInstall,
    };
    const text = problems.map((p) => p.text).join('; ');
    if (problems.some((p) => p.documented)) return fail(`The connector proxy setting is unusable: ${text}.`, remediation, evidence);
    return warn(`The connector proxy setting may not work: ${text}. Microsoft does not document either limit; check the connector's Operational log for proxy errors (HTTP 407).`, remediation, evidence, 'low');
  },
});
