import { describe, expect, it } from 'vitest';
import { ACE_TYPE, checkAccess, parseSecurityDescriptor, type Ace } from '../../src/parse/security-descriptor.js';
import { decodeText } from '../../src/parse/text.js';
import { readFixture } from '../checks/host-facts.js';

/** The descriptor bytes of a fixture (made from SDDL by Samba, test/fixtures/make-ca-security-fixtures.py). */
const bytes = (name: string) => Buffer.from((JSON.parse(decodeText(readFixture(`ca-security/${name}`))) as { Security: string }).Security, 'base64');
const DOMAIN = 'S-1-5-21-3623811015-3361044348-30300820';
const NDES01 = `${DOMAIN}-1104`;

describe('parseSecurityDescriptor', () => {
  it('reads owner, group and every ACE as SIDs and masks, in order', () => {
    expect(parseSecurityDescriptor(bytes('ndes-computer.json'))).toEqual({
      control: expect.any(Number),
      owner: 'S-1-5-32-544',
      group: 'S-1-5-32-544',
      dacl: [
        { type: 0, flags: 0, mask: 0x200, sid: 'S-1-5-11' },
        { type: 0, flags: 0, mask: 0x3, sid: 'S-1-5-32-544' },
        { type: 0, flags: 0, mask: 0x3, sid: `${DOMAIN}-512` },
        { type: 0, flags: 0, mask: 0x3, sid: `${DOMAIN}-519` },
        { type: 0, flags: 0, mask: 0x2, sid: NDES01 },
      ],
    });
  });

  it('keeps deny ACEs, inherit-only flags and object ACEs with their SID', () => {
    expect(parseSecurityDescriptor(bytes('deny-computer.json')).dacl![0]).toEqual({ type: ACE_TYPE.accessDenied, flags: 0, mask: 0x2, sid: NDES01 });
    const [inheritOnly, object] = parseSecurityDescriptor(bytes('odd-aces.json')).dacl!;
    expect(inheritOnly).toEqual({ type: 0, flags: 0x08, mask: 0x2, sid: NDES01 });
    expect(object).toEqual({ type: 5, flags: 0, mask: 0x2, sid: NDES01 });
  });

  it('reads a descriptor without a DACL as a NULL DACL', () => {
    expect(parseSecurityDescriptor(bytes('null-dacl.json'))).toMatchObject({ owner: 'S-1-5-32-544', dacl: null });
  });

  it('rejects cut, absolute-form and foreign data with the offset that failed', () => {
    const whole = bytes('ndes-computer.json');
    expect(() => parseSecurityDescriptor(whole.subarray(0, 60))).toThrow(/runs past the end|cut off|does not fit/);
    expect(() => parseSecurityDescriptor(whole.subarray(0, 12))).toThrow(/the header at offset 0 runs past the end of the 12-byte descriptor/);
    const absolute = Buffer.from(whole);
    absolute.writeUInt16LE(absolute.readUInt16LE(2) & ~0x8000, 2);
    expect(() => parseSecurityDescriptor(absolute)).toThrow(/not self-relative/);
    const badSid = Buffer.from(whole);
    badSid[badSid.readUInt32LE(4)] = 2;
    expect(() => parseSecurityDescriptor(badSid)).toThrow(/SID of the owner at offset \d+ has revision 2/);
    expect(() => parseSecurityDescriptor(Buffer.from('O:BAG:BAD:(A;;0x2;;;AU)'))).toThrow(/revision 79 is not 1/);
  });
});

describe('checkAccess', () => {
  const allow = (sid: string, mask: number, flags = 0): Ace => ({ type: 0, flags, mask, sid });
  const deny = (sid: string, mask: number): Ace => ({ type: 1, flags: 0, mask, sid });
  const me = new Set([NDES01, `${DOMAIN}-515`]);

  it('grants through the first ACE that names one of the SIDs with the right', () => {
    const dacl = [allow('S-1-5-11', 0x200), allow(`${DOMAIN}-515`, 0x3)];
    expect(checkAccess(dacl, me, 0x2)).toEqual({ granted: true, by: dacl[1] });
  });

  it('does not grant a right no ACE of the principal carries', () => {
    expect(checkAccess([allow(NDES01, 0x1), allow('S-1-5-11', 0x2)], me, 0x2)).toEqual({ granted: false, by: undefined });
    expect(checkAccess([], me, 0x2).granted).toBe(false);
  });

  it('decides by order: a deny before an allow denies, an allow before a deny grants', () => {
    expect(checkAccess([deny(NDES01, 0x2), allow(`${DOMAIN}-515`, 0x2)], me, 0x2)).toMatchObject({ granted: false, by: { type: 1 } });
    expect(checkAccess([allow(`${DOMAIN}-515`, 0x2), deny(NDES01, 0x2)], me, 0x2)).toMatchObject({ granted: true, by: { type: 0 } });
    // A deny of another right does not stop this one.
    expect(checkAccess([deny(NDES01, 0x1), allow(NDES01, 0x2)], me, 0x2).granted).toBe(true);
  });

  it('ignores inherit-only and object ACEs, and grants everything under a NULL DACL', () => {
    expect(checkAccess([allow(NDES01, 0x2, 0x08), { type: 5, flags: 0, mask: 0x2, sid: NDES01 }], me, 0x2).granted).toBe(false);
    expect(checkAccess([allow(NDES01, 0x2, 0x02)], me, 0x2).granted).toBe(true);
    expect(checkAccess(null, me, 0x2)).toEqual({ granted: true });
  });
});
