import { defineCheck } from '../../engine/check.js';
import { notApplicable, pass } from '../../engine/outcome.js';
import { findScepAppPool } from './scep-account.js';

export default defineCheck({
  id: 'NDES-ACCT-004',
  slug: 'http-spn',
  area: 'account',
  title: "The NDES service account's HTTP SPN, which only an alias or a load-balanced name needs",
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
    // Microsoft: a single NDES server reached by its own name needs no SPN on the account (the computer's
    // HOST/<fqdn> covers it); only an alias or a load-balanced name does. Its absence is noted, not judged.
    return pass(
      `${account} has no ${wanted} SPN, and needs none while devices and administrators reach NDES by this server's own name: Microsoft says the ` +
        `computer account's HOST/${serverSystem.fqdn} SPN covers that case. Only a custom DNS name (a CNAME or an A record of its own) or a load-balanced ` +
        `name needs an SPN on the account: setspn -s HTTP/<that name> ${account}, then turn off IIS kernel-mode authentication for the site.`,
      { ...evidence, details: { note: 'HTTP SPN absent; Microsoft asks for one only when NDES is reached by an alias or a load-balanced name' } },
    );
  },
});
