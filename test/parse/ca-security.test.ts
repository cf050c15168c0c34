import { describe, expect, it } from 'vitest';
import { CA_ACCESS, caRights, parseCaSecurity } from '../../src/parse/ca-security.js';
import { decodeText } from '../../src/parse/text.js';
import { readFixture } from '../checks/host-facts.js';

const text = (name: string) => decodeText(readFixture(`ca-security/${name}`));

describe('parseCaSecurity', () => {
  it('reads the configuration string and the descriptor the CA returned', () => {
    const s = parseCaSecurity(text('ndes-computer.json'));
    expect(s).toMatchObject({ read: true, config: 'CA01.corp.contoso.com\\Contoso Issuing CA 1' });
    expect(s.read && s.descriptor.dacl?.map((a) => a.mask)).toEqual([0x200, 0x3, 0x3, 0x3, 0x2]);
  });

  it('keeps a German CA name intact (UTF-8 with BOM)', () => {
    expect(parseCaSecurity(text('de-umlaut-ca.json'))).toMatchObject({ read: true, config: 'CA01.corp.contoso.com\\Zertifizierungsstelle Süd' });
  });

  it('returns the refusal with its HRESULT, whatever language the message is in', () => {
    expect(parseCaSecurity(text('access-denied-de.json'))).toEqual({
      read: false,
      config: 'CA01.corp.contoso.com\\Zertifizierungsstelle Süd',
      error: { message: 'CCertAdmin::GetConfigEntry: Zugriff verweigert 0x80070005 (WIN32: 5 ERROR_ACCESS_DENIED)', hresult: -2147024891 },
    });
    expect(parseCaSecurity(text('no-cainfo.json'))).toMatchObject({ read: false, config: undefined, error: { message: expect.stringContaining("'HKLM:\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP\\CAInfo'") } });
  });

  it('rejects a cut descriptor, text that is not base64, and an object with neither result', () => {
    expect(() => parseCaSecurity(text('truncated.json'))).toThrow(/past the end|cut off|does not fit/);
    expect(() => parseCaSecurity(text('not-base64.json'))).toThrow('Security is not base64');
    expect(() => parseCaSecurity('{"Config":"CA01\\\\X"}')).toThrow('needs Config and Security (base64), or Error');
    expect(() => parseCaSecurity('[]')).toThrow();
  });
});

describe('caRights', () => {
  it('names the CA roles of a mask, and keeps unknown bits as hex', () => {
    expect(caRights(CA_ACCESS.ADMIN | CA_ACCESS.OFFICER)).toBe('Manage CA, Issue and Manage Certificates');
    expect(caRights(CA_ACCESS.ENROLL)).toBe('Request Certificates');
    expect(caRights(0x10000 | CA_ACCESS.READ)).toBe('Read, 0x10000');
    expect(caRights(0)).toBe('no right');
  });
});
