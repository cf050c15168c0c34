import { defineCheck } from '../../engine/check.js';
import { fail, pass } from '../../engine/outcome.js';
import { LINKS } from '../server/links.js';

const WIZARD = '& "$env:ProgramFiles\\Microsoft Intune\\PFXCertificateConnector\\ConnectorUI\\PFXCertificateConnectorUI.exe"';

/** Problems with the proxy as the connector stores it, or none. */
export function proxyProblems(server: string, username: string | undefined): string[] {
  const problems: string[] = [];
  let url: URL | undefined;
  if (!/^https?:\/\//i.test(server)) problems.push(`"${server}" has no http:// or https:// prefix`);
  else {
    try {
      url = new URL(server);
    } catch {
      problems.push(`"${server}" is not a valid URL`);
    }
  }
  if (url && !url.hostname) problems.push(`"${server}" names no host`);
  if (url && (url.pathname !== '/' || url.search)) problems.push(`"${server}" has a path or query; give only scheme, host and port`);
  if (username) problems.push(`a proxy user name (${username}) is set, but the connector does not support authenticated proxies`);
  return problems;
}

export default defineCheck({
  id: 'NDES-CON-005',
  slug: 'connector-proxy',
  area: 'connector',
  title: 'Connector proxy setting is well-formed',
  severity: 'high',
  requires: ['connectorSettings'],
  dependsOn: ['NDES-CON-001'],
  run({ connectorSettings: s }) {
    const source = `${s.path}\\Proxy (${s.source})`;
    if (!s.proxyServer) {
      return pass('The connector uses no proxy.', { expected: 'no proxy, or http(s)://host[:port] without credentials', actual: 'ProxyServer absent or empty', source });
    }
    const problems = proxyProblems(s.proxyServer, s.proxyUsername);
    const evidence = { expected: 'http(s)://host[:port], no user name', actual: `ProxyServer "${s.proxyServer}"${s.proxyUsername ? `, Username "${s.proxyUsername}"` : ''}`, source };
    if (problems.length === 0) return pass(`The connector uses proxy ${s.proxyServer}.`, evidence);
    return fail(
      `The connector proxy setting is unusable: ${problems.join('; ')}.`,
      {
        text:
          'Re-run the connector configuration wizard and enter the proxy as a full URL such as http://proxy.contoso.com:8080. Without the scheme ' +
          'the connector fails to build its HTTP client (System.NotSupportedException). Give the connector unauthenticated access through the proxy.',
        commands: [WIZARD],
        docs: LINKS.connectorInstall,
      },
      evidence,
    );
  },
});
