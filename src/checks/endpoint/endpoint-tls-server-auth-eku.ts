import { defineCheck } from '../../engine/check.js';
import { fail, pass } from '../../engine/outcome.js';
import { EKU } from '../../parse/scep-certs.js';
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
      const ekus = leaf.extKeyUsage;
      const evidence = { expected: `Server Authentication (${EKU.serverAuth}) or no EKU restriction`, actual: ekus.length ? ekus.join(', ') : 'no Extended Key Usage extension', source };
      // No EKU extension means "any purpose", which clients accept.
      if (ekus.length === 0 || ekus.includes(EKU.serverAuth) || ekus.includes(EKU.anyExtendedKeyUsage)) {
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
