import { describe, expect, it } from 'vitest';
import enrollRights, { decide, ENROLL_RIGHT } from '../../../src/checks/template/enroll-rights.js';
import { parseSddl } from '../../../src/parse/sddl.js';
import { shown } from '../example-outcomes.js';
import { factFrom } from '../host-facts.js';
import { facts, HEALTHY, run } from '../mscep/mscep-fixture-facts.js';

const DOMAIN = 'S-1-5-21-3623811015-3361044348-30300820';
const SVC = `${DOMAIN}-1113`;
const AUTOENROLL = 'a05b8cc2-17bc-4802-a710-e7c15ab866a2';
const dacl = (...aces: string[]) => parseSddl(`O:DAG:DAD:${aces.join('')}`);
const rights = (sd: ReturnType<typeof parseSddl>, sids = [SVC]) =>
  Object.fromEntries(Object.entries(decide(sd, new Set(sids), DOMAIN)).map(([r, d]) => [r, `${d!.access} ${d!.sid}`]));

describe('decide: which ACE grants or denies Enroll and Read, as Active Directory evaluates it', () => {
  it('Generic All grants both, unless it is limited to another object type', () => {
    expect(rights(dacl(`(A;;GA;;;${SVC})`))).toEqual({ enroll: `allow ${SVC}`, read: `allow ${SVC}` });
    expect(rights(dacl(`(OA;;GA;${ENROLL_RIGHT};;${SVC})`))).toEqual({ enroll: `allow ${SVC}` });
    expect(rights(dacl(`(OA;;GA;${AUTOENROLL};;${SVC})`))).toEqual({});
  });

  it('Enroll needs the control-access right for Enroll or for every right, never AutoEnroll', () => {
    expect(rights(dacl(`(OA;;CR;${ENROLL_RIGHT};;${SVC})`))).toEqual({ enroll: `allow ${SVC}` });
    expect(rights(dacl(`(A;;CR;;;${SVC})`))).toEqual({ enroll: `allow ${SVC}` });
    expect(rights(dacl(`(OA;;CR;${AUTOENROLL};;${SVC})`))).toEqual({});
    expect(rights(dacl(`(OA;;RPWP;${ENROLL_RIGHT};;${SVC})`))).toEqual({});
  });

  it('Read needs read property or generic read on the whole object', () => {
    expect(rights(dacl(`(A;;RP;;;${SVC})`))).toEqual({ read: `allow ${SVC}` });
    expect(rights(dacl(`(A;;GR;;;${SVC})`))).toEqual({ read: `allow ${SVC}` });
    expect(rights(dacl(`(OA;;RP;${ENROLL_RIGHT};;${SVC})`))).toEqual({});
    expect(rights(dacl(`(A;;WP;;;${SVC})`))).toEqual({});
  });

  it('the first deciding ACE wins, denies count, inherit-only and other ACE types and other SIDs do not', () => {
    expect(rights(dacl(`(D;;CR;;;${SVC})(A;;GA;;;${SVC})`))).toEqual({ enroll: `deny ${SVC}`, read: `allow ${SVC}` });
    expect(rights(dacl(`(OD;;CR;${ENROLL_RIGHT};;${SVC})`))).toEqual({ enroll: `deny ${SVC}` });
    expect(rights(dacl(`(A;IO;GA;;;${SVC})`))).toEqual({});
    expect(rights(dacl(`(AU;;GA;;;${SVC})`))).toEqual({});
    expect(rights(dacl(`(A;;GA;;;${DOMAIN}-1114)`))).toEqual({});
    expect(rights(dacl('(A;;GA;;;DU)'), [`${DOMAIN}-513`])).toEqual({ enroll: `allow ${DOMAIN}-513`, read: `allow ${DOMAIN}-513` });
  });
});

describe('NDES-TPL-008: the words for each identity and source of the permissions', () => {
  const identity = (fixture: string) => factFrom('scepIdentity', { 'account.scep-identity': `powershell/${fixture}` });
  it.each(['scep-identity-user.json', 'scep-identity-apppool.json', 'scep-identity-localservice.json', 'scep-identity-no-groups.json', 'scep-identity-unresolved.json'])('%s', (who) => {
    const out: Record<string, unknown> = {};
    for (const security of [undefined, 'powershell/template-security-computers.json', 'powershell/template-security-admins-only.json']) {
      for (const mscep of ['registry/mscep-intune.reg', 'registry/mscep-legacy.reg', 'registry/mscep-default.reg']) {
        const f = facts({ ...HEALTHY, 'registry.mscep': mscep, ...(security && { 'ad.template-security': security }) });
        out[`${mscep} + ${security ?? 'certutil dump'}`] = shown(run(enrollRights, { ...f, scepIdentity: identity(who) }));
      }
    }
    expect(out).toMatchSnapshot();
  });
});
