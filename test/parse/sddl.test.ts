import { describe, expect, it } from 'vitest';
import { parseSddl, trusteeSid } from '../../src/parse/sddl.js';

describe('parseSddl', () => {
  // The shape certutil -v -template printed for a User template (research notes, formats.md 4B; the
  // capture elides the middle ACEs and the domain SID, filled in here).
  const real = 'O:LAG:S-1-5-21-1004336348-1177238915-682003330-519D:PAI(OA;;RPWPCR;0e10c968-78fb-11d2-90d4-00c04f79dc55;;DA)(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;DA)(A;;LCRPLORC;;;AU)';

  it('reads owner, group and the DACL of a template descriptor', () => {
    const sd = parseSddl(real);
    expect(sd.owner).toBe('LA');
    expect(sd.group).toBe('S-1-5-21-1004336348-1177238915-682003330-519');
    expect(sd.dacl).toEqual([
      { type: 'OA', flags: '', mask: 0x130, objectType: '0e10c968-78fb-11d2-90d4-00c04f79dc55', trustee: 'DA' },
      { type: 'A', flags: '', mask: 0xf01ff, trustee: 'DA' },
      { type: 'A', flags: '', mask: 0x20094, trustee: 'AU' },
    ]);
  });

  it('reads hex masks, ACE flags, an inherited object type and a SACL after the DACL', () => {
    const sd = parseSddl('D:AI(A;CIID;0x100;;bf967aba-0de6-11d0-a285-00aa003049e2;S-1-5-11)S:(AU;SA;CR;;;WD)');
    expect(sd.dacl).toEqual([{ type: 'A', flags: 'CIID', mask: 0x100, inheritedObjectType: 'bf967aba-0de6-11d0-a285-00aa003049e2', trustee: 'S-1-5-11' }]);
  });

  it.each([
    ['cut inside an ACE', 'D:PAI(OA;;CR;0e10c968-78fb-11d2-90d4-00c04f79dc55;;S-1-5-21-36'],
    ['cut before the DACL', 'O:DAG:DA'],
    ['an unknown right', 'D:(A;;ZZ;;;AU)'],
    ['a trustee that is no SID', 'D:(A;;CR;;;CONTOSO\\svc-ndes)'],
    ['a broken GUID', 'D:(OA;;CR;0e10c968;;AU)'],
    ['decoded lines instead of SDDL', 'Allow Enroll\tCONTOSO\\svc-ndes'],
  ])('refuses %s', (_, text) => {
    expect(() => parseSddl(text)).toThrow();
  });
});

describe('trusteeSid', () => {
  it('expands well-known and domain-relative aliases', () => {
    expect(trusteeSid('AU')).toBe('S-1-5-11');
    expect(trusteeSid('DC', 'S-1-5-21-1-2-3')).toBe('S-1-5-21-1-2-3-515');
    expect(trusteeSid('DA')).toBeUndefined();
    expect(trusteeSid('s-1-5-21-1-2-3-1113')).toBe('S-1-5-21-1-2-3-1113');
  });
});
