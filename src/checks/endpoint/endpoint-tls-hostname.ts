import { defineCheck } from '../../engine/check.js';
import { fail, pass, warn } from '../../engine/outcome.js';
import { coverage, isIpAddress } from '../tls/certificate-names.js';
import { DOCS } from './common.js';
import { IIS_BINDING_COMMANDS, onTls } from './tls-common.js';

export default defineCheck({
  id: 'NDES-NET-009',
  slug: 'endpoint-tls-hostname',
  area: 'endpoint',
  title: 'The TLS certificate names the host devices connect to',
  severity: 'critical',
  requires: ['endpoint'],
  run: ({ endpoint }) =>
    onTls(endpoint, ({ handshake: h, leaf, source, target }) => {
      const names = leaf.x509.subjectAltName ?? '(no subjectAltName)';
      const evidence = { expected: `${target.host} in the subjectAltName`, actual: names, source };
      const remediation = {
        text: `Bind a certificate whose Subject Alternative Name holds ${target.host} (the external name in the SCEP profile) and, for internal use, the server FQDN.`,
        commands: IIS_BINDING_COMMANDS,
        docs: DOCS.configure,
      };
      // Node's own name check (hostnameError) falls back to the CN when there is no DNS SAN, which Apple devices
      // never do; so a DNS name is judged on the SAN here, as NDES-TLS-005 judges the bound certificate. The parsed
      // certificate keeps no IP SANs, so an IP address is left to Node's check, which has no CN fallback for IPs.
      const covered = isIpAddress(target.host) ? (h.hostnameError ? 'none' : 'san') : coverage(leaf, target.host);
      if (h.hostnameError || covered === 'none') {
        const why = h.hostnameError ? ` (${h.hostnameError})` : '';
        return fail(`The TLS certificate does not name ${target.host}${why}; devices refuse the connection.`, remediation, evidence);
      }
      if (covered === 'cn-only') {
        return warn(
          `The TLS certificate names ${target.host} only in its CN and has no DNS SAN; Apple devices and current browsers ignore the CN and refuse the connection.`,
          remediation,
          { ...evidence, actual: `CN ${leaf.commonNames.join(', ')}; ${names}` },
          'high',
        );
      }
      return pass(`The TLS certificate names ${target.host} in its SAN.`, evidence);
    }),
});
