import { defineCheck } from '../../engine/check.js';
import { fail, pass, warn } from '../../engine/outcome.js';
import { allowsServerAuth, OID, appleRefusesImpliedServerAuth } from '../../parse/x509.js';
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
      const evidence = { expected: `EKU includes ${OID.serverAuth} (Server Authentication)`, actual, source };
      const remediation = {
        text: 'Request the IIS certificate from a template with the Server Authentication application policy (for example the Web Server template) and bind it to the NDES https site.',
        commands: IIS_BINDING_COMMANDS,
        docs: DOCS.configure,
      };
      if (!allowsServerAuth(leaf)) {
        return fail(`The TLS certificate of ${target.host} lacks the Server Authentication EKU; TLS clients reject it.`, remediation, evidence);
      }
      // No EKU extension, or anyExtendedKeyUsage alone: as NDES-TLS-003 says of the bound certificate,
      // Windows accepts it but Apple devices refuse a TLS certificate issued from 1 July 2019 without id-kp-serverAuth.
      if (appleRefusesImpliedServerAuth(leaf)) {
        return warn(
          `The TLS certificate of ${target.host} does not name Server Authentication (${OID.serverAuth}) in its EKU (${actual}): Windows accepts it, but iOS/iPadOS and macOS reject a TLS certificate issued after 1 July 2019 without it.`,
          remediation,
          evidence,
          'medium',
        );
      }
      return pass(`The TLS certificate of ${target.host} allows Server Authentication.`, evidence);
    }),
});
