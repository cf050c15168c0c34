import { describe, expect, it } from 'vitest';
import { parseSetspnList } from '../../src/parse/setspn.js';
import { decodeText } from '../../src/parse/text.js';
import { readFixture } from '../checks/host-facts.js';

const text = (name: string, cp = 437) => decodeText(readFixture(`setspn/${name}`), cp);

describe('parseSetspnList', () => {
  it('reads English output with tab-indented SPNs and CRLF', () => {
    expect(parseSetspnList(text('setspn-en.txt'))).toEqual({
      accountDn: 'CN=svc-ndes,OU=Service Accounts,DC=contoso,DC=com',
      spns: ['HTTP/ndes01.contoso.com', 'HTTP/NDES01'],
    });
  });

  it('reads German output in code page 850 by its shapes, not its words', () => {
    const raw = readFixture('setspn/setspn-de-cp850.txt');
    expect(raw).toContain(0x81); // ü of "für" in CP850
    const listing = parseSetspnList(decodeText(raw, 850));
    expect(listing.accountDn).toBe('CN=svc-ndes,OU=Dienstkonten,DC=contoso,DC=com');
    expect(listing.spns).toEqual(['http/NDES01.contoso.com']);
  });

  it('reads a French listing with no SPNs and a space before the colon', () => {
    expect(parseSetspnList(text('setspn-fr-none.txt', 850))).toEqual({
      accountDn: 'CN=Compte NDES,OU=Comptes de service,DC=contoso,DC=com',
      spns: [],
    });
  });

  it('reports what setspn said when the account does not exist', () => {
    expect(() => parseSetspnList(text('setspn-not-found.txt'))).toThrow(/Could not find account svc-ndes/);
  });

  it('refuses a listing cut inside its last line, which may have lost SPNs', () => {
    const full = text('setspn-en.txt');
    expect(parseSetspnList(full).spns.length).toBeGreaterThan(0);
    expect(() => parseSetspnList(full.trimEnd().slice(0, -3))).toThrow(/ends in the middle of a line .*cut short/);
  });

  it('reports empty output plainly', () => {
    expect(() => parseSetspnList('\r\n')).toThrow(/printed nothing/);
  });
});
