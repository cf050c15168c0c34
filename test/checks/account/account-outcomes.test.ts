import { describe, expect, it } from 'vitest';
import { accountChecks } from '../../../src/checks/account/index.js';
import type { Outcome } from '../../../src/engine/types.js';
import type { FactName, Facts } from '../../../src/facts/index.js';
import { factFrom, runCheck } from '../host-facts.js';
import { iisWith } from './account-facts.js';
import { shown } from '../example-outcomes.js';

const SVC = 'CONTOSO\\svc-ndes';
const file = <N extends FactName>(name: N, artifact: string, f: string) => () => factFrom(name, { [artifact]: f } as never);

/** For each fact the account checks read: ways it comes from real servers, the first being a healthy one. */
const CAPTURES: Partial<Record<FactName, (() => unknown)[]>> = {
  iisConfig: [
    () => iisWith({ identityType: 'SpecificUser', userName: SVC }),
    () => iisWith({ identityType: 'ApplicationPoolIdentity' }),
    () => iisWith({ identityType: 'NetworkService' }),
    () => iisWith({ identityType: 'LocalSystem' }),
    () => iisWith({ identityType: 'SpecificUser', userName: 'CONTOSO\\gmsa-ndes$' }),
    () => iisWith({ identityType: 'SpecificUser' }),
    () => iisWith({ identityType: 'SpecificUser', userName: SVC }, 'Missing'),
  ],
  adAccounts: ['healthy', 'disabled', 'locked-out', 'password-expired', 'password-expiring', 'account-expired', 'must-change', 'access-denied', 'gmsa', 'computer-disabled'].map((f) =>
    file('adAccounts', 'account.ad-accounts', `ad-accounts/${f}.json`),
  ),
  administratorsGroup: ['administrators-clean', 'administrators-de-with-svc'].map((f) => file('administratorsGroup', 'account.administrators', `powershell/${f}.json`)),
  iisIusrsGroup: ['iis-iusrs-with-svc', 'iis-iusrs-without-svc', 'iis-iusrs-with-group'].map((f) => file('iisIusrsGroup', 'account.iis-iusrs', `powershell/${f}.json`)),
  usersGroup: ['users-default', 'users-interactive-only'].map((f) => file('usersGroup', 'account.users', `powershell/${f}.json`)),
  serverSystem: ['system-2022-member', 'system-2019-dc', 'system-client-de'].map((f) => file('serverSystem', 'server.system', `powershell/${f}.json`)),
  scepIdentity: ['scep-identity-user', 'scep-identity-apppool', 'scep-identity-localservice', 'scep-identity-no-groups', 'scep-identity-unresolved'].map((f) =>
    file('scepIdentity', 'account.scep-identity', `powershell/${f}.json`),
  ),
  scepAccountSpn: ['setspn-en', 'setspn-de-cp850', 'setspn-empty', 'setspn-fr-none', 'setspn-not-found', 'setspn-other-host'].map((f) => file('scepAccountSpn', 'account.spn', `setspn/${f}.txt`)),
  userRights: ['ndes-member', 'ndes-deny-batch', 'ndes-no-impersonate', 'ndes-no-service-logon', 'de-names', 'server2022-dc', 'win10-names'].map((f) => file('userRights', 'account.user-rights', `secedit/${f}.inf`)),
};


async function outcome(check: (typeof accountChecks)[number], name: FactName, make: () => unknown): Promise<Outcome | string> {
  try {
    const facts = Object.fromEntries(check.requires.map((n) => [n, n === name ? make() : CAPTURES[n]![0]!()])) as Partial<Facts>;
    return await runCheck(check, facts);
  } catch (e) {
    return `fact error: ${(e as Error).message}`;
  }
}

// What an administrator reads for each capture of each input, the others healthy, held still: a
// change to any word, evidence or fix shows up here for review.
describe('the account checks on each capture of their inputs', () => {
  it.each(accountChecks.map((c) => [c.id, c] as const))('%s', async (_id, check) => {
    const out: Record<string, unknown> = {};
    for (const name of check.requires) {
      for (const [i, make] of (CAPTURES[name] ?? []).entries()) out[`${name} #${i}`] = shown(await outcome(check, name, make));
    }
    expect(out).toMatchSnapshot();
  });
});
