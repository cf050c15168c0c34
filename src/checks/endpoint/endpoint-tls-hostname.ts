import { defineCheck } from '../../engine/check.js';
import { fail, pass } from '../../engine/outcome.js';
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
      if (h.hostnameError) {
        return fail(
          `The TLS certificate does not name ${target.host} (${h.hostnameError}); devices refuse the connection.`,
          {
            text: `Bind a certificate whose Subject Alternative Name holds ${target.host} (the external name in the SCEP profile) and, for internal use, the server FQDN.`,
            commands: IIS_BINDING_COMMANDS,
            docs: DOCS.configure,
          },
          evidence,
        );
      }
      return pass(`The TLS certificate names ${target.host}.`, evidence);
    }),
});
