import { describe, expect, it } from 'vitest';
import { CA_ERROR_TEXTS, findDiagnosticCodes, findHresults, formatHresult } from '../../src/parse/error-codes.js';

describe('findHresults', () => {
  it('finds HRESULTs in hex, upper-cased as Microsoft writes them, in order and once each', () => {
    expect(findHresults('(0x800706ba). The RPC server is unavailable. again 0x800706BA and 0x80004005')).toEqual(['0x800706BA', '0x80004005']);
  });

  it('reads the signed decimal form certutil prints', () => {
    expect(findHresults('0x80094800 (-2146875392 CERTSRV_E_UNSUPPORTED_CERT_TYPE)')).toEqual(['0x80094800']);
    expect(findHresults('error -2146875392')).toEqual(['0x80094800']);
  });

  it('ignores hex that is not an HRESULT: success codes, diagnostic codes, longer numbers, thumbprints', () => {
    expect(findHresults('0x00000411 0x0FFFFFFF 0x0 0x7FFFFFFF 0x8009480012 1F6D0C2E5B1D7A3F4E6B8C0D2F4A6B8C0E2D4F6A8')).toEqual([]);
    expect(findHresults('-3000000000 -1234')).toEqual([]);
  });
});

describe('findDiagnosticCodes', () => {
  it('finds the legacy connector codes and reads the documented typo 0x0FFFFFFFF as 0x0FFFFFFF', () => {
    expect(findDiagnosticCodes('DiagnosticCode=0x00000411; other 0x00000404, 0x0FFFFFFFF and 0x0fffffff')).toEqual(['0x00000411', '0x00000404', '0x0FFFFFFF']);
  });

  it('does not take HRESULTs or longer hex for diagnostic codes', () => {
    expect(findDiagnosticCodes('0x80004005 0x000004110 0x00000412 0x00000000')).toEqual([]);
  });
});

describe('CA error texts', () => {
  it('name the HRESULT of the English CA messages NDES writes into event 31', () => {
    const code = (text: string) => CA_ERROR_TEXTS.find((k) => k.text.test(text))?.hresult;
    expect(code('The requested certificate template is not supported by this CA.')).toBe('0x80094800');
    expect(code('The permissions on the certificate template do not allow the current user to enroll for this type of certificate.')).toBe('0x80094012');
    expect(code('The revocation function was unable to check revocation because the revocation server was offline.')).toBe('0x80092013');
    expect(code('Die angeforderte Zertifikatvorlage wird von dieser Zertifizierungsstelle nicht unterstützt.')).toBeUndefined();
  });

  it('formats negative numbers as unsigned', () => {
    expect(formatHresult(-2146875392)).toBe('0x80094800');
  });
});
