import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/** A certificate made by node-forge, with its key, in the forms the tests need. */
export interface Issued {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
  certPem: string;
  keyPem: string;
  der: Uint8Array;
}

export interface IssueOptions {
  cn: string;
  issuer?: Issued;
  ca?: boolean;
  notBefore?: Date;
  notAfter?: Date;
  /** DNS names; entries that look like IPv4 addresses become IP SANs. */
  san?: string[];
  /** EKU OIDs; empty array means no EKU extension. */
  eku?: string[];
  keyUsage?: { digitalSignature?: boolean; keyEncipherment?: boolean; keyCertSign?: boolean; cRLSign?: boolean };
  hash?: 'sha256' | 'sha1';
  bits?: number;
  /** Skip the Basic Constraints extension altogether (some RA certificates have none). */
  noBasicConstraints?: boolean;
}

const DAY = 86_400_000;
let serial = 1;

// Key generation dominates test time; a small pool per size keeps certificates distinct enough (names differ).
const pool = new Map<number, ReturnType<typeof generateKeyPairSync>[]>();
let turn = 0;
function keyPair(bits: number) {
  let keys = pool.get(bits);
  if (!keys) pool.set(bits, (keys = []));
  if (keys.length < 4) keys.push(generateKeyPairSync('rsa', { modulusLength: bits }));
  return keys[turn++ % keys.length]!;
}

/** Node generates the RSA key (fast, native); forge builds and signs the certificate. */
export function issue(o: IssueOptions): Issued {
  const { privateKey, publicKey } = keyPair(o.bits ?? 2048);
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()) as forge.pki.rsa.PrivateKey;
  const pub = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const cert = forge.pki.createCertificate();
  cert.publicKey = pub;
  // forge writes the hex string as the INTEGER bytes: keep it even-length and positive.
  cert.serialNumber = '01' + (serial++).toString(16).padStart(8, '0') + randomBytes(4).toString('hex');
  cert.validity.notBefore = o.notBefore ?? new Date(Date.now() - DAY);
  cert.validity.notAfter = o.notAfter ?? new Date(Date.now() + 365 * DAY);
  const subject = [{ name: 'commonName', value: o.cn }, { name: 'organizationName', value: 'Contoso Test' }];
  cert.setSubject(subject);
  cert.setIssuer(o.issuer ? o.issuer.cert.subject.attributes : subject);
  const ext: object[] = [];
  if (!o.noBasicConstraints) ext.push({ name: 'basicConstraints', cA: o.ca === true, critical: true });
  if (o.keyUsage || o.ca) ext.push({ name: 'keyUsage', critical: true, ...(o.ca ? { keyCertSign: true, cRLSign: true, digitalSignature: true } : o.keyUsage) });
  const eku = o.eku ?? (o.ca ? [] : ['1.3.6.1.5.5.7.3.1']);
  // forge looks keys up in its OID table both ways: known OIDs must be given by name.
  if (eku.length > 0) ext.push({ name: 'extKeyUsage', ...Object.fromEntries(eku.map((oid) => [(forge.pki.oids as Record<string, string>)[oid] ?? oid, true])) });
  if (o.san?.length) {
    ext.push({ name: 'subjectAltName', altNames: o.san.map((n) => (/^\d+\.\d+\.\d+\.\d+$/.test(n) ? { type: 7, ip: n } : { type: 2, value: n })) });
  }
  ext.push({ name: 'subjectKeyIdentifier' });
  cert.setExtensions(ext);
  const signer = o.issuer?.key ?? key;
  cert.sign(signer, o.hash === 'sha1' ? forge.md.sha1.create() : forge.md.sha256.create());
  const derBytes = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  return {
    cert,
    key,
    certPem: forge.pki.certificateToPem(cert),
    keyPem: forge.pki.privateKeyToPem(key),
    der: new Uint8Array(Buffer.from(derBytes, 'binary')),
  };
}

/** A certs-only PKCS#7 (degenerate SignedData), what NDES returns for GetCACert. */
export function certsOnlyPkcs7(certs: Issued[]): Uint8Array {
  const p7 = forge.pkcs7.createSignedData();
  for (const c of certs) p7.addCertificate(c.cert);
  return new Uint8Array(Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary'));
}

export const SIGNING_RA_EKU = '1.3.6.1.4.1.311.20.2.1';

/**
 * A CA with its NDES RA pair, as NDES sends them for GetCACert. Validity defaults to around the real
 * clock, which suits a probe analysed at once; a recording kept for later (the example bundles)
 * must give every date, or it would judge differently depending on the day it was made.
 */
export function ndesPki(o: { raNotAfter?: Date; raIssuer?: Issued; hash?: 'sha256' | 'sha1'; raBits?: number; caNotAfter?: Date; notBefore?: Date } = {}) {
  const ca = issue({ cn: 'Contoso Issuing CA', ca: true, notBefore: o.notBefore, notAfter: o.caNotAfter ?? new Date(Date.now() + 3650 * DAY) });
  const raIssuer = o.raIssuer ?? ca;
  const common = { issuer: raIssuer, eku: [SIGNING_RA_EKU], hash: o.hash, bits: o.raBits, notBefore: o.notBefore, notAfter: o.raNotAfter ?? new Date(Date.now() + 700 * DAY) };
  const signing = issue({ ...common, cn: 'NDES01-MSCEP-RA', keyUsage: { digitalSignature: true } });
  const encryption = issue({ ...common, cn: 'NDES01-MSCEP-RA', keyUsage: { keyEncipherment: true } });
  return { ca, signing, encryption, pkcs7: certsOnlyPkcs7([signing, encryption, ca]) };
}
