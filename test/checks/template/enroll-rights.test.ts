import { describe, expect, it } from 'vitest';
import enrollRights, { decide } from '../../../src/checks/template/enroll-rights.js';
import { parseSddl } from '../../../src/parse/sddl.js';
import { factFrom } from '../host-facts.js';
import { facts, HEALTHY, run, type FixtureFiles } from '../mscep/mscep-fixture-facts.js';

// The SCEP template's permissions come as SDDL from the certutil dump (dstemplate-en.txt: IntuneSCEP grants
// Read and the Enroll right 0e10c968-... to svc-ndes's SID, LegacySCEP denies it) or from AD
// (powershell/template-security-*.json). The account and its tokenGroups come from account/scep-identity.json.
const identity = (fixture: string) => factFrom('scepIdentity', { 'account.scep-identity': `powershell/${fixture}` });
const check = (files: FixtureFiles, who = 'scep-identity-user.json') => run(enrollRights, { ...facts(files), scepIdentity: identity(who) });

describe('NDES-TPL-008 enroll rights, read from the SDDL', () => {
  it('passes when the SDDL grants the service account\'s SID Read and Enroll', () => {
    const out = check(HEALTHY);
    expect(out.status).toBe('pass');
    expect(out.message).toBe(
      'CONTOSO\\svc-ndes has Read and Enroll on IntuneSCEP: Allow Enroll for CONTOSO\\svc-ndes; Allow Read for CONTOSO\\svc-ndes (from nTSecurityDescriptor).',
    );
  });

  it('fails on a Deny of the Enroll right for the account\'s SID', () => {
    const out = check({ ...HEALTHY, 'registry.mscep': 'registry/mscep-legacy.reg' });
    expect(out.status).toBe('fail');
    expect(out.message).toMatch(/^LegacySCEP denies Enroll to CONTOSO\\svc-ndes: the CA refuses its requests with 0x80094012/);
    expect(out.evidence?.codes).toEqual(['0x80094012']);
  });

  it('checks the computer account when the pool runs as ApplicationPoolIdentity, and finds Enroll through Domain Computers', () => {
    const out = check({ ...HEALTHY, 'ad.template-security': 'powershell/template-security-computers.json' }, 'scep-identity-apppool.json');
    expect(out.status).toBe('pass');
    expect(out.message).toMatch(/^NDES01\$ \(the computer account: the pool runs as ApplicationPoolIdentity\) has Read and Enroll on IntuneSCEP: Allow Enroll for Domain Computers \(S-1-5-21-3623811015-3361044348-30300820-515\); Allow Read for Authenticated Users/);
  });

  it('fails the computer account when no ACE reaches it or any of its groups (tokenGroups collected)', () => {
    const out = check(HEALTHY, 'scep-identity-apppool.json');
    expect(out.status).toBe('fail');
    expect(out.message).toMatch(/^Neither NDES01\$ \(the computer account: the pool runs as ApplicationPoolIdentity\) nor any of its 1 groups has Enroll on IntuneSCEP/);
    if (out.status !== 'fail') return;
    expect(out.remediation.text).toMatch(/add the computer account NDES01\$ \(Object Types: Computers\)/);
  });

  it('only warns when the groups could not be read at collection', () => {
    const out = check({ ...HEALTHY, 'ad.template-security': 'powershell/template-security-admins-only.json' }, 'scep-identity-no-groups.json');
    expect(out.status).toBe('warn');
    expect(out.message).toMatch(/has no Enroll on IntuneSCEP directly or through Authenticated Users or Everyone; its other groups could not be read at collection \(.*The server is not operational/);
  });

  it('prefers the permissions read from AD over the certutil dump', () => {
    const out = check({ ...HEALTHY, 'ad.template-security': 'powershell/template-security-admins-only.json' });
    expect(out.status).toBe('fail');
    expect(out.evidence?.actual).toMatch(/no Enroll; Allow Read for Authenticated Users \(from ad\/template-security\.json\)/);
  });

  it('is an error, not a verdict, when the SID was not resolved, or the SDDL is cut short', () => {
    expect(check(HEALTHY, 'scep-identity-unresolved.json')).toMatchObject({ status: 'error', errorCode: 'E_FACT_UNAVAILABLE' });
    expect(() => check({ ...HEALTHY, 'ad.template-security': 'powershell/template-security-cut.json' })).toThrow(/the permissions of IntuneSCEP: .*cut short|not a security descriptor/);
  });

  it('fails a LocalService pool: it has no network identity to grant Enroll to', () => {
    expect(check(HEALTHY, 'scep-identity-localservice.json')).toMatchObject({ status: 'fail', evidence: { codes: ['0x80094012'] } });
  });

  it('reads the SDDL whatever language certutil decoded the permissions in', () => {
    const out = run(enrollRights, { ...facts({ ...HEALTHY, 'certutil.dstemplate': 'certutil/dstemplate-it-cp850.txt' }, 850), scepIdentity: identity('scep-identity-user.json') });
    expect(out.status).toBe('pass');
  });
});

describe('decide: the first ACE in DACL order decides each right', () => {
  const sids = new Set(['S-1-5-21-1-2-3-1113', 'S-1-5-11']);
  const rights = (sddl: string) => {
    const d = decide(parseSddl(sddl), sids, 'S-1-5-21-1-2-3');
    return `${d.enroll?.access ?? 'none'}/${d.read?.access ?? 'none'}`;
  };
  it.each([
    ['D:(OA;;CR;0e10c968-78fb-11d2-90d4-00c04f79dc55;;S-1-5-21-1-2-3-1113)(A;;LCRPLORC;;;AU)', 'allow/allow'],
    ['D:(OA;;CR;a05b8cc2-17bc-4802-a710-e7c15ab866a2;;S-1-5-21-1-2-3-1113)(A;;LCRPLORC;;;AU)', 'none/allow'], // AutoEnroll is not Enroll
    ['D:(A;;CR;;;AU)', 'allow/none'], // CR without an object type covers every extended right
    ['D:(A;;GA;;;S-1-5-21-1-2-3-1113)', 'allow/allow'], // Full Control as a generic right
    ['D:(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;AU)', 'allow/allow'], // Full Control as certtmpl writes it
    ['D:(A;;0x100;;;AU)(A;;0x10;;;AU)', 'allow/allow'], // hex masks
    ['D:(OD;;CR;0e10c968-78fb-11d2-90d4-00c04f79dc55;;AU)(OA;;CR;0e10c968-78fb-11d2-90d4-00c04f79dc55;;S-1-5-21-1-2-3-1113)', 'deny/none'],
    ['D:(OA;;CR;0e10c968-78fb-11d2-90d4-00c04f79dc55;;DU)', 'none/none'], // Domain Users is not in this token
    ['D:(OA;CIIO;CR;0e10c968-78fb-11d2-90d4-00c04f79dc55;;AU)', 'none/none'], // inherit-only: not for this object
    ['D:(OA;;RP;bf967aba-0de6-11d0-a285-00aa003049e2;;AU)', 'none/none'], // reading one property is not Read
  ])('%s gives %s', (sddl, expected) => {
    expect(rights(sddl)).toBe(expected);
  });
});
