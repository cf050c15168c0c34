import { defineCheck } from '../../engine/check.js';
import { fail, pass } from '../../engine/outcome.js';
import { allowsServerAuth, OID } from '../../parse/x509.js';
import { DOCS } from './common.js';
import { IIS_BINDING_COMMANDS, onTls } from './tls-common.js';

export default defineCheck({
  id: 'NDES-NET-010',
  slug: 'endpoint-tls-server-auth-eku',
  area: 'endpoint',
  title: 'The TLS certificate allows Server Authentication',
  severity: 'high',
  requires: ['endpoint'],
  run: ({ endpoint }) =>
    onTls(endpoint, ({ leaf, source, target }) => {
      const actual = leaf.ekus === undefined ? 'no Extended Key Usage extension' : leaf.ekus.join(', ') || '(empty)';
      const evidence = { expected: `Server Authentication (${OID.serverAuth}) or no EKU restriction`, actual, source };
      if (allowsServerAuth(leaf)) {
        return pass(`The TLS certificate of ${target.host} allows Server Authentication.`, evidence);
      }
      return fail(
        `The TLS certificate of ${target.host} lacks the Server Authentication EKU; TLS clients reject it.`,
        {
          text: 'Request the IIS certificate from a template with the Server Authentication application policy (for example the Web Server template) and bind it to the NDES https site.',
          commands: IIS_BINDING_COMMANDS,
          docs: DOCS.configure,
        },
        evidence,
      );
    }),
});
