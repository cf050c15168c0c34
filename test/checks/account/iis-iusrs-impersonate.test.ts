import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/account/iis-iusrs-impersonate.js';
import { runCheck } from '../host-facts.js';
import { rights } from './rights-facts.js';

describe('NDES-ACCT-006 iis-iusrs-impersonate', () => {
  it('passes when SeImpersonatePrivilege lists *S-1-5-32-568', async () => {
    expect((await runCheck(check, { userRights: rights('ndes-member.inf') })).status).toBe('pass');
  });

  it('fails without it, naming the IIS symptom (500, win32 1346)', async () => {
    const o = await runCheck(check, { userRights: rights('ndes-no-impersonate.inf') });
    expect(o.status).toBe('fail');
    expect(o.message).toMatch(/HTTP 500.*1346/);
    expect(o.evidence?.actual).toBe('SeImpersonatePrivilege = LOCAL SERVICE (S-1-5-19),NETWORK SERVICE (S-1-5-20),Administrators (S-1-5-32-544),SERVICE (S-1-5-6)');
  });

  it('fails on a real export of a server without IIS', async () => {
    expect((await runCheck(check, { userRights: rights('server2022-dc.inf') })).status).toBe('fail');
  });
});
