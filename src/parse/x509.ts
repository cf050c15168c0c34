/**
 * Describes one DER X.509 certificate for every area: the Windows certificate stores (TLS checks)
 * and the certificates an endpoint sends (GetCACert PKCS#7, TLS peer chains).
 *
 * The fields are read by walking the DER (a reader of its own below; node-forge decodes OIDs and
 * times) rather than with forge's `pki.certificateFromAsn1`, which throws on any key that is not
 * RSA: an EC or PSS certificate must still be described. node:crypto's X509Certificate, made on
 * first use, serves what needs OpenSSL: signature checks between certificates and the
 * subjectAltName text.
 */
import { hash, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { isoDay } from './civil-date.js';
import { ParseError, plainMessage } from './errors.js';
import { trimEnd } from './trim.js';

/** Bytes that are not a readable DER X.509 certificate. */
export class CertificateParseError extends ParseError {
  override name = 'CertificateParseError';
}

/**
 * One DER element, as offsets into the certificate's bytes: a value is read only where a field
 * needs it, so the signature, the key and the extensions nobody reads are never copied.
 */
interface Der {
  bytes: Buffer;
  tagClass: number;
  type: number;
  start: number;
  contents: number;
  end: number;
  /** The elements inside a constructed element; undefined for a primitive one. */
  children: Der[] | undefined;
}
const { Class, Type } = forge.asn1;
const MAX_DEPTH = 64;

/**
 * Reads [from, to) of `bytes` as one DER element, strictly (definite lengths within their parent,
 * nothing left over). A walk of its own: node-forge's reader goes through binary strings and a
 * byte-buffer object per element, and was most of the cost of a 5,000-certificate store.
 */
function fromDer(bytes: Buffer, from = 0, to = bytes.length): Der {
  const element = readElement(bytes, from, to, 0);
  if (element.end !== to) throw new CertificateParseError(`${to - element.end} bytes follow the DER element`);
  return element;
}

function readElement(bytes: Buffer, at: number, limit: number, depth: number): Der {
  if (depth > MAX_DEPTH) throw new CertificateParseError('ASN.1 nested too deeply');
  if (at + 2 > limit) throw new CertificateParseError('ASN.1 element cut short');
  const first = bytes[at]!;
  const lengthByte = bytes[at + 1]!;
  let contents = at + 2;
  let length = lengthByte;
  if (lengthByte & 0x80) {
    const n = lengthByte & 0x7f;
    if (n === 0 || n > 4) throw new CertificateParseError(n === 0 ? 'indefinite length, which DER never uses' : 'ASN.1 length too large');
    if (contents + n > limit) throw new CertificateParseError('ASN.1 length cut short');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[contents + i]!;
    contents += n;
  }
  const end = contents + length;
  if (end > limit) throw new CertificateParseError('Too few bytes to read ASN.1 value');
  let children: Der[] | undefined;
  if (first & 0x20) {
    children = [];
    for (let next = contents; next < end; ) {
      const child = readElement(bytes, next, end, depth + 1);
      children.push(child);
      next = child.end;
    }
  }
  return { bytes, tagClass: first & 0xc0, type: first & 0x1f, start: at, contents, end, children };
}

export const OID = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
  certificateRequestAgent: '1.3.6.1.4.1.311.20.2.1',
  anyExtendedKeyUsage: '2.5.29.37.0',
  templateName: '1.3.6.1.4.1.311.20.2',
  templateInformation: '1.3.6.1.4.1.311.21.7',
} as const;

export type KeyInfo =
  | { type: 'RSA'; bits: number }
  | { type: 'EC'; curve: string }
  | { type: 'other'; algorithmOid: string };

export interface CertTemplate {
  /** V1 templates: the template's name (e.g. `CEPEncryption`), never a localized display name. */
  name?: string;
  /** V2+ templates: the template's OID, forest-specific for duplicated templates. */
  oid?: string;
  majorVersion?: number;
  minorVersion?: number;
}

export const KEY_USAGES = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsage = (typeof KEY_USAGES)[number];

export interface CertInfo {
  /** SHA-1 of the DER, upper-case hex, as PowerShell prints `Thumbprint`. */
  thumbprint: string;
  /** SHA-256 of the DER, upper-case hex. */
  sha256: string;
  serialNumber: string;
  /** Distinguished names in the order Windows prints them (`CN=..., DC=contoso, DC=com`). */
  subject: string;
  issuer: string;
  commonNames: string[];
  /** dNSName entries of the Subject Alternative Name extension. */
  dnsNames: string[];
  /** Absent when the certificate has no EKU extension (then it is valid for any purpose). */
  ekus?: string[];
  /** Absent when the certificate has no key usage extension. */
  keyUsage?: KeyUsage[];
  notBefore: Date;
  notAfter: Date;
  key: KeyInfo;
  /** `hash` is the digest the signature uses (`sha1`, `sha256`, ..., `rsassa-pss`), or `unknown`. */
  signatureAlgorithm: { oid: string; name: string; hash: string };
  /** Issuer name equals subject name: what Windows tools mean by a root/self-signed certificate. */
  selfIssued: boolean;
  /** Self-issued and its signature verifies with its own key. */
  readonly selfSigned: boolean;
  /** basicConstraints cA=true. */
  isCA: boolean;
  template?: CertTemplate;
  /** SHA-1 of the SubjectPublicKeyInfo: the same key under two certificates means a cross-signed copy. */
  readonly publicKeyHash: string;
  readonly x509: X509Certificate;
}

/**
 * Certificates already described, by the SHA-256 of their DER: one certificate reaches a run
 * several times (in LocalMachine\My and Root, in each probe's TLS chain, in each check reading it).
 * A CertInfo is never changed once made, so one object serves every reader.
 */
const described = new Map<string, CertInfo>();
/** Far above a real server's certificates; past it the cache starts again rather than grow. */
const MAX_DESCRIBED = 20_000;

/**
 * Parts that a store's certificates share, made once: thousands of certificates come from a few
 * issuers with a few algorithms, and every object a certificate keeps is work for the collector.
 * What they hold is never changed, like the CertInfo holding them.
 */
const SHARED = {
  issuerNames: new Map<string, string>(),
  signatureAlgorithms: new Map<string, CertInfo['signatureAlgorithm']>(),
  ecKeys: new Map<string, KeyInfo>(),
  rsaKeys: new Map<number, KeyInfo>(),
};
/** Bounded, as a hostile store could hold a different issuer or algorithm in every certificate. */
const MAX_SHARED = 1000;

function shared<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    if (map.size < MAX_SHARED) map.set(key, value);
  }
  return value;
}

/** Reads one DER certificate. Throws `not a readable X.509 certificate (...)` on anything else. */
export function describeCertificate(der: Uint8Array): CertInfo {
  const bytes = Buffer.from(der);
  // SHA-256, not SHA-1: a hostile bundle must not be able to make two certificates share an entry.
  const sha256 = hash('sha256', bytes).toUpperCase();
  const known = described.get(sha256);
  if (known) return known;
  let info: CertInfo;
  try {
    info = describe(bytes, sha256);
  } catch (e) {
    throw new CertificateParseError(`not a readable X.509 certificate (${plainMessage(e)})`);
  }
  if (described.size >= MAX_DESCRIBED) described.clear();
  described.set(sha256, info);
  return info;
}

function describe(bytes: Buffer, sha256: string): CertInfo {
  const root = fromDer(bytes);
  const [tbs, sigAlg] = children(root, 'Certificate');
  const fields = children(tbs, 'TBSCertificate');
  // The version field is an explicit [0] and absent in v1 certificates.
  const offset = fields[0]?.tagClass === Class.CONTEXT_SPECIFIC ? 1 : 0;
  const at = (i: number, what: string): Der => {
    const f = fields[offset + i];
    if (!f) throw new CertificateParseError(`TBSCertificate has no ${what}`);
    return f;
  };
  const serial = at(0, 'serial number');
  const issuer = at(2, 'issuer');
  const validity = children(at(3, 'validity'), 'Validity');
  const subject = at(4, 'subject');
  const spki = at(5, 'subjectPublicKeyInfo');
  const extensions = readExtensions(fields.find((f) => f.tagClass === Class.CONTEXT_SPECIFIC && f.type === 3));

  const subjectAttrs = nameAttributes(subject);
  // Equal bytes, equal name: an issuer is read once per store.
  const issuerText = shared(SHARED.issuerNames, bytes.toString('latin1', issuer.start, issuer.end), () => formatName(nameAttributes(issuer)));
  const subjectText = formatName(subjectAttrs);
  const sigOid = oidOf(children(sigAlg, 'AlgorithmIdentifier')[0]);
  const selfIssued = subjectText.toLowerCase() === issuerText.toLowerCase();
  return new DescribedCertificate(bytes, spki, {
    thumbprint: hash('sha1', bytes).toUpperCase(),
    sha256,
    serialNumber: contentBytes(serial).toString('hex').toUpperCase(),
    subject: subjectText,
    issuer: issuerText,
    commonNames: subjectAttrs.filter((a) => a.oid === '2.5.4.3').map((a) => a.value),
    dnsNames: extensions.dnsNames,
    ekus: extensions.ekus,
    keyUsage: extensions.keyUsage,
    notBeforeMs: timeOf(validity[0]),
    notAfterMs: timeOf(validity[1]),
    key: keyInfo(spki),
    signatureAlgorithm: shared(SHARED.signatureAlgorithms, sigOid, () => ({ oid: sigOid, ...(SIGNATURE_ALGORITHMS[sigOid] ?? { name: sigOid, hash: 'unknown' }) })),
    selfIssued,
    isCA: extensions.isCA,
    template: extensions.template,
  });
}

/**
 * A described certificate. What needs OpenSSL's parse of it is made on first use: that parse is most
 * of the cost of a certificate, and only signature checks and the subjectAltName text need it; so is
 * the key's hash, which only the Root store's cross-signing test reads. A class, not an object literal
 * with getters: a store holds thousands, and a class's instances share one shape.
 */
class DescribedCertificate implements CertInfo {
  readonly thumbprint: string;
  readonly sha256: string;
  readonly serialNumber: string;
  readonly subject: string;
  readonly issuer: string;
  readonly commonNames: string[];
  readonly dnsNames: string[];
  readonly ekus?: string[];
  readonly keyUsage?: KeyUsage[];
  readonly #notBefore: number;
  readonly #notAfter: number;
  readonly key: KeyInfo;
  readonly signatureAlgorithm: { oid: string; name: string; hash: string };
  readonly selfIssued: boolean;
  readonly isCA: boolean;
  readonly template?: CertTemplate;
  readonly #der: Buffer;
  /** Where the SubjectPublicKeyInfo is in `#der`. */
  readonly #spkiStart: number;
  readonly #spkiEnd: number;
  #publicKeyHash: string | undefined;
  #x509: X509Certificate | undefined;
  #selfSigned: boolean | undefined;

  constructor(der: Buffer, spki: Der, info: Omit<CertInfo, 'x509' | 'selfSigned' | 'publicKeyHash' | 'notBefore' | 'notAfter'> & { notBeforeMs: number; notAfterMs: number }) {
    this.#der = der;
    this.#spkiStart = spki.start;
    this.#spkiEnd = spki.end;
    this.thumbprint = info.thumbprint;
    this.sha256 = info.sha256;
    this.serialNumber = info.serialNumber;
    this.subject = info.subject;
    this.issuer = info.issuer;
    this.commonNames = info.commonNames;
    this.dnsNames = info.dnsNames;
    this.ekus = info.ekus;
    this.keyUsage = info.keyUsage;
    this.#notBefore = info.notBeforeMs;
    this.#notAfter = info.notAfterMs;
    this.key = info.key;
    this.signatureAlgorithm = info.signatureAlgorithm;
    this.selfIssued = info.selfIssued;
    this.isCA = info.isCA;
    this.template = info.template;
  }

  /**
   * A new Date at each read, kept as a number: two Date objects were a sixth of the heap a described
   * certificate keeps, and a store of thousands made V8 grow its young generation for them.
   */
  get notBefore(): Date {
    return new Date(this.#notBefore);
  }

  get notAfter(): Date {
    return new Date(this.#notAfter);
  }

  get publicKeyHash(): string {
    return (this.#publicKeyHash ??= hash('sha1', this.#der.subarray(this.#spkiStart, this.#spkiEnd)));
  }

  get x509(): X509Certificate {
    return (this.#x509 ??= new X509Certificate(this.#der));
  }

  get selfSigned(): boolean {
    return (this.#selfSigned ??= this.selfIssued && signedBy(this.x509, this.x509));
  }
}

/** `cert` names `issuer` as its issuer and `issuer`'s key verifies its signature. */
export function issuedBy(cert: CertInfo, issuer: CertInfo): boolean {
  return signedBy(cert.x509, issuer.x509);
}

function signedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    // OpenSSL cannot load every key algorithm a store may hold; such a signature is simply not verified.
    return false;
  }
}

export type RaRole = 'signing' | 'encryption';

/** The stock V1 templates NDES setup enrolls its two RA certificates from, by template name. */
export const RA_TEMPLATES = { signing: 'EnrollmentAgentOffline', encryption: 'CEPEncryption' } as const satisfies Record<RaRole, string>;

/**
 * Which NDES RA certificate this is. The stock V1 templates write their name into the certificate; a
 * certificate renewed from a duplicated (V2) template carries only the template's OID, and is told
 * by the Certificate Request Agent EKU and its key usage, as NDES itself selects its RA certificates.
 */
export function raRole(cert: CertInfo): RaRole | undefined {
  const name = cert.template?.name?.toLowerCase();
  if (name === RA_TEMPLATES.signing.toLowerCase()) return 'signing';
  if (name === RA_TEMPLATES.encryption.toLowerCase()) return 'encryption';
  if (name !== undefined || !cert.ekus?.includes(OID.certificateRequestAgent)) return undefined;
  const ku = cert.keyUsage ?? [];
  if (ku.includes('keyEncipherment')) return 'encryption';
  if (ku.includes('digitalSignature')) return 'signing';
  return undefined;
}

export function daysLeft(cert: CertInfo, now: Date): number {
  return Math.floor((cert.notAfter.getTime() - now.getTime()) / 86_400_000);
}

/** No EKU extension means any purpose, which TLS clients accept. */
export function allowsServerAuth(cert: CertInfo): boolean {
  const { ekus } = cert;
  return ekus === undefined || ekus.includes(OID.serverAuth) || ekus.includes(OID.anyExtendedKeyUsage);
}

/**
 * Apple's rules for TLS server certificates (Requirements for trusted certificates in iOS 13 and macOS 10.15,
 * support.apple.com/103769) that apply to a certificate issued (NotBefore) on or after 1 July 2019: the
 * Server Authentication EKU, and a lifetime of 825 days at most. Apple's Security framework enforces the lifetime
 * with an hour's slip, and not for a certificate devices trust as itself (a self-signed one installed as trusted);
 * Windows and Android have neither rule.
 */
export const APPLE_TLS = { issuedFrom: new Date(Date.UTC(2019, 6, 1)), maxDays: 825, slipMs: 3_600_000, docs: 'https://support.apple.com/103769' } as const;

/** Whether Apple's 2019 rules for TLS server certificates apply to `cert`. */
function appleTlsRulesApply(cert: CertInfo): boolean {
  return cert.notBefore >= APPLE_TLS.issuedFrom;
}

/**
 * No EKU extension, or anyExtendedKeyUsage without Server Authentication: Windows takes the certificate for TLS, Apple
 * refuses it when its 2019 rules apply (they need id-kp-serverAuth named).
 */
export function appleRefusesImpliedServerAuth(cert: CertInfo): boolean {
  return allowsServerAuth(cert) && !cert.ekus?.includes(OID.serverAuth) && appleTlsRulesApply(cert);
}

/** What Apple accepts of a TLS certificate's lifetime, as evidence states it. */
export const APPLE_LIFETIME_EXPECTED = `issued before ${isoDay(APPLE_TLS.issuedFrom)}, or valid for ${APPLE_TLS.maxDays} days at most`;

export type AppleLifetime = { limited: false; why: string } | { limited: true; tooLong: boolean };

/** How Apple's 825-day limit applies to `cert` as a TLS server certificate. */
export function appleTlsLifetime(cert: CertInfo): AppleLifetime {
  if (!appleTlsRulesApply(cert)) return { limited: false, why: 'issued before 1 July 2019, when Apple set no limit' };
  if (cert.selfSigned) return { limited: false, why: 'self-signed: devices trust it as itself, which Apple does not limit' };
  const lifetimeMs = cert.notAfter.getTime() - cert.notBefore.getTime();
  return { limited: true, tooLong: lifetimeMs > APPLE_TLS.maxDays * 86_400_000 + APPLE_TLS.slipMs };
}

/** NotBefore to NotAfter as `730 days` or `825 days 1 h 5 min` (whole minutes). */
export function lifetimeText(cert: CertInfo): string {
  const minutes = Math.floor((cert.notAfter.getTime() - cert.notBefore.getTime()) / 60_000);
  const days = Math.floor(minutes / 1440);
  const rest = minutes - days * 1440;
  return `${days} days${rest ? ` ${Math.floor(rest / 60)} h ${rest % 60} min` : ''}`;
}

export function weakSignature(cert: CertInfo): boolean {
  return ['md2', 'md5', 'sha1'].includes(cert.signatureAlgorithm.hash);
}

export const MIN_RSA_BITS = 2048;

export function weakRsaKey(cert: CertInfo): boolean {
  return cert.key.type === 'RSA' && cert.key.bits < MIN_RSA_BITS;
}

const SIGNATURE_ALGORITHMS: Record<string, { name: string; hash: string }> = {
  '1.2.840.113549.1.1.2': { name: 'md2WithRSAEncryption', hash: 'md2' },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1' },
  '1.3.14.3.2.29': { name: 'sha1WithRSASignature', hash: 'sha1' },
  '1.2.840.113549.1.1.10': { name: 'RSASSA-PSS', hash: 'rsassa-pss' },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512' },
  '1.2.840.10040.4.3': { name: 'dsa-with-sha1', hash: 'sha1' },
};

const CURVES: Record<string, string> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
};

const NAME_ATTRIBUTES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'S',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'E',
};

function children(node: Der | undefined, what: string): Der[] {
  if (!node?.children) throw new CertificateParseError(`${what} is not an ASN.1 SEQUENCE`);
  return node.children;
}

/** The content octets of a primitive element. */
function contentBytes(node: Der | undefined): Buffer {
  if (!node || node.children) throw new CertificateParseError('expected a primitive ASN.1 value');
  return node.bytes.subarray(node.contents, node.end);
}

/** The content octets of a primitive element as a binary string, as node-forge's decoders take them. */
function primitive(node: Der | undefined): string {
  if (!node || node.children) throw new CertificateParseError('expected a primitive ASN.1 value');
  return node.bytes.toString('latin1', node.contents, node.end);
}

/**
 * Decoded OIDs by a hash of their content octets: a store repeats the same few dozen in every
 * certificate, and a lookup by hash makes no string (a Buffer slice to string is a native call,
 * which cost more than all the rest of a lookup). The octets are compared, so a collision only
 * means decoding again.
 */
const OIDS = new Map<number, { octets: Buffer; oid: string }>();

function oidOf(node: Der | undefined): string {
  if (!node || node.type !== Type.OID || node.children) throw new CertificateParseError('expected an OID');
  const { bytes, contents, end } = node;
  let h = end - contents;
  for (let i = contents; i < end; i++) h = Math.imul(h ^ bytes[i]!, 16777619);
  const known = OIDS.get(h);
  if (known && sameOctets(known.octets, bytes, contents, end)) return known.oid;
  const oid = forge.asn1.derToOid(bytes.toString('latin1', contents, end));
  // Bounded: a hostile store could hold a different OID in every certificate.
  if (!known && OIDS.size < 10_000) OIDS.set(h, { octets: Buffer.from(bytes.subarray(contents, end)), oid });
  return oid;
}

function sameOctets(octets: Buffer, bytes: Buffer, from: number, to: number): boolean {
  if (octets.length !== to - from) return false;
  for (let i = 0; i < octets.length; i++) if (octets[i] !== bytes[from + i]) return false;
  return true;
}

/** In ms since the epoch. UTCTime as RFC 5280 requires it (YYMMDDHHMMSSZ; years 50-99 are 19xx), read by hand; node-forge reads any other form. */
function timeOf(node: Der | undefined): number {
  if (node?.type === Type.UTCTIME && !node.children && node.end - node.contents === 13 && node.bytes[node.end - 1] === 0x5a) {
    const d = (i: number) => twoDigits(node.bytes, node.contents + 2 * i);
    const [yy, mo, day, h, mi, sec] = [d(0), d(1), d(2), d(3), d(4), d(5)];
    if (yy >= 0 && mo >= 0 && day >= 0 && h >= 0 && mi >= 0 && sec >= 0) return Date.UTC(yy < 50 ? 2000 + yy : 1900 + yy, mo - 1, day, h, mi, sec);
  }
  if (node?.type === Type.UTCTIME) return forge.asn1.utcTimeToDate(primitive(node)).getTime();
  if (node?.type === Type.GENERALIZEDTIME) return forge.asn1.generalizedTimeToDate(primitive(node)).getTime();
  throw new CertificateParseError('validity holds no UTCTime or GeneralizedTime');
}

/** The two decimal digits at `at`; -1 when either is not a digit. */
function twoDigits(bytes: Buffer, at: number): number {
  const tens = bytes[at]! - 48;
  const ones = bytes[at + 1]! - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

function stringOf(node: Der): string {
  const raw = contentBytes(node);
  // A BMPString is UCS-2 big-endian; a UTF8String UTF-8; the other string types are read byte for character.
  if (node.type === Type.BMPSTRING) return trimEnd(Buffer.from(raw).swap16().toString('utf16le'), '\0');
  if (node.type === Type.UTF8) return raw.toString('utf8');
  return raw.toString('latin1');
}

function nameAttributes(name: Der): { oid: string; value: string }[] {
  const out: { oid: string; value: string }[] = [];
  for (const rdn of children(name, 'Name')) {
    for (const atv of children(rdn, 'RelativeDistinguishedName')) {
      const [type, value] = children(atv, 'AttributeTypeAndValue');
      out.push({ oid: oidOf(type), value: value ? stringOf(value) : '' });
    }
  }
  return out;
}

/** Most specific first, the way `Get-ChildItem Cert:` and certutil print names. */
function formatName(attrs: { oid: string; value: string }[]): string {
  return attrs
    .map(({ oid, value }) => `${NAME_ATTRIBUTES[oid] ?? `OID.${oid}`}=${/[,+="]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value}`)
    .reverse()
    .join(', ');
}

function keyInfo(spki: Der): KeyInfo {
  const [algorithm, bits] = children(spki, 'SubjectPublicKeyInfo');
  const [algOid, params] = children(algorithm, 'AlgorithmIdentifier');
  const oid = oidOf(algOid);
  if (oid === '1.2.840.10045.2.1') {
    const curveOid = params?.type === Type.OID ? oidOf(params) : 'unknown';
    return shared(SHARED.ecKeys, curveOid, () => ({ type: 'EC', curve: CURVES[curveOid] ?? curveOid }));
  }
  if (oid === '1.2.840.113549.1.1.1' || oid === '1.2.840.113549.1.1.10') {
    // BIT STRING content: one byte of unused bits, then RSAPublicKey ::= SEQUENCE { modulus, publicExponent }.
    const rsaKey = fromDer(contentBytes(bits), 1);
    const modulus = contentBytes(children(rsaKey, 'RSAPublicKey')[0]);
    const size = bitLength(modulus);
    return shared(SHARED.rsaKeys, size, () => ({ type: 'RSA', bits: size }));
  }
  return { type: 'other', algorithmOid: oid };
}

function bitLength(bigEndian: Buffer): number {
  let i = 0;
  while (i < bigEndian.length && bigEndian[i] === 0) i++;
  if (i === bigEndian.length) return 0;
  return (bigEndian.length - i - 1) * 8 + (32 - Math.clz32(bigEndian[i]!));
}

interface Extensions {
  dnsNames: string[];
  ekus?: string[];
  keyUsage?: KeyUsage[];
  isCA: boolean;
  template?: CertTemplate;
}

const READ_EXTENSIONS = new Set(['2.5.29.17', '2.5.29.37', '2.5.29.15', '2.5.29.19', OID.templateName, OID.templateInformation]);

function readExtensions(wrapper: Der | undefined): Extensions {
  const out: Extensions = { dnsNames: [], isCA: false };
  if (!wrapper) return out;
  const template: CertTemplate = {};
  for (const ext of children(children(wrapper, 'extensions')[0], 'Extensions')) {
    const parts = children(ext, 'Extension');
    const oid = oidOf(parts[0]);
    // Only the extensions read below are decoded, as Windows decodes only the extensions it knows.
    if (!READ_EXTENSIONS.has(oid)) continue;
    const value = fromDer(contentBytes(parts[parts.length - 1]));
    switch (oid) {
      case '2.5.29.17':
        out.dnsNames = children(value, 'SubjectAltName')
          .filter((n) => n.tagClass === Class.CONTEXT_SPECIFIC && n.type === 2)
          .map((n) => primitive(n));
        break;
      case '2.5.29.37':
        out.ekus = children(value, 'ExtKeyUsage').map(oidOf);
        break;
      case '2.5.29.15':
        out.keyUsage = keyUsageNames(contentBytes(value));
        break;
      case '2.5.29.19': {
        const first = children(value, 'BasicConstraints')[0];
        out.isCA = first?.type === Type.BOOLEAN && primitive(first) !== '\x00';
        break;
      }
      case OID.templateName:
        template.name = stringOf(value);
        break;
      case OID.templateInformation: {
        const [id, major, minor] = children(value, 'CertificateTemplate');
        template.oid = oidOf(id);
        if (major) template.majorVersion = forge.asn1.derToInteger(primitive(major));
        if (minor) template.minorVersion = forge.asn1.derToInteger(primitive(minor));
        break;
      }
    }
  }
  if (template.name !== undefined || template.oid !== undefined) out.template = template;
  return out;
}

function keyUsageNames(bitString: Buffer): KeyUsage[] {
  const bytes = bitString.subarray(1);
  return KEY_USAGES.filter((_, bit) => ((bytes[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1);
}
