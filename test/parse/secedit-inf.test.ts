import { describe, expect, it } from 'vitest';
import { parseSeceditUserRights } from '../../src/parse/secedit-inf.js';
import { decodeText } from '../../src/parse/text.js';
import { readFixture } from '../checks/host-facts.js';

const text = (name: string, cp = 437) => decodeText(readFixture(`secedit/${name}`), cp);

describe('parseSeceditUserRights', () => {
  it('reads a real Server 2022 export (UTF-16LE with BOM, CRLF), SIDs and bare names alike', () => {
    const raw = readFixture('secedit/server2022-dc.inf');
    expect([...raw.subarray(0, 4)]).toEqual([0xff, 0xfe, 0x5b, 0x00]);
    const { rights } = parseSeceditUserRights(text('server2022-dc.inf'));
    expect(rights.get('SeImpersonatePrivilege')).toEqual([
      { kind: 'sid', sid: 'S-1-5-19' },
      { kind: 'sid', sid: 'S-1-5-20' },
      { kind: 'sid', sid: 'S-1-5-32-544' },
      { kind: 'sid', sid: 'S-1-5-6' },
    ]);
    expect(rights.get('SeServiceLogonRight')?.slice(0, 3)).toEqual([
      { kind: 'sid', sid: 'S-1-5-20' },
      { kind: 'name', name: 'svc_sql' },
      { kind: 'name', name: 'SQLServer2005SQLBrowserUser$DC02' },
    ]);
    expect(rights.size).toBe(33);
  });

  it('keeps names secedit prints instead of SIDs on a localized system (German "Gast")', () => {
    const { rights } = parseSeceditUserRights(text('de-names.inf'));
    expect(rights.get('SeDenyInteractiveLogonRight')).toEqual([{ kind: 'name', name: 'Gast' }]);
    expect(rights.get('SeServiceLogonRight')?.[0]).toEqual({ kind: 'name', name: 'svc-ndes' });
  });

  it('reads an IIS server where IIS_IUSRS holds SeImpersonatePrivilege, and one where it does not', () => {
    const has = (f: string) => parseSeceditUserRights(text(f)).rights.get('SeImpersonatePrivilege')!.some((h) => h.kind === 'sid' && h.sid === 'S-1-5-32-568');
    expect(has('ndes-member.inf')).toBe(true);
    expect(has('ndes-no-impersonate.inf')).toBe(false);
  });

  it('reads a right assigned to nobody as an empty list', () => {
    expect(parseSeceditUserRights('[Unicode]\r\nUnicode=yes\r\n[Privilege Rights]\r\nSeTcbPrivilege =\r\n[Version]\r\nsignature="$CHICAGO$"\r\n').rights.get('SeTcbPrivilege')).toEqual([]);
  });

  it('refuses a file cut short before [Version]', () => {
    expect(() => parseSeceditUserRights(text('truncated.inf'))).toThrow(/truncated/);
  });

  it('refuses a malformed SID and says which line', () => {
    expect(() => parseSeceditUserRights(text('bad-sid.inf'))).toThrow(/line 4: "\*S-1-5-32-ABC" is not a SID/);
  });

  it('refuses what secedit printed instead of an export, quoting it', () => {
    expect(() => parseSeceditUserRights(text('not-an-export.txt', 850))).toThrow(/not a secedit export; it says: "Die Aufgabe wurde mit einem Fehler beendet/);
    expect(() => parseSeceditUserRights('[Unicode]\nUnicode=yes\n[Version]\n')).toThrow(/no \[Privilege Rights\] section/);
  });
});
