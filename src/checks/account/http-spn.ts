import { defineCheck } from '../../engine/check.js';
import { notApplicable, pass } from '../../engine/outcome.js';
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
    // Microsoft asks for the SPN "if necessary": devices reach /CertSrv/mscep anonymously, so only Kerberos to
    // pages such as mscep_admin under this account needs it. Its absence is noted, not judged.
    return pass(
      `${account} has no ${wanted} SPN. Devices do not need it (they reach /CertSrv/mscep anonymously); Microsoft's setup guide asks for it ` +
        `only "if necessary", when Kerberos authentication to NDES pages such as mscep_admin runs under this account. To add it: setspn -s ${wanted} ${account}`,
      { ...evidence, details: { note: 'HTTP SPN absent; needed only for Kerberos to NDES pages under the service account' } },
    );
  },
});
