import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  findKey,
  formatRegistryValue,
  parseRegExport,
  parseRegistryText,
  parseRegQuery,
  RegistryParseError,
  type RegistryKey,
  type RegistryValue,
} from '../../src/parse/registry.js';
import { decodeText } from '../../src/parse/text.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/registry/${name}`, import.meta.url)));
const parseFixture = (name: string, codePage?: number) => parseRegistryText(decodeText(fixture(name), codePage));
const HTTP = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters';

function value(keys: RegistryKey[], path: string, name: string): RegistryValue | undefined {
  const key = findKey(keys, path);
  expect(key, `key ${path}`).toBeDefined();
  return key!.values.get(name.toLowerCase());
}

function parseError(run: () => unknown): RegistryParseError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(RegistryParseError);
    return e as RegistryParseError;
  }
  throw new Error('expected a RegistryParseError');
}

describe('reg export (UTF-16LE, BOM, CRLF)', () => {
  it('reads the HTTP.sys parameters and skips wrapped hex lines of a subkey correctly', () => {
    const bytes = fixture('http-parameters.reg');
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
    const keys = parseFixture('http-parameters.reg');
    expect(keys.map((k) => k.path.split('\\').pop())).toEqual(['Parameters', 'SslBindingInfo', 'UrlAclInfo']);
    expect(value(keys, HTTP, 'MaxFieldLength')).toEqual({ name: 'MaxFieldLength', type: 'REG_DWORD', data: 65534 });
    expect(value(keys, HTTP, 'maxrequestbytes')).toMatchObject({ type: 'REG_DWORD', data: 0xfffe });
    const acl = value(keys, `${HTTP}\\UrlAclInfo`, 'http://+:80/Temporary_Listen_Addresses/');
    expect(acl?.type).toBe('REG_BINARY');
    // 20 + 25 + 25 + 2 bytes over four physical lines
    expect((acl?.data as Uint8Array).length).toBe(72);
    expect(Array.from((acl?.data as Uint8Array).slice(-5))).toEqual([0x01, 0x00, 0x00, 0x00, 0x00]);
    expect(findKey(keys, `${HTTP}\\SslBindingInfo`)?.values.size).toBe(0);
  });

  it('reads the MSCEP export: subkeys holding a value of the same name, \\\\ escapes, uppercase hex', () => {
    const keys = parseFixture('mscep.reg');
    const mscep = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP';
    expect(keys).toHaveLength(10);
    expect(value(keys, mscep, 'EncryptionTemplate')).toMatchObject({ type: 'REG_SZ', data: 'IPSECIntermediateOffline' });
    expect(value(keys, `${mscep}\\EnforcePassword`, 'EnforcePassword')).toMatchObject({ type: 'REG_DWORD', data: 1 });
    expect(value(keys, `${mscep}\\PasswordValidity`, 'PasswordValidity')).toMatchObject({ data: 60 });
    expect(value(keys, `${mscep}\\CAInfo`, 'Configuration')).toMatchObject({
      data: 'CA03.intra.contoso.com\\ADCS Labor Issuing CA 2',
    });
    expect(findKey(keys, 'hklm\\software\\microsoft\\cryptography\\mscep\\')).toBe(findKey(keys, mscep));
  });

  it('decodes the hex(n) value types and string escapes', () => {
    const keys = parseFixture('value-types.reg');
    const k = 'HKLM\\SOFTWARE\\Contoso\\NdesDoctorFixture';
    expect(value(keys, k, '')).toMatchObject({ type: 'REG_SZ', data: 'default value' });
    expect(value(keys, k, 'Path')).toEqual({ name: 'Path', type: 'REG_EXPAND_SZ', data: '%SystemRoot%\\System32\\certsrv\\mscep' });
    expect(value(keys, k, 'Names')).toEqual({ name: 'Names', type: 'REG_MULTI_SZ', data: ['SCEP', 'Connector Service'] });
    expect(value(keys, k, 'InstallTime')).toEqual({ name: 'InstallTime', type: 'REG_QWORD', data: 0x1d9a2b3c4d5e6f7n });
    expect(value(keys, k, 'Blob')).toEqual({ name: 'Blob', type: 'REG_BINARY', data: new Uint8Array([0xde, 0xad, 0xbe, 0xef]) });
    expect(value(keys, k, 'Quote "and" slash')).toMatchObject({ data: 'C:\\Temp\\a "b"' });
    expect(value(keys, k, 'Empty')).toMatchObject({ type: 'REG_SZ', data: '' });
    expect(value(keys, k, 'Tiny')).toMatchObject({ type: 'REG_DWORD', data: 0 });
    expect(formatRegistryValue(value(keys, k, 'Tiny')!)).toBe('0 (0x0) REG_DWORD');
  });

  it('reads hex(2) and hex(7) strings of a REGEDIT4 export (regedit /a) one byte a character, in the ANSI code page', () => {
    // Data bytes written by Python's cp1252 codec. The first value's bytes are also those of a real
    // REGEDIT4 file a public script imports (%SystemRoot%\system32\shdocvw.dll), and ReactOS's and Wine's
    // regedit convert these three types to the ANSI code page when they write REGEDIT4.
    const keys = parseRegExport(
      'REGEDIT4\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\r\n' +
        '@=hex(2):25,53,79,73,74,65,6d,52,6f,6f,74,25,5c,73,79,73,74,65,6d,33,32,5c,73,\\\r\n  68,64,6f,63,76,77,2e,64,6c,6c,00\r\n' +
        '"Odd"=hex(2):43,3a,5c,78,00\r\n' +
        '"Multi"=hex(7):49,6e,74,75,6e,65,53,43,45,50,00,43,61,66,e9,20,80,75,72,6f,00,00\r\n',
    );
    const k = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\X';
    expect(value(keys, k, '')).toEqual({ name: '', type: 'REG_EXPAND_SZ', data: '%SystemRoot%\\system32\\shdocvw.dll' });
    expect(value(keys, k, 'Odd')).toEqual({ name: 'Odd', type: 'REG_EXPAND_SZ', data: 'C:\\x' });
    expect(value(keys, k, 'Multi')).toEqual({ name: 'Multi', type: 'REG_MULTI_SZ', data: ['IntuneSCEP', 'Caf\u00e9 \u20acuro'] });
    // Version 5 keeps UTF-16: the same odd byte count is a value cut short there.
    expect(() => parseRegExport('Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\X]\r\n"Odd"=hex(2):43,3a,5c,78,00\r\n')).toThrow(/odd number of bytes/);
  });

  it('ignores deleted keys ([-...]) and comment lines', () => {
    const keys = parseRegExport('REGEDIT4\n\n; comment\n[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Gone]\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Here]\n"A"=dword:00000002\n');
    expect(keys.map((k) => k.path)).toEqual(['HKEY_LOCAL_MACHINE\\SOFTWARE\\Here']);
  });
});

describe('reg export, damaged', () => {
  it('reports an export cut inside wrapped hex data, with the line the value starts on', () => {
    const err = parseError(() => parseFixture('truncated-in-hex.reg'));
    expect(err.message).toMatch(/^line 11: .*line 13 is empty; the export looks truncated/);
  });

  it('reports an export that ends right after a "\\" continuation', () => {
    const text = 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\X]\r\n"B"=hex:01,02,\\\r\n';
    expect(parseError(() => parseRegExport(text)).message).toMatch(/^line 4: .*(ends inside hex data|line 5 is empty)/);
    expect(parseError(() => parseRegExport(text.trimEnd())).message).toMatch(/^line 4: the file ends inside hex data/);
  });

  it('reports an export cut inside a string value', () => {
    expect(parseError(() => parseFixture('truncated-in-string.reg')).message).toMatch(/^line 6: unterminated string value for "StubPath"/);
  });

  it('reports a missing header instead of reading the file as reg query output', () => {
    expect(parseError(() => parseFixture('missing-header.reg')).message).toMatch(/header is missing/);
  });

  it('names the garbage value line by its line number in the file, counting wrapped lines', () => {
    const err = parseError(() => parseFixture('garbage-value.reg'));
    expect(err.message).toMatch(/^line 10: "dword:fffe0000fffe" for "MaxRequestBytes" has 12 hex digits, not 8$/);
  });

  it('rejects hex data that is not bytes', () => {
    const text = 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\X]\r\n"B"=hex:01,1ff,02\r\n';
    expect(parseError(() => parseRegExport(text)).message).toMatch(/^line 4: "1ff" is not a hex byte/);
  });

  it('rejects a value before any key', () => {
    expect(parseError(() => parseRegExport('Windows Registry Editor Version 5.00\n"A"=dword:00000001\n')).message).toMatch(/^line 2: a value before any \[key\]/);
  });
});

describe('reg query', () => {
  it('reads English output (CRLF, leading blank line, subkeys without values)', () => {
    const keys = parseFixture('http-parameters-query-en.txt');
    expect(keys).toHaveLength(3);
    expect(value(keys, HTTP, 'MaxFieldLength')).toEqual({ name: 'MaxFieldLength', type: 'REG_DWORD', data: 65534 });
    expect(value(keys, HTTP, 'EnableSslBindingCompat')).toMatchObject({ data: 0 });
    const acl = value(keys, `${HTTP}\\UrlAclInfo`, 'http://+:80/Temporary_Listen_Addresses/');
    expect((acl?.data as Uint8Array).length).toBe(16);
  });

  it('reads German output in CP850 and skips the localized FEHLER line', () => {
    const bytes = fixture('query-de-cp850.txt');
    expect(bytes).toContain(0x81); // ü as CP850 writes it
    const keys = parseRegistryText(decodeText(bytes, 850));
    expect(keys).toHaveLength(1);
    const fs = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\FileSystem';
    expect(value(keys, fs, 'LongPathsEnabled')).toMatchObject({ type: 'REG_DWORD', data: 1 });
    expect(value(keys, fs, 'Beschreibung')).toMatchObject({ data: 'Größenbeschränkung für Pfade aufgehoben' });
  });

  it('treats the French "(par défaut)" as the default value', () => {
    const keys = parseFixture('query-fr-cp850.txt', 850);
    const ie = 'HKLM\\SOFTWARE\\Microsoft\\Active Setup\\Installed Components\\{A509B1A7-37EF-4b3f-8CFC-4F3A74704073}';
    expect(value(keys, ie, '')).toMatchObject({ name: '', type: 'REG_SZ', data: 'IE Hardening' });
    expect(value(keys, ie, 'IsInstalled')).toMatchObject({ data: 0 });
    expect(value(keys, ie, 'StubPath')).toMatchObject({ data: 'C:\\Windows\\system32\\rundll32.exe C:\\Windows\\system32\\iesetup.dll,IEHardenAdmin' });
  });

  it('reads every value type, empty data and names or data with spaces', () => {
    const keys = parseFixture('value-types-query.txt');
    const k = 'HKLM\\SOFTWARE\\Contoso\\NdesDoctorFixture';
    expect(value(keys, k, '')).toMatchObject({ data: 'default value' });
    expect(value(keys, k, 'Path')).toMatchObject({ type: 'REG_EXPAND_SZ', data: '%SystemRoot%\\System32\\certsrv\\mscep' });
    expect(value(keys, k, 'Names')).toMatchObject({ type: 'REG_MULTI_SZ', data: ['SCEP', 'Connector Service'] });
    expect(value(keys, k, 'InstallTime')).toMatchObject({ type: 'REG_QWORD', data: 0x1d9a2b3c4d5e6f7n });
    expect(value(keys, k, 'Blob')).toMatchObject({ type: 'REG_BINARY', data: new Uint8Array([0xde, 0xad, 0xbe, 0xef]) });
    expect(value(keys, k, 'Empty')).toMatchObject({ type: 'REG_SZ', data: '' });
    expect(value(keys, k, 'Nothing')).toMatchObject({ type: 'REG_MULTI_SZ', data: [] });
    expect(value(keys, k, 'Display Name With Spaces')).toMatchObject({ data: 'Value    with    gaps' });
  });

  it('names the line of a DWORD that is not a number', () => {
    expect(parseError(() => parseFixture('garbage-query.txt')).message).toMatch(/^line 4: value "MaxRequestBytes": "lots" is not a number/);
  });

  it('refuses text with no key line at all, quoting what it found', () => {
    expect(parseError(() => parseFixture('not-registry.txt')).message).toMatch(/no registry key line.*502 Bad Gateway/);
    expect(parseError(() => parseRegQuery('\r\n\r\n')).message).toMatch(/empty/);
  });
});

describe('formatRegistryValue', () => {
  it('shows DWORDs in decimal and hex, strings quoted, binary as hex', () => {
    expect(formatRegistryValue({ name: 'a', type: 'REG_DWORD', data: 65534 })).toBe('65534 (0xfffe) REG_DWORD');
    expect(formatRegistryValue({ name: 'a', type: 'REG_SZ', data: '65534' })).toBe('"65534" REG_SZ');
    expect(formatRegistryValue({ name: 'a', type: 'REG_BINARY', data: new Uint8Array([1, 255]) })).toBe('01ff REG_BINARY');
  });
});

describe('long and hostile exports', () => {
  /** What regedit writes for a large REG_BINARY (e.g. AppCompatCache): 25 bytes per wrapped line. */
  function wrappedBinary(lines: number): { text: string; bytes: Uint8Array } {
    const bytes = Uint8Array.from({ length: lines * 25 }, (_, i) => (i * 7) & 0xff);
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0'));
    const rows = Array.from({ length: lines }, (_, i) => hex.slice(i * 25, i * 25 + 25).join(','));
    const body = rows.map((r, i) => (i === 0 ? `"AppCompatCache"=hex:${r}` : `  ${r}`)).join(',\\\r\n');
    return { text: `Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\X]\r\n${body}\r\n"After"=dword:00000001\r\n`, bytes };
  }

  it('joins a REG_BINARY wrapped over 40,000 lines into its exact bytes, and reads the value after it', () => {
    const { text, bytes } = wrappedBinary(40_000);
    const [key] = parseRegExport(text);
    expect(key!.values.get('appcompatcache')).toEqual({ name: 'AppCompatCache', type: 'REG_BINARY', data: bytes });
    expect(key!.values.get('after')).toMatchObject({ type: 'REG_DWORD', data: 1 });
  });

  it('keeps the line number of where a long wrapped value starts in its errors', () => {
    const { text } = wrappedBinary(3);
    const damaged = text.replace('\\\r\n  ', '\\\r\n  fff,');
    expect(parseError(() => parseRegExport(damaged)).message).toMatch(/^line 4: "fff" is not a hex byte in the data of "AppCompatCache"/);
  });

  it('quotes only a short, redacted excerpt of a malformed line', () => {
    const secret = 'The enrollment challenge password is: <B> 8CE317021F690069 </B>';
    const err = parseError(() => parseRegExport(`Windows Registry Editor Version 5.00\r\n[HKEY_LOCAL_MACHINE\\X]\r\n${secret}\r\n`));
    expect(err.message).toMatch(/^line 3: not a "name"=value line: /);
    expect(err.message).not.toContain('8CE317021F690069');
    expect(err.message.length).toBeLessThan(100);
  });
});

describe('parseRegQuery, a U+2028 in a line', () => {
  it('is text of the value, not a line end', () => {
    const [key] = parseRegQuery('HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP\r\n    EncryptionTemplate    REG_SZ    Intune\u2028SCEP\r\n');
    expect(key!.values.get('encryptiontemplate')).toMatchObject({ type: 'REG_SZ', data: 'Intune\u2028SCEP' });
  });
});
