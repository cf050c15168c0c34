import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { decodeText } from '../../src/parse/text.js';
import { allowsServerAuth, daysLeft, describeCertificate, issuedBy, OID, weakRsaKey, weakSignature } from '../../src/parse/x509.js';
import { parsePkcs7Certificates } from '../../src/parse/scep-certs.js';
import { issue, ndesPki } from '../helpers/network/pki.js';

const pki = ndesPki();

/** The DER of the store fixture entry with this subject (the dump holds only thumbprint, key flag and DER). */
function storeDer(file: string, subject: string): Uint8Array {
  const json = JSON.parse(decodeText(new Uint8Array(readFileSync(new URL(`../fixtures/certs/${file}`, import.meta.url))))) as { RawData?: string }[];
  const ders = json.flatMap((e) => (typeof e.RawData === 'string' ? [new Uint8Array(Buffer.from(e.RawData, 'base64'))] : []));
  const der = ders.find((d) => {
    try {
      return describeCertificate(d).subject === subject;
    } catch {
      return false;
    }
  });
  if (!der) throw new Error(`no ${subject} in ${file}`);
  return der;
}

test('certificate details: key usage bits, SHA-1 signature, key size, self-signed', () => {
  const ra = describeCertificate(pki.encryption.der);
  expect(ra.keyUsage).toEqual(['keyEncipherment']);
  expect(ra.key).toEqual({ type: 'RSA', bits: 2048 });
  expect(ra.signatureAlgorithm.hash).toBe('sha256');
  expect(ra.selfSigned).toBe(false);
  expect(ra.sha256).toBe(createHash('sha256').update(pki.encryption.der).digest('hex').toUpperCase());
  const old = describeCertificate(issue({ cn: 'old', hash: 'sha1', bits: 1024 }).der);
  expect(old.signatureAlgorithm.hash).toBe('sha1');
  expect(old.key).toEqual({ type: 'RSA', bits: 1024 });
  expect(old.selfSigned).toBe(true);
});

test('names are printed most specific first, as Windows prints them', () => {
  const ca = describeCertificate(pki.ca.der);
  expect(ca.subject).toBe('O=Contoso Test, CN=Contoso Issuing CA');
  expect(ca.isCA).toBe(true);
  expect(describeCertificate(pki.signing.der).issuer).toBe(ca.subject);
});

test('an EC certificate from a Windows store is described with its curve and hashes', () => {
  const der = storeDer('my-varied.json', 'CN=ndes-ec.contoso.com');
  const ec = describeCertificate(der);
  expect(ec.key).toEqual({ type: 'EC', curve: 'P-256' });
  expect(ec.thumbprint).toBe(createHash('sha1').update(der).digest('hex').toUpperCase());
  // The key is EC, the issuing CA's is RSA: the signature algorithm follows the issuer.
  expect(ec.signatureAlgorithm).toEqual({ oid: '1.2.840.113549.1.1.11', name: 'sha256WithRSAEncryption', hash: 'sha256' });
});

test('self-issued is told apart from self-signed, and issuedBy checks the signature', () => {
  const first = issue({ cn: 'Twin CA', ca: true });
  const second = issue({ cn: 'Twin CA', ca: true, issuer: first });
  const a = describeCertificate(first.der);
  const b = describeCertificate(second.der);
  expect([b.selfIssued, b.selfSigned]).toEqual([true, false]);
  expect(issuedBy(b, a)).toBe(true);
  expect(issuedBy(b, b)).toBe(false);
  expect(issuedBy(describeCertificate(pki.signing.der), a)).toBe(false);
});

describe('judgements shared by the store and the endpoint checks', () => {
  test('Server Authentication: the EKU, anyExtendedKeyUsage, or no EKU extension at all', () => {
    const leaf = describeCertificate(issue({ cn: 'tls' }).der);
    expect(leaf.ekus).toEqual([OID.serverAuth]);
    expect(allowsServerAuth(leaf)).toBe(true);
    const any = describeCertificate(issue({ cn: 'any', eku: [OID.anyExtendedKeyUsage] }).der);
    expect(allowsServerAuth(any)).toBe(true);
    const none = describeCertificate(issue({ cn: 'none', eku: [] }).der);
    expect(none.ekus).toBeUndefined();
    expect(allowsServerAuth(none)).toBe(true);
    expect(allowsServerAuth(describeCertificate(issue({ cn: 'client', eku: [OID.clientAuth] }).der))).toBe(false);
  });

  test('weak signature hash and RSA key size', () => {
    const weak = describeCertificate(issue({ cn: 'weak', hash: 'sha1', bits: 1024 }).der);
    const strong = describeCertificate(pki.encryption.der);
    expect([weakSignature(weak), weakRsaKey(weak)]).toEqual([true, true]);
    expect([weakSignature(strong), weakRsaKey(strong)]).toEqual([false, false]);
    expect(weakRsaKey(describeCertificate(storeDer('my-varied.json', 'CN=ndes-ec.contoso.com')))).toBe(false);
  });

  test('days left count whole days and go negative once expired', () => {
    const cert = describeCertificate(pki.ca.der);
    const day = 86_400_000;
    expect(daysLeft(cert, new Date(cert.notAfter.getTime() - 10.5 * day))).toBe(10);
    expect(daysLeft(cert, new Date(cert.notAfter.getTime() + 1))).toBe(-1);
  });
});

test('throws on DER that is not a certificate', () => {
  expect(() => describeCertificate(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]))).toThrow();
  expect(() => describeCertificate(new Uint8Array([0x04, 0x00]))).toThrow(/not an ASN.1 SEQUENCE/);
  expect(() => describeCertificate(pki.ca.der.subarray(0, 200))).toThrow(/^not a readable X\.509 certificate/);
});

describe('certificates Windows Active Directory Certificate Services wrote (real capture)', () => {
  // Microsoft's Authenticode signature of Add-AppDevPackage.ps1; see test/fixtures/certs/README.md.
  const p7 = new Uint8Array(readFileSync(new URL('../fixtures/certs/microsoft-authenticode-signature.p7b', import.meta.url)));

  test('the V1 template name is a BMPString, two bytes a character, read once', () => {
    const ders = parsePkcs7Certificates(p7);
    const pca = ders.map(describeCertificate).find((c) => c.commonNames.includes('Microsoft Code Signing PCA 2010'))!;
    // `1e 0a 00 53 00 75 00 62 00 43 00 41`: an odd number of characters, as in "CEPEncryption".
    expect(Buffer.from(pca.x509.raw).includes(Buffer.from('1e0a00530075006200430041', 'hex'))).toBe(true);
    expect(pca.template).toEqual({ name: 'SubCA' });
    expect(pca.thumbprint).toBe('8BFE3107712B3C886B1C96AAEC89984914DC9B6B');
    expect(pca.serialNumber).toBe('610C524C000000000003');
    expect(pca.issuer).toBe('CN=Microsoft Root Certificate Authority 2010, O=Microsoft Corporation, L=Redmond, S=Washington, C=US');
  });
});

test('a certificate met again in the same process is the same description, and its OpenSSL parse is made once', () => {
  const first = describeCertificate(pki.ca.der);
  const again = describeCertificate(new Uint8Array(pki.ca.der));
  expect(again).toBe(first);
  expect(first.x509).toBe(first.x509);
  expect(first.x509.fingerprint256.replace(/:/g, '')).toBe(first.sha256);
  // Another certificate is never answered from the cache.
  expect(describeCertificate(pki.encryption.der)).not.toBe(first);
  expect(describeCertificate(pki.encryption.der).thumbprint).toBe(createHash('sha1').update(pki.encryption.der).digest('hex').toUpperCase());
});

test('publicKeyHash is the SHA-1 of the SubjectPublicKeyInfo as OpenSSL encodes it', () => {
  for (const der of [pki.ca.der, pki.encryption.der, issue({ cn: 'ec', keyType: 'ec' }).der]) {
    const cert = describeCertificate(der);
    const spki = cert.x509.publicKey.export({ type: 'spki', format: 'der' });
    expect(cert.publicKeyHash).toBe(createHash('sha1').update(spki).digest('hex'));
  }
});

test('DER is read strictly: bytes after the certificate, an indefinite length or a cut are refused', () => {
  const der = Buffer.from(pki.ca.der);
  expect(() => describeCertificate(Buffer.concat([der, Buffer.from([0x05, 0x00])]))).toThrow(/not a readable X\.509 certificate \(2 bytes follow/);
  const indefinite = Buffer.concat([Buffer.from([0x30, 0x80]), der.subarray(4), Buffer.from([0, 0])]);
  expect(() => describeCertificate(indefinite)).toThrow(/indefinite length/);
  expect(() => describeCertificate(der.subarray(0, der.length - 1))).toThrow(/not a readable X\.509 certificate/);
});

test('UTCTime years 50 to 99 are 19xx and 00 to 49 are 20xx (RFC 5280); from 2050 on GeneralizedTime', () => {
  // openssl writes UTCTime for 1950-2049 and GeneralizedTime after, as RFC 5280 asks.
  const old = describeCertificate(issue({ cn: 'utc-bounds', notBefore: new Date('1950-01-01T00:00:00Z'), notAfter: new Date('2049-12-31T23:59:59Z') }).der);
  expect(old.notBefore.toISOString()).toBe('1950-01-01T00:00:00.000Z');
  expect(old.notAfter.toISOString()).toBe('2049-12-31T23:59:59.000Z');
  const late = describeCertificate(issue({ cn: 'generalized', notBefore: new Date('2026-02-28T12:34:56Z'), notAfter: new Date('2050-01-01T00:00:00Z') }).der);
  expect(late.notBefore.toISOString()).toBe('2026-02-28T12:34:56.000Z');
  expect(late.notAfter.toISOString()).toBe('2050-01-01T00:00:00.000Z');
});

test('each certificate names its own issuer, however many issuers a store holds (issuer names are read once each)', () => {
  const cas = ['Contoso Issuing CA 1', 'Contoso Issuing CA 2', 'Contoso Issuing CA 1 '].map((cn) => issue({ cn, ca: true }));
  const leaves = cas.map((ca, i) => describeCertificate(issue({ cn: `leaf ${i}`, issuer: ca }).der));
  expect(leaves.map((l) => l.issuer)).toEqual(cas.map((ca) => describeCertificate(ca.der).subject));
  expect(new Set(leaves.map((l) => l.issuer)).size).toBe(3);
});

test('two OIDs whose octets hash alike are still told apart (the OID cache compares the octets)', () => {
  // These two collide under the cache's hash of the content octets (found by search); read in one
  // certificate, the second is looked up where the first was cached.
  const colliding = ['1.3.6.1.4.1.311.99.1096256.476522', '1.3.6.1.4.1.311.99.494707.1055399'];
  expect(describeCertificate(issue({ cn: 'colliding OIDs', eku: colliding }).der).ekus).toEqual(colliding);
  expect(describeCertificate(issue({ cn: 'colliding OIDs reversed', eku: [...colliding].reverse() }).der).ekus).toEqual([...colliding].reverse());
});
