import { describe, expect, it } from 'vitest';
import check, { EXPIRY_WARN_DAYS } from '../../../src/checks/account/service-account-ad-status.js';
import { ctx, runCheck } from '../host-facts.js';
import { iisWith } from './account-facts.js';
import { ad } from './rights-facts.js';
import { powershell } from '../../../src/engine/outcome.js';
import { readFileSync } from 'node:fs';
import { parseAdAccounts } from '../../../src/parse/ad-accounts.js';
import { decodeText } from '../../../src/parse/text.js';

const svc = iisWith({ identityType: 'SpecificUser', userName: 'CONTOSO\\svc-ndes' });
const status = async (fixture: string, iisConfig = svc, now = ctx.now) => runCheck(check, { iisConfig, adAccounts: ad(fixture) }, { ...ctx, now });

describe('NDES-ACCT-005 service-account-ad-status', () => {
  it('passes an enabled account whose password never expires', async () => {
    const o = await status('healthy.json');
    expect(o).toMatchObject({ status: 'pass', message: expect.stringContaining('password never expires') });
  });

  it.each([
    ['locked-out.json', /is locked out/, 'Unlock-ADAccount -Identity "svc-ndes"'],
    ['disabled.json', /is disabled/, 'Enable-ADAccount -Identity "svc-ndes"'],
    ['password-expired.json', /has an expired password/, 'Set-ADAccountPassword -Identity "svc-ndes" -Reset'],
    ['must-change.json', /must change its password at next logon/, 'Set-ADUser -Identity "svc-ndes" -ChangePasswordAtLogon $false'],
    ['account-expired.json', /expired on 2026-11-15 \(account expiration date\)/, 'Clear-ADAccountExpiration -Identity "svc-ndes"'],
  ])('fails %s with the fix', async (fixture, message, command) => {
    const o = await status(fixture);
    expect(o.status).toBe('fail');
    expect(o.message).toMatch(message);
    if (o.status === 'fail') expect(o.remediation.commands).toContainEqual(powershell(command));
  });

  it(`warns when the password expires within ${EXPIRY_WARN_DAYS} days, and passes when it is further away`, async () => {
    // The fixture's password expires on 2026-12-01 08:00 UTC.
    const inNine = await status('password-expiring.json', svc, new Date('2026-11-22T00:00:00Z'));
    expect(inNine).toMatchObject({ status: 'warn', message: expect.stringContaining('expires on 2026-12-01, in 9 days') });
    const inFifteen = await status('password-expiring.json', svc, new Date('2026-11-16T00:00:00Z'));
    expect(inFifteen.status).toBe('pass');
    const after = await status('password-expiring.json', svc, new Date('2026-12-02T00:00:00Z'));
    expect(after).toMatchObject({ status: 'fail', message: expect.stringContaining('expired on 2026-12-01') });
  });

  it('recognises a gMSA: Windows manages its password', async () => {
    const gmsa = iisWith({ identityType: 'SpecificUser', userName: 'CONTOSO\\gmsa-ndes$' });
    expect(await status('gmsa.json', gmsa)).toMatchObject({ status: 'pass', message: expect.stringContaining('gMSA, password managed by Windows') });
  });

  it('checks the computer account for a built-in pool identity', async () => {
    const builtIn = iisWith({ identityType: 'ApplicationPoolIdentity' });
    expect(await status('healthy.json', builtIn)).toMatchObject({ status: 'pass', message: expect.stringContaining('NDES01$ (computer') });
    expect(await status('computer-disabled.json', builtIn)).toMatchObject({ status: 'fail', message: expect.stringMatching(/computer account \(used by the ApplicationPoolIdentity SCEP pool\) NDES01\$ is disabled/) });
  });

  it('reports an access-denied lookup as E_ACCESS_DENIED, not a verdict', async () => {
    expect(await status('access-denied.json')).toMatchObject({ status: 'error', errorCode: 'E_ACCESS_DENIED', message: expect.stringContaining('Zugriff verweigert') });
  });

  it('errors when the bundle has no entry for the pool account', async () => {
    const other = iisWith({ identityType: 'SpecificUser', userName: 'CONTOSO\\svc-ndes' });
    const o = await runCheck(check, { iisConfig: other, adAccounts: { accounts: [], source: 'account/ad-accounts.json' } });
    expect(o).toMatchObject({ status: 'error', errorCode: 'E_FACT_UNAVAILABLE' });
  });

  describe('an attribute Active Directory did not return is named, never read as clear', () => {
    /** examples/<example>'s accounts with `property` taken out, as when the directory does not return it. */
    const without = (example: string, property: string) => {
      const text = decodeText(readFileSync(new URL(`../../../examples/${example}/account/ad-accounts.json`, import.meta.url)));
      const accounts = (JSON.parse(text) as Record<string, unknown>[]).map(({ [property]: _, ...rest }) => rest);
      return { accounts: parseAdAccounts(JSON.stringify(accounts)), source: 'account/ad-accounts.json' };
    };

    it('warns, naming msDS-User-Account-Control-Computed, where the examples pass (healthy) and fail on it (broken, locked out)', async () => {
      expect((await runCheck(check, { iisConfig: svc, adAccounts: ad('healthy.json') })).status).toBe('pass');
      expect(await status('locked-out.json')).toMatchObject({ status: 'fail', message: expect.stringContaining('is locked out') });
      for (const example of ['healthy', 'broken']) {
        const o = await runCheck(check, { iisConfig: svc, adAccounts: without(example, 'UacComputed') });
        expect(o).toMatchObject({
          status: 'warn',
          message:
            'The SCEP pool account CONTOSO\\svc-ndes (user, password never expires): Active Directory returned no msDS-User-Account-Control-Computed for it, ' +
            'so whether it is locked out or its password has expired was not read; what was read shows no problem.',
          evidence: { actual: 'user, password never expires; not returned by Active Directory: msDS-User-Account-Control-Computed' },
        });
        if (o.status === 'warn') expect(o.remediation.commands).toEqual([powershell('Get-ADUser -Identity "svc-ndes" -Properties Enabled,LockedOut,PasswordExpired,PasswordNeverExpires')]);
      }
    });

    it('warns without userAccountControl rather than calling the account enabled', async () => {
      const o = await runCheck(check, { iisConfig: svc, adAccounts: without('healthy', 'UserAccountControl') });
      expect(o).toMatchObject({ status: 'warn', message: expect.stringContaining('returned no userAccountControl for it, so whether it is disabled and whether its password can expire was not read') });
    });
  });
});
