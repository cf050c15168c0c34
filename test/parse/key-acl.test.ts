import { describe, expect, it } from 'vitest';
import { canRead, parseRaKeyFiles } from '../../src/parse/key-acl.js';
import { decodeText } from '../../src/parse/text.js';
import { readFixture } from '../checks/host-facts.js';

const text = (name: string) => decodeText(readFixture(`ra-keys/${name}`));
const SVC = 'S-1-5-21-3623811015-3361044348-30300820-1113';

describe('parseRaKeyFiles', () => {
  it('reads the key provider information, the key file and its ACL as SIDs and masks', () => {
    const [sign] = parseRaKeyFiles(text('readable.json'));
    expect(sign).toMatchObject({
      thumbprint: '884076BFAC5000108A0BB86C4FB64BED0AD82992',
      container: 'NDES01-MSCEP-RA-SIGN',
      provider: 'Microsoft Strong Cryptographic Provider',
      providerType: 1,
    });
    expect(sign!.file).toMatch(/\\MachineKeys\\[0-9a-f]{32}_8c1f0d4a-9b7e-4d21-a3c6-5f2e1b7d9a04$/);
    expect(sign!.acl).toEqual([
      { sid: 'S-1-5-18', rights: 2032127, allow: true },
      { sid: 'S-1-5-32-544', rights: 2032127, allow: true },
      { sid: SVC, rights: 131209, allow: true },
    ]);
  });

  it('reads GENERIC_READ written as a negative Int32 as the unsigned mask', () => {
    const [sign] = parseRaKeyFiles(text('via-group.json'));
    expect(sign!.acl![2]).toMatchObject({ rights: 0x80000000 });
  });

  it('keeps why a key could not be examined', () => {
    expect(parseRaKeyFiles(text('access-denied.json'))[0]).toMatchObject({ acl: undefined, error: { hresult: -2147024891 } });
  });

  it('refuses an ACL without the key file it was read from, whose fix would name no file', () => {
    const [sign] = JSON.parse(text('readable.json')) as Record<string, unknown>[];
    expect(parseRaKeyFiles(JSON.stringify([sign]))[0]!.file).toBe(sign!.File);
    for (const file of [undefined, null, '', true, {}, [], ['C:\\x']]) {
      expect(() => parseRaKeyFiles(JSON.stringify([{ ...sign, File: file }])), JSON.stringify(file)).toThrow(
        'key 884076BFAC5000108A0BB86C4FB64BED0AD82992 has an ACL (Access) but no key File it was read from',
      );
    }
    // Without an ACL (the file could not be examined) the file is only shown when known.
    const { Access: _, ...unexamined } = sign!;
    expect(parseRaKeyFiles(JSON.stringify([{ ...unexamined, File: null, Error: 'Access is denied' }]))[0]).toMatchObject({ file: undefined, acl: undefined, error: { message: 'Access is denied' } });
  });

  it('reads an empty list (no RA certificate) and refuses an ACE without a SID', () => {
    expect(parseRaKeyFiles(text('none.json'))).toEqual([]);
    expect(() => parseRaKeyFiles(text('bad-ace.json'))).toThrow(/needs a SID/);
  });
});

describe('canRead', () => {
  const acl = (rights: number, allow = true) => [{ sid: SVC, rights, allow }];
  const sids = new Set([SVC]);

  it('needs FILE_READ_DATA, GENERIC_READ or GENERIC_ALL', () => {
    expect(canRead(acl(0x1), sids).allowed).toBe(true);
    expect(canRead(acl(0x80000000), sids).allowed).toBe(true);
    expect(canRead(acl(0x10000000), sids).allowed).toBe(true);
    // WriteData, AppendData, WriteExtendedAttributes, WriteAttributes: no read.
    expect(canRead(acl(0x116), sids).allowed).toBe(false);
  });

  it('lets a deny ACE win over an allow ACE', () => {
    expect(canRead([...acl(131209), { sid: SVC, rights: 0x1, allow: false }], sids)).toEqual({ allowed: false, deniedBy: SVC });
  });

  it('ignores ACEs of principals outside the token', () => {
    expect(canRead([{ sid: 'S-1-5-18', rights: 2032127, allow: true }], sids)).toEqual({ allowed: false });
  });
});
