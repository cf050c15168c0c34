import { describe, expect, it } from 'vitest';
import { parseCertutilVerify, ruleTitle } from '../../src/parse/certutil-verify.js';
import { decodeText } from '../../src/parse/text.js';
import { readFixture } from '../checks/host-facts.js';

const text = (name: string, cp = 437) => decodeText(readFixture(`certutil-verify/${name}`), cp);

describe('parseCertutilVerify', () => {
  it('reads a real English run: partial chain and offline revocation, though certutil says it completed', () => {
    const [v] = parseCertutilVerify(text('qa-partial-offline.txt'));
    expect(v).toMatchObject({
      role: 'server-auth',
      thumbprint: '092EB7929B8EAC83C44C3AE8E71B0034E176C23B',
      exitCode: 0,
      chainBuilt: true,
      chainErrors: ['CERT_TRUST_REVOCATION_STATUS_UNKNOWN', 'CERT_TRUST_IS_OFFLINE_REVOCATION', 'CERT_TRUST_IS_PARTIAL_CHAIN'],
      elementErrors: ['CERT_TRUST_REVOCATION_STATUS_UNKNOWN', 'CERT_TRUST_IS_OFFLINE_REVOCATION'],
    });
    expect(v!.hresults).toEqual(['CERT_E_CHAINING', 'CRYPT_E_REVOCATION_OFFLINE']);
  });

  it('reads a real Simplified Chinese run in code page 936 by its tokens: the failed CRL URL and its WinHttp error', () => {
    const raw = readFixture('certutil-verify/zh-offline-cp936.txt');
    expect(raw.includes(0xd6)).toBe(true); // GBK lead byte of 证 (证书 = certificate)
    const [v] = parseCertutilVerify(decodeText(raw, 936));
    expect(v!.chainErrors).toEqual(['CERT_TRUST_REVOCATION_STATUS_UNKNOWN', 'CERT_TRUST_IS_OFFLINE_REVOCATION']);
    expect(v!.failedUrls).toEqual([{ kind: 'CDP', url: 'http://e6.c.lencr.org/43.crl', error: '0x80072f78 ERROR_WINHTTP_INVALID_SERVER_RESPONSE' }]);
    expect(v!.hresults).toContain('CRYPT_E_REVOCATION_OFFLINE');
  });

  it('reads the same Chinese run after the CRL was fetched: no error flag, no failed URL', () => {
    const [v] = parseCertutilVerify(text('zh-ok-cp936.txt', 936));
    expect(v).toMatchObject({ chainBuilt: true, chainErrors: [], elementErrors: [], hresults: [], failedUrls: [] });
  });

  it('reads one section per certificate, with roles and exit codes', () => {
    const runs = parseCertutilVerify(text('contoso-broken.txt'));
    expect(runs.map((r) => [r.role, r.thumbprint.slice(0, 8), r.exitCode])).toEqual([
      ['ra', 'D8B1E1A4', -2146762495],
      ['ra', 'F5D13068', 0],
      ['server-auth', '88812EAF', 0],
    ]);
    expect(runs[0]!.hresults).toEqual(['CERT_E_EXPIRED']);
    expect(runs[1]!.failedUrls).toEqual([
      { kind: 'CDP', url: 'http://pki.contoso.com/pki/Contoso%20Issuing%20CA%2001.crl', error: '0x80072ee7 ERROR_WINHTTP_NAME_NOT_RESOLVED' },
    ]);
  });

  it('keeps a URL failure whose HRESULT has no symbolic name (WIN32: 12007 form)', () => {
    const body = [
      '==== ndes-doctor verify ra A2AF2AFB14E8B80CDAF2181508870B301D3CF5D4',
      '-------- CERT_CHAIN_CONTEXT --------',
      '  ---------------- Certificate AIA ----------------',
      '  Failed "AIA" Time: 0',
      '    Error retrieving URL: The server name or address could not be resolved 0x80072ee7 (WIN32: 12007)',
      '    http://corppki/aia/mswww(6).crt',
      '==== ndes-doctor exit 0',
    ].join('\r\n');
    expect(parseCertutilVerify(body)[0]!.failedUrls).toEqual([{ kind: 'AIA', url: 'http://corppki/aia/mswww(6).crt', error: '0x80072ee7' }]);
  });

  it('marks a run cut short (no exit line) and one that built no chain', () => {
    expect(parseCertutilVerify(text('truncated.txt'))[0]!.exitCode).toBeUndefined();
    const [v] = parseCertutilVerify(text('no-chain.txt'));
    expect(v).toMatchObject({ chainBuilt: false, exitCode: -2147024894, hresults: ['ERROR_FILE_NOT_FOUND'] });
  });

  it('refuses output with no verification at all', () => {
    expect(() => parseCertutilVerify(text('empty.txt'))).toThrow(/empty output/);
    expect(() => parseCertutilVerify('Get-ChildItem : Cannot find drive.')).toThrow(/the collector printed: "Get-ChildItem/);
  });
});

describe('ruleTitle', () => {
  it('reads a rule line as the regex it replaced did, /^\s*-{8,}\s+(.*?)\s+-{8,}\s*$/', () => {
    const lines = [
      '  ---------------- Certificate AIA ----------------',
      '-------- CDP --------',
      '  --------  Base CRL CDP   ----------  ',
      '--------  --------',
      '-------- --------',
      '-------- a -------- b --------',
      '------- seven -------',
      '-------- no blank--------',
      '--------x --------',
      '--------------------',
      'text -------- CDP --------',
      '',
    ];
    const oracle = (line: string) => /^\s*-{8,}\s+(.*?)\s+-{8,}\s*$/.exec(line)?.[1];
    for (const line of lines) expect(ruleTitle(line), JSON.stringify(line)).toBe(oracle(line));
  });
});
