import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/mscep/ra-private-key-readable.js';
import { factFrom, runCheck } from '../host-facts.js';
import { iisWith } from '../account/account-facts.js';
import { ad, admins, adminsWithSvc, users } from '../account/rights-facts.js';

const svc = iisWith({ identityType: 'SpecificUser', userName: 'CONTOSO\\svc-ndes' });
const myHealthy = factFrom('certStoreMy', { 'certs.localmachine-my': 'certs/my-healthy.json' });
const keys = (f: string) => factFrom('raKeyFiles', { 'mscep.ra-keys': `ra-keys/${f}` });
const run = (f: string, over: Record<string, unknown> = {}) =>
  runCheck(check, { iisConfig: svc, raKeyFiles: keys(f), certStoreMy: myHealthy, adAccounts: ad('healthy.json'), usersGroup: users, administratorsGroup: admins, ...over });

describe('NDES-MSCEP-004 ra-private-key-readable', () => {
  it('passes when the pool account has Read on both key files', async () => {
    expect(await run('readable.json')).toMatchObject({ status: 'pass', message: 'CONTOSO\\svc-ndes can read the private key of each RA certificate.' });
  });

  it('fails the key whose ACL leaves the pool account out, with the icacls grant', async () => {
    const o = await run('unreadable.json');
    expect(o.status).toBe('fail');
    expect(o.message).toContain('A2AF2AFB14E8B80CDAF2181508870B301D3CF5D4');
    expect(o.message).not.toContain('884076BF');
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

  describe('judges only the keys of the RA certificates NDES uses', () => {
    // my-broken.json's RA signing certificate D8B1E1A4... expired on 2026-10-01; my-healthy.json's 884076BF... is valid to 2036.
    const myBroken = factFrom('certStoreMy', { 'certs.localmachine-my': 'certs/my-broken.json' });
    const OLD_SIGN = 'D8B1E1A4FDAEC3D2B709AC4657DFB4C12E40F2C3';
    const readable = keys('readable.json');
    /** The healthy keys, and the old signing certificate's key, left readable only by SYSTEM and Administrators. */
    const withOldKey = { ...readable, keys: [...readable.keys, { ...readable.keys[0]!, thumbprint: OLD_SIGN, acl: readable.keys[0]!.acl!.slice(0, 2) }] };

    it('a key a renewal left behind, readable only by a former account, is listed, not failed', async () => {
      const both = { ...myHealthy, certs: [...myHealthy.certs, ...myBroken.certs] };
      const o = await run('readable.json', { raKeyFiles: withOldKey, certStoreMy: both });
      expect(o.status).toBe('pass');
      expect(o.evidence?.actual).not.toContain(OLD_SIGN);
      expect(o.evidence?.details).toMatchObject({ notJudged: [`${OLD_SIGN}: not the RA certificate NDES uses (superseded, or another Enrollment Agent template)`] });
    });

    it('the same key fails while its certificate is the newest of its role, even expired', async () => {
      const o = await run('readable.json', { raKeyFiles: withOldKey, certStoreMy: myBroken });
      expect(o.status).toBe('fail');
      expect(o.message).toContain(`RA certificate ${OLD_SIGN}`);
    });

    it('errors when a key belongs to a certificate of the store that could not be read: NDES may use it', async () => {
      const damaged = { ...myHealthy, certs: myHealthy.certs.map((c) => ({ thumbprint: c.thumbprint, status: 'unreadable' as const, reason: 'HasPrivateKey is missing' })) };
      const o = await run('readable.json', { certStoreMy: damaged });
      expect(o).toMatchObject({ status: 'error', errorCode: 'E_FACT_MALFORMED' });
      expect(o.message).toMatch(/^Whether NDES uses the Certificate Request Agent keys 884076BF\w+, A2AF2AFB\w+ as RA certificates is unknown: certs\/my-healthy\.json holds certificates that could not be read \(884076BF\w+: HasPrivateKey is missing; /);
      // An unreadable certificate that is not one of the keys' leaves the verdict alone.
      const other = { ...myHealthy, certs: [...myHealthy.certs, { thumbprint: 'AB'.repeat(20), status: 'unreadable' as const, reason: 'cut short' }] };
      expect((await run('unreadable.json', { certStoreMy: other })).status).toBe('fail');
      // Nor does one without a thumbprint once every key belongs to a certificate NDES uses.
      const nameless = { ...myHealthy, certs: [...myHealthy.certs, { thumbprint: '', status: 'unreadable' as const, reason: 'rawData is missing or not base64' }] };
      expect((await run('readable.json', { certStoreMy: nameless })).status).toBe('pass');
    });

    it('does not apply when no key belongs to an RA certificate of the store', async () => {
      const o = await run('readable.json', { certStoreMy: { ...myHealthy, certs: [] } });
      expect(o).toMatchObject({ status: 'skip', message: expect.stringMatching(/^None of the Certificate Request Agent keys \(884076BF.*\) belongs to a certificate NDES uses/) });
    });
  });
});
