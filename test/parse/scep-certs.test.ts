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

  test('the RA certificates NDES setup enrolls are told by their V1 template names', () => {
    const c = classifyScepCertificates(parsePkcs7Certificates(pki.pkcs7));
    expect(c.ras.map((r) => [r.role, r.cert.template?.name]).sort()).toEqual([
      ['ra-encryption', 'CEPEncryption'],
      ['ra-signing', 'EnrollmentAgentOffline'],
    ]);
  });

  test('renewed RA certificates from duplicated templates carry a template OID and are still classified', () => {
    const c = classifyScepCertificates(parsePkcs7Certificates(ndesPki({ raTemplates: 'v2' }).pkcs7));
    expect(c.ras.map((r) => r.role).sort()).toEqual(['ra-encryption', 'ra-signing']);
    expect(c.ras.every((r) => r.cert.template?.name === undefined && /^1\.3\.6\.1\.4\.1\.311\.21\.8\./.test(r.cert.template?.oid ?? ''))).toBe(true);
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
