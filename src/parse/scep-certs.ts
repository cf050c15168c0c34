import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';

const { asn1 } = forge;

export interface CertInfo {
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  sha256: string;
  isCa: boolean;
  selfSigned: boolean;
  keyType: string;
  keyBits?: number;
  /** Signature algorithm OID and the hash it uses ('sha1', 'sha256', ..., or 'unknown'). */
  signatureOid: string;
  signatureHash: string;
  keyUsage: KeyUsage[];
  extKeyUsage: string[];
  x509: X509Certificate;
}

export const KEY_USAGES = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign'] as const;
export type KeyUsage = (typeof KEY_USAGES)[number];

export const EKU = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  certificateRequestAgent: '1.3.6.1.4.1.311.20.2.1',
  anyExtendedKeyUsage: '2.5.29.37.0',
} as const;

const SIGNATURE_HASH: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5',
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
  '1.2.840.113549.1.1.10': 'rsassa-pss',
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.3.14.3.2.29': 'sha1',
};

const binary = (bytes: Uint8Array) => forge.util.binary.raw.encode(bytes);

/** forge's typings omit the options object; without decodeBitStrings: false it guesses at BIT STRING contents. */
const fromDer = (bytes: string): forge.asn1.Asn1 =>
  (asn1.fromDer as unknown as (b: string, o: object) => forge.asn1.Asn1)(bytes, { decodeBitStrings: false, parseAllBytes: true });

/** X.509 facts from DER; node's X509Certificate does the parsing, forge's ASN.1 reader the parts it does not expose. */
export function describeCertificate(der: Uint8Array): CertInfo {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(der);
  } catch (e) {
    throw new Error(`not a readable X.509 certificate (${(e as Error).message})`);
  }
  const node = fromDer(binary(der));
  const [tbs, sigAlg] = node.value as forge.asn1.Asn1[];
  const signatureOid = asn1.derToOid(((sigAlg!.value as forge.asn1.Asn1[])[0]!.value as string));
  const key = x509.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  return {
    subject: x509.subject.replace(/\n/g, ', '),
    issuer: x509.issuer.replace(/\n/g, ', '),
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    sha256: x509.fingerprint256.replace(/:/g, ''),
    isCa: x509.ca,
    selfSigned: x509.checkIssued(x509) && x509.verify(key),
    keyType: key.asymmetricKeyType ?? 'unknown',
    ...(details.modulusLength !== undefined && { keyBits: details.modulusLength }),
    ...(details.namedCurve !== undefined && { keyBits: curveBits(details.namedCurve) }),
    signatureOid,
    signatureHash: SIGNATURE_HASH[signatureOid] ?? 'unknown',
    keyUsage: keyUsageOf(tbs!),
    extKeyUsage: x509.keyUsage ?? [],
    x509,
  };
}

function curveBits(curve: string): number | undefined {
  const m = /(\d{3})/.exec(curve);
  return m ? Number(m[1]) : undefined;
}

function keyUsageOf(tbs: forge.asn1.Asn1): KeyUsage[] {
  const exts = (tbs.value as forge.asn1.Asn1[]).find((n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 3);
  const list = exts && ((exts.value as forge.asn1.Asn1[])[0]?.value as forge.asn1.Asn1[] | undefined);
  for (const ext of list ?? []) {
    const parts = ext.value as forge.asn1.Asn1[];
    if (asn1.derToOid(parts[0]!.value as string) !== '2.5.29.15') continue;
    const octets = parts[parts.length - 1]!.value as string;
    const bits = fromDer(octets).value as string;
    const data = bits.slice(1);
    return KEY_USAGES.filter((_, i) => ((data.charCodeAt(i >> 3) || 0) & (0x80 >> (i & 7))) !== 0);
  }
  return [];
}

/**
 * The certificates of a certs-only PKCS#7 (`application/x-x509-ca-ra-cert`), as DER.
 * Also accepts one bare DER certificate (`application/x-x509-ca-cert`).
 */
export function parsePkcs7Certificates(bytes: Uint8Array): Uint8Array[] {
  if (bytes.length === 0) throw new Error('the body is empty');
  let root: forge.asn1.Asn1;
  try {
    root = fromDer(binary(bytes));
  } catch (e) {
    throw new Error(`the body is not DER (${(e as Error).message}); it is probably an HTML error page or was cut short`);
  }
  const top = root.value as forge.asn1.Asn1[];
  const first = top[0];
  if (first && first.type === asn1.Type.OID) {
    const oid = asn1.derToOid(first.value as string);
    if (oid !== '1.2.840.113549.1.7.2') throw new Error(`the PKCS#7 holds ${oid}, not signedData (1.2.840.113549.1.7.2)`);
    const signedData = ((top[1]?.value as forge.asn1.Asn1[])?.[0]?.value ?? []) as forge.asn1.Asn1[];
    const certSet = signedData.find((n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 0);
    const certs = (certSet?.value ?? []) as forge.asn1.Asn1[];
    if (certs.length === 0) throw new Error('the PKCS#7 holds no certificates');
    return certs.map((c) => forge.util.binary.raw.decode(asn1.toDer(c).getBytes()));
  }
  // A bare certificate: SEQUENCE { tbsCertificate SEQUENCE, ... }.
  if (first && first.type === asn1.Type.SEQUENCE) return [bytes];
  throw new Error('the body is neither a PKCS#7 nor a certificate');
}

export type ScepRole = 'ca' | 'ra-signing' | 'ra-encryption' | 'ra';

/**
 * NDES does not send the certificates in a fixed order, so each is classified by its extensions:
 * basicConstraints CA for the CA; key usage digitalSignature for the signing RA (Exchange Enrollment
 * Agent) and keyEncipherment for the encryption RA (CEP Encryption).
 */
export function scepRole(c: CertInfo): ScepRole {
  if (c.isCa) return 'ca';
  const sign = c.keyUsage.includes('digitalSignature');
  const encrypt = c.keyUsage.includes('keyEncipherment');
  if (sign && !encrypt) return 'ra-signing';
  if (encrypt && !sign) return 'ra-encryption';
  return 'ra';
}

export interface ScepCertificates {
  all: CertInfo[];
  /** The CA that issued the RA certificates, else the first CA certificate. */
  ca?: CertInfo;
  ras: { role: Exclude<ScepRole, 'ca'>; cert: CertInfo }[];
}

export function classifyScepCertificates(ders: Uint8Array[]): ScepCertificates {
  const all = ders.map((d, i) => {
    try {
      return describeCertificate(d);
    } catch (e) {
      throw new Error(`certificate ${i + 1}: ${(e as Error).message}`);
    }
  });
  const ras = all.filter((c) => !c.isCa).map((cert) => ({ role: scepRole(cert) as Exclude<ScepRole, 'ca'>, cert }));
  const cas = all.filter((c) => c.isCa);
  const ca = cas.find((c) => ras.some((r) => r.cert.x509.checkIssued(c.x509))) ?? cas[0];
  return { all, ...(ca && { ca }), ras };
}

export function daysLeft(cert: CertInfo, now: Date): number {
  return Math.floor((cert.notAfter.getTime() - now.getTime()) / 86_400_000);
}
