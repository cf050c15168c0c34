import { describe, expect, it, test } from 'vitest';
import { parseTarget, parseTargetsFile, withoutCredentials } from '../../../src/collect/network/targets.js';

test('a host, a host:port and full URLs all become the mscep.dll URL', () => {
  expect(parseTarget('ndes.contoso.com').url.href).toBe('https://ndes.contoso.com/certsrv/mscep/mscep.dll');
  expect(parseTarget('ndes.contoso.com:8443').url.href).toBe('https://ndes.contoso.com:8443/certsrv/mscep/mscep.dll');
  expect(parseTarget('https://ndes.contoso.com/certsrv/mscep/mscep.dll/pkiclient.exe?operation=GetCACaps').url.href).toBe(
    'https://ndes.contoso.com/certsrv/mscep/mscep.dll',
  );
  expect(parseTarget('https://ndes-contoso.msappproxy.net/').url.pathname).toBe('/certsrv/mscep/mscep.dll');
});

test('bad targets are refused with the reason', () => {
  expect(() => parseTarget('ftp://ndes')).toThrow(/only http/);
  expect(() => parseTarget('https://user:pw@ndes')).toThrow(/user name/);
  expect(() => parseTarget('ht tp://x')).toThrow(/neither/);
});

test('a targets file with CRLF, a BOM, comments and blank lines', () => {
  const text = '\uFEFF# NDES pool\r\nndes01.contoso.com\r\n\r\nhttps://ndes02.contoso.com/certsrv/mscep/mscep.dll  # second\r\n   # off\r\n';
  expect(parseTargetsFile(text)).toEqual(['ndes01.contoso.com', 'https://ndes02.contoso.com/certsrv/mscep/mscep.dll']);
});

describe('withoutCredentials', () => {
  it('masks the password of a URL, in an argument, and leaves other text alone', () => {
    expect(withoutCredentials('https://svc:Hunter2@ndes.contoso.com/x')).toBe('https://svc:***@ndes.contoso.com/x');
    expect(withoutCredentials('--url=https://svc:Hunter2@ndes.contoso.com')).toBe('--url=https://svc:***@ndes.contoso.com');
    expect(withoutCredentials('svc:Hunter2@ndes.contoso.com')).toBe('svc:***@ndes.contoso.com');
    expect(withoutCredentials('https://ndes.contoso.com/a@b')).toBe('https://ndes.contoso.com/a@b');
    expect(withoutCredentials('mail user@contoso.com')).toBe('mail user@contoso.com');
  });
});
