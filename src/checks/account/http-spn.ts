import { defineCheck } from '../../engine/check.js';
import { notApplicable, pass, warn } from '../../engine/outcome.js';
import { LINKS } from '../server/links.js';
import { findScepAppPool } from './scep-account.js';

export default defineCheck({
  id: 'NDES-ACCT-004',
  slug: 'http-spn',
  area: 'account',
  title: 'The NDES service account has the HTTP/<fqdn> SPN',
  severity: 'low',
  requires: ['iisConfig', 'scepAccountSpn', 'serverSystem'],
  run({ iisConfig, scepAccountSpn, serverSystem }) {
    const pool = findScepAppPool(iisConfig);
    if (!pool || pool.identityType !== 'SpecificUser' || !pool.userName) {
      return notApplicable('The SCEP pool runs as a built-in identity, whose HTTP requests use the computer account\'s HOST SPN.');
    }
    const account = pool.userName;
    if (!scepAccountSpn.listing) {
      return {
        status: 'error',
        errorCode: 'E_FACT_UNAVAILABLE',
        message: `${scepAccountSpn.source} is empty: setspn was not run for ${account}. Collect it elevated, or run: setspn -L ${account}`,
      };
    }
    const wanted = `HTTP/${serverSystem.fqdn}`;
    const { spns, accountDn } = scepAccountSpn.listing;
    const evidence = { expected: wanted, actual: spns.join(', ') || 'no SPNs', source: `${scepAccountSpn.source} (${accountDn})` };
    if (spns.some((s) => s.toLowerCase() === wanted.toLowerCase())) return pass(`${account} has ${wanted}.`, evidence);
    return warn(
      `${account} has no ${wanted} SPN, which Microsoft's setup guide asks for where Kerberos is used to reach NDES under this account; without it Kerberos to the NDES pages can fail or fall back to NTLM.`,
      {
        text: 'Register the SPN on the service account (setspn -s refuses duplicates). Add HTTP/<name> too for any other name the server is reached by, such as a load-balancer name.',
        commands: [`setspn -s ${wanted} ${account}`, `setspn -L ${account}`],
        docs: LINKS.scepInfrastructure,
      },
      evidence,
    );
  },
});
