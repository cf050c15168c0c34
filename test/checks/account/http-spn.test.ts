import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/account/http-spn.js';
import { factFrom, runCheck } from '../host-facts.js';
import { iisWith } from './account-facts.js';

const serverSystem = factFrom('serverSystem', { 'server.system': 'powershell/system-2022-member.json' });
const spn = (f: string) => factFrom('scepAccountSpn', { 'account.spn': `setspn/${f}` });
const svc = iisWith({ identityType: 'SpecificUser', userName: 'CONTOSO\\svc-ndes' });

describe('NDES-ACCT-004 http-spn', () => {
  it('passes when HTTP/<fqdn> is registered (English output)', async () => {
    expect((await runCheck(check, { iisConfig: svc, scepAccountSpn: spn('setspn-en.txt'), serverSystem })).status).toBe('pass');
  });

  it('passes for a lower-case http/ SPN in German output', async () => {
    expect((await runCheck(check, { iisConfig: svc, scepAccountSpn: spn('setspn-de-cp850.txt'), serverSystem })).status).toBe('pass');
  });

  it('notes, without judging, that only other hosts or look-alike names are registered: Microsoft asks for it only for an alias or a load-balanced name', async () => {
    const o = await runCheck(check, { iisConfig: svc, scepAccountSpn: spn('setspn-other-host.txt'), serverSystem });
    expect(o.status).toBe('pass');
    expect(o.message).toMatch(/has no HTTP\/ndes01\.contoso\.com SPN, and needs none .*HOST\/ndes01\.contoso\.com SPN covers that case/);
    // The SPN to add is the alias's, never the server's own name, which the computer account already covers.
    expect(o.message).toMatch(/setspn -s HTTP\/<that name> CONTOSO\\svc-ndes, then turn off IIS kernel-mode authentication/);
    expect(o.message).not.toMatch(/setspn -s HTTP\/ndes01/);
    expect(o.evidence?.details).toMatchObject({ note: expect.stringMatching(/HTTP SPN absent/) });
  });

  it('reports error when setspn output is empty for a specific user', async () => {
    expect(await runCheck(check, { iisConfig: svc, scepAccountSpn: spn('setspn-empty.txt'), serverSystem })).toMatchObject({ status: 'error' });
  });
});
