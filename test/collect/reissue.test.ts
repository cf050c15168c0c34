/**
 * Certificates made and checked by the openssl CLI (test/fixtures/redaction/make-certs.sh); ndes-doctor
 * rewrites them with its own DER code and node:crypto.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDer } from '../../src/collect/der.js';
import { certificatesIn, reissueCertificates, replaceCertificates } from '../../src/collect/reissue.js';
import { installed, suiteName } from '../helpers/requires.js';

const hasOpenssl = installed('openssl', existsSync('/usr/bin/openssl'), 'openssl');
const DIR = 'test/fixtures/redaction/certs';
const NAMES = ['root', 'issuing', 'tls', 'ec-ca', 'ra', 'orphan', 'public'] as const;
type Name = (typeof NAMES)[number];

const der = (pem: string) => new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
const pem = (d: Uint8Array) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(d).toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
const original = Object.fromEntries(NAMES.map((n) => [n, der(readFileSync(join(DIR, `${n}.pem`), 'utf8'))])) as Record<Name, Uint8Array>;

/** The domain fabrikam.local becomes domain-1.example.test (one more DC= part), the host ndes07 host-1. */
const rename = (s: string) =>
  s
    .replace(/DC=fabrikam,DC=local/gi, 'DC=domain-1,DC=example,DC=test')
    .replace(/fabrikam\.local/gi, 'domain-1.example.test')
    .replace(/fabrikam/gi, 'DOMAIN-1')
    .replace(/ndes07/gi, 'host-1');

describe.runIf(hasOpenssl)(suiteName('re-issued certificates, checked by openssl', hasOpenssl, 'openssl'), () => {
  const tmp = mkdtempSync(join(tmpdir(), 'ndes-doctor-reissue-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const reissue = reissueCertificates(Object.values(original), rename);
  const next = Object.fromEntries(NAMES.map((n) => [n, reissue.certificate(original[n]) ?? original[n]])) as Record<Name, Uint8Array>;
  const file = (n: Name, which: 'old' | 'new' = 'new') => {
    const path = join(tmp, `${which}-${n}.pem`);
    writeFileSync(path, pem(which === 'new' ? next[n] : original[n]));
    return path;
  };
  const x509 = (n: Name, which: 'old' | 'new', ...args: string[]) => execFileSync('openssl', ['x509', '-in', file(n, which), '-noout', ...args], { encoding: 'utf8' });
  const verify = (leaf: Name, root: Name, untrusted?: Name) => {
    try {
      execFileSync('openssl', ['verify', '-no-CApath', '-no-CAstore', '-CAfile', file(root), ...(untrusted ? ['-untrusted', file(untrusted)] : []), file(leaf)], { encoding: 'utf8', stdio: 'pipe' });
      return 'OK';
    } catch (e) {
      return String((e as { stdout: string }).stdout);
    }
  };

  it('renames the names in subjects, issuers, DC= parts and extensions', () => {
    expect(x509('root', 'new', '-subject')).toBe('subject=DC = test, DC = example, DC = domain-1, CN = DOMAIN-1 Root CA\n');
    expect(x509('tls', 'new', '-subject', '-issuer')).toBe('subject=CN = host-1.domain-1.example.test\nissuer=DC = test, DC = example, DC = domain-1, CN = DOMAIN-1 Issuing CA\n');
    expect(x509('tls', 'new', '-ext', 'subjectAltName')).toContain('DNS:host-1.domain-1.example.test, DNS:scep.domain-1.example.test');
    expect(x509('issuing', 'new', '-ext', 'crlDistributionPoints')).toContain('URI:http://pki.domain-1.example.test/pki/DOMAIN-1%20Issuing%20CA.crl');
    expect(x509('ra', 'new', '-subject')).toBe('subject=O = DOMAIN-1, CN = host-1-MSCEP-RA\n');
  });

  it('signs them again so that each chain still verifies, RSA and ECDSA alike', () => {
    // Before: the chains verify, so the re-issued ones must too.
    expect(verify('tls', 'root', 'issuing')).toBe('OK');
    expect(verify('ra', 'root', 'ec-ca')).toBe('OK');
    expect(verify('root', 'root')).toBe('OK');
    expect(verify('issuing', 'root')).toBe('OK');
    // Against the old root, the re-issued certificates verify no more: the keys really changed.
    const oldRoot = file('root', 'old');
    expect(() => execFileSync('openssl', ['verify', '-no-CApath', '-no-CAstore', '-CAfile', oldRoot, file('issuing')], { stdio: 'pipe' })).toThrow();
  });

  it('keeps key types and sizes, serial numbers, dates and signature algorithms', () => {
    for (const n of ['root', 'issuing', 'tls', 'ec-ca', 'ra', 'orphan'] as const) {
      expect(x509(n, 'new', '-serial', '-dates'), n).toBe(x509(n, 'old', '-serial', '-dates'));
      const keyAndSignature = (text: string) => text.match(/Public-Key: \(\d+ bit\)|Signature Algorithm: \S+/g);
      expect(keyAndSignature(x509(n, 'new', '-text')), n).toEqual(keyAndSignature(x509(n, 'old', '-text')));
    }
    expect(x509('ec-ca', 'new', '-text')).toContain('Public-Key: (256 bit)');
  });

  it('gives an issuer whose names did not change a new key only when a certificate it signed needs signing again', () => {
    // The root's names change, so everything under it is re-issued; the public root has no name to replace.
    expect(reissue.certificate(original.public)).toBeUndefined();
    expect(reissue.count).toBe(6);
  });

  it('leaves the signature of a certificate whose issuer is not there: it could not be verified before either', () => {
    const signature = (d: Uint8Array) => Buffer.from(parseDer(d).children![2]!.content).toString('hex');
    expect(x509('orphan', 'new', '-subject')).toBe('subject=CN = orphan.domain-1.example.test\n');
    expect(signature(next.orphan)).toBe(signature(original.orphan));
  });

  it('maps every old SHA-1 and SHA-256 fingerprint to the new one', () => {
    for (const n of ['root', 'tls', 'ra'] as const) {
      for (const alg of ['-sha1', '-sha256']) {
        const fp = (which: 'old' | 'new') => x509(n, which, '-fingerprint', alg).split('=')[1]!.trim().replace(/:/g, '');
        expect(reissue.fingerprints.get(fp('old')), `${n} ${alg}`).toBe(fp('new'));
      }
    }
  });

  it('replaces the certificates inside a PKCS#7 bag, as a GetCACert answer carries them', () => {
    const bag = join(tmp, 'bag.p7b');
    execFileSync('openssl', ['crl2pkcs7', '-nocrl', '-certfile', file('ra', 'old'), '-certfile', file('ec-ca', 'old'), '-certfile', file('public', 'old'), '-outform', 'DER', '-out', bag]);
    const replaced = replaceCertificates(new Uint8Array(readFileSync(bag)), reissue)!;
    const inside = certificatesIn(parseDer(replaced)).map((c) => Buffer.from(c.raw!).toString('hex'));
    expect(inside).toEqual([next.ra, next['ec-ca'], original.public].map((d) => Buffer.from(d).toString('hex')));
    writeFileSync(bag, replaced);
    expect(execFileSync('openssl', ['pkcs7', '-inform', 'DER', '-in', bag, '-print_certs', '-noout'], { encoding: 'utf8' })).toContain('subject=O = DOMAIN-1, CN = host-1-MSCEP-RA');
  });
});
