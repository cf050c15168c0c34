import { describe, expect, test } from 'vitest';
import { classifyScepCertificates, parsePkcs7Certificates } from '../../src/parse/scep-certs.js';
import { ndesPki } from '../helpers/network/pki.js';

const pki = ndesPki();

describe('GetCACert PKCS#7', () => {
  test('three certificates, classified by extensions whatever their order', () => {
    const ders = parsePkcs7Certificates(pki.pkcs7);
    expect(ders).toHaveLength(3);
    const c = classifyScepCertificates([...ders].reverse());
    expect(c.ca?.subject).toMatch(/Contoso Issuing CA/);
    expect(c.ras.map((r) => r.role).sort()).toEqual(['ra-encryption', 'ra-signing']);
  });

  test('a bare DER certificate (application/x-x509-ca-cert) is accepted', () => {
    expect(parsePkcs7Certificates(pki.ca.der)).toHaveLength(1);
  });

  test('truncated, empty and HTML bodies give readable errors', () => {
    expect(() => parsePkcs7Certificates(pki.pkcs7.subarray(0, 900))).toThrow(/not DER/);
    expect(() => parsePkcs7Certificates(new Uint8Array())).toThrow(/empty/);
    expect(() => parsePkcs7Certificates(new TextEncoder().encode('<html>403</html>'))).toThrow(/not DER/);
  });
});
