import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/mscep/ra-private-key-readable.js';
import { factFrom, runCheck } from '../host-facts.js';
import { iisWith } from '../account/account-facts.js';
import { ad, admins, adminsWithSvc, users } from '../account/rights-facts.js';

const svc = iisWith({ identityType: 'SpecificUser', userName: 'CONTOSO\\svc-ndes' });
const keys = (f: string) => factFrom('raKeyFiles', { 'mscep.ra-keys': `ra-keys/${f}` });
const run = (f: string, over: Record<string, unknown> = {}) =>
  runCheck(check, { iisConfig: svc, raKeyFiles: keys(f), adAccounts: ad('healthy.json'), usersGroup: users, administratorsGroup: admins, ...over });

describe('NDES-MSCEP-004 ra-private-key-readable', () => {
  it('passes when the pool account has Read on both key files', async () => {
    expect(await run('readable.json')).toMatchObject({ status: 'pass', message: 'CONTOSO\\svc-ndes can read the private key of each RA certificate.' });
  });

  it('fails the key whose ACL leaves the pool account out, with the icacls grant', async () => {
    const o = await run('unreadable.json');
    expect(o.status).toBe('fail');
    expect(o.message).toContain('1F7F2F420F2A146FDAE85305FE0048C95C70FCBF');
    expect(o.message).not.toContain('B7185087');
    if (o.status === 'fail') expect(o.remediation.commands?.[0]?.text).toMatch(/^icacls "C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\[0-9a-f]{32}_[0-9a-f-]{36}" \/grant "CONTOSO\\svc-ndes:R"$/);
  });

  it('counts Administrators when the pool account is a local administrator', async () => {
    expect((await run('unreadable.json', { administratorsGroup: adminsWithSvc })).status).toBe('pass');
  });

  it('counts a domain group of the account (GENERIC_READ) and IIS_IUSRS, which IIS adds to every worker token', async () => {
    const o = await run('via-group.json');
    expect(o.status).toBe('pass');
    expect(o.evidence?.actual).toContain('readable through S-1-5-21-3623811015-3361044348-30300820-1130');
    expect(o.evidence?.actual).toContain('readable through IIS_IUSRS (S-1-5-32-568)');
  });

  it('fails on a deny ACE for a group in the token, and on write-only rights', async () => {
    expect(await run('denied.json')).toMatchObject({ status: 'fail', evidence: { actual: expect.stringContaining('denied to IIS_IUSRS (S-1-5-32-568)') } });
    expect((await run('write-only.json')).status).toBe('fail');
  });

  it('judges the IIS APPPOOL\\SCEP virtual account of an ApplicationPoolIdentity pool', async () => {
    const pool = iisWith({ identityType: 'ApplicationPoolIdentity' });
    expect((await run('apppool.json', { iisConfig: pool })).status).toBe('pass');
    expect((await run('apppool.json')).status).toBe('fail');
  });

  it('reads CNG key files like CryptoAPI ones', async () => {
    expect((await run('cng.json')).status).toBe('pass');
  });

  it('reports a key file the collector could not open as E_ACCESS_DENIED', async () => {
    expect(await run('access-denied.json')).toMatchObject({ status: 'error', errorCode: 'E_ACCESS_DENIED' });
  });

  it('does not apply when there is no RA certificate with a private key', async () => {
    expect((await run('none.json')).status).toBe('skip');
  });
});
