/**
 * Parses the JSON that the collector's PowerShell prints for a certificate store
 * (`{ thumbprint, hasPrivateKey, rawData }` per certificate, rawData = base64 DER) and reads
 * what the checks need straight from the DER. The certificate is walked as ASN.1 with
 * node-forge rather than `pki.certificateFromAsn1`, which throws on any key that is not RSA:
 * an EC or PSS certificate must still be reported, not crash the store.
 */
import { createHash } from 'node:crypto';
import forge from 'node-forge';

type Asn1 = forge.asn1.Asn1;
const { Class, Type } = forge.asn1;

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

export interface CertInfo {
  /** SHA-1 of the DER, upper-case hex, as PowerShell prints `Thumbprint`. */
  thumbprint: string;
  serialNumber: string;
  /** Distinguished names in the order Windows prints them (`CN=..., DC=contoso, DC=com`). */
  subject: string;
  issuer: string;
  commonNames: string[];
  /** dNSName entries of the Subject Alternative Name extension. */
  dnsNames: string[];
  /** Absent when the certificate has no EKU extension (then it is valid for any purpose). */
  ekus?: string[];
  keyUsage?: string[];
  notBefore: Date;
  notAfter: Date;
  key: KeyInfo;
  signatureAlgorithm: { oid: string; name: string };
  /** Issuer name equals subject name: what Windows tools mean by a root/self-signed certificate. */
  selfIssued: boolean;
  isCA: boolean;
  template?: CertTemplate;
  /** SHA-1 of the SubjectPublicKeyInfo: the same key under two certificates means a cross-signed copy. */
  publicKeyHash: string;
}

export type StoreCert = { thumbprint: string; hasPrivateKey: boolean } & (
  | { status: 'ok'; cert: CertInfo }
  | { status: 'unreadable'; reason: string }
);

export class CertStoreParseError extends Error {
  override name = 'CertStoreParseError';
}

/** Parses the collector's JSON. Empty output is an empty store (ConvertTo-Json prints nothing for `@()`). */
export function parseCertStoreJson(text: string): StoreCert[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return [];
  let data: unknown;
  try {
    data = JSON.parse(trimmed);
  } catch (e) {
    const firstLine = trimmed.split('\n', 1)[0]?.slice(0, 120) ?? '';
    throw new CertStoreParseError(`not the JSON the collector writes (${(e as Error).message}); it starts with: ${firstLine}`);
  }
  return listOf(data).map((item, i) => storeCert(item, i));
}

/** ConvertTo-Json prints one object bare, an array as an array, and in Windows PowerShell 5.1 sometimes `{ value, Count }`. */
function listOf(data: unknown): unknown[] {
  if (Array.isArray(data)) return data;
  if (data === null) return [];
  if (typeof data === 'object') {
    const value = prop(data, 'value');
    if (Array.isArray(value) && prop(data, 'count') !== undefined) return value;
    return [data];
  }
  throw new CertStoreParseError(`expected a JSON array of certificates, found ${typeof data}`);
}

function prop(obj: object, name: string): unknown {
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : (obj as Record<string, unknown>)[key];
}

function storeCert(item: unknown, index: number): StoreCert {
  if (!item || typeof item !== 'object') {
    return { thumbprint: '', hasPrivateKey: false, status: 'unreadable', reason: `entry ${index + 1} is not an object` };
  }
  const listed = prop(item, 'thumbprint');
  const thumbprint = typeof listed === 'string' ? listed.replace(/\s/g, '').toUpperCase() : '';
  const hasPrivateKey = prop(item, 'hasprivatekey') === true;
  const raw = prop(item, 'rawdata');
  if (typeof raw !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(raw.replace(/\s/g, ''))) {
    return { thumbprint, hasPrivateKey, status: 'unreadable', reason: 'rawData is missing or not base64' };
  }
  try {
    const cert = parseCertificateDer(Buffer.from(raw, 'base64'));
    return { thumbprint: thumbprint || cert.thumbprint, hasPrivateKey, status: 'ok', cert };
  } catch (e) {
    return { thumbprint, hasPrivateKey, status: 'unreadable', reason: `not a readable X.509 certificate (${(e as Error).message})` };
  }
}

/** Reads one DER certificate. Throws on anything that is not an X.509 v1-v3 certificate. */
export function parseCertificateDer(der: Uint8Array): CertInfo {
  const bytes = Buffer.from(der);
  const root = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')), {
    strict: true,
    decodeBitStrings: false,
  } as unknown as boolean);
  const [tbs, sigAlg] = children(root, 'Certificate');
  const fields = children(tbs, 'TBSCertificate');
  // The version field is an explicit [0] and absent in v1 certificates.
  const offset = fields[0]?.tagClass === Class.CONTEXT_SPECIFIC ? 1 : 0;
  const at = (i: number, what: string): Asn1 => {
    const f = fields[offset + i];
    if (!f) throw new Error(`TBSCertificate has no ${what}`);
    return f;
  };
  const serial = at(0, 'serial number');
  const issuer = at(2, 'issuer');
  const validity = children(at(3, 'validity'), 'Validity');
  const subject = at(4, 'subject');
  const spki = at(5, 'subjectPublicKeyInfo');
  const extensions = readExtensions(fields.find((f) => f.tagClass === Class.CONTEXT_SPECIFIC && f.type === 3));

  const subjectAttrs = nameAttributes(subject);
  const issuerText = formatName(nameAttributes(issuer));
  const subjectText = formatName(subjectAttrs);
  const sigOid = oidOf(children(sigAlg, 'AlgorithmIdentifier')[0]);
  return {
    thumbprint: createHash('sha1').update(bytes).digest('hex').toUpperCase(),
    serialNumber: Buffer.from(primitive(serial), 'binary').toString('hex').toUpperCase(),
    subject: subjectText,
    issuer: issuerText,
    commonNames: subjectAttrs.filter((a) => a.oid === '2.5.4.3').map((a) => a.value),
    dnsNames: extensions.dnsNames,
    ekus: extensions.ekus,
    keyUsage: extensions.keyUsage,
    notBefore: timeOf(validity[0]),
    notAfter: timeOf(validity[1]),
    key: keyInfo(spki),
    signatureAlgorithm: { oid: sigOid, name: SIGNATURE_ALGORITHMS[sigOid] ?? sigOid },
    selfIssued: subjectText.toLowerCase() === issuerText.toLowerCase(),
    isCA: extensions.isCA,
    template: extensions.template,
    publicKeyHash: createHash('sha1').update(Buffer.from(forge.asn1.toDer(spki).getBytes(), 'binary')).digest('hex'),
  };
}

const SIGNATURE_ALGORITHMS: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5WithRSAEncryption',
  '1.2.840.113549.1.1.5': 'sha1WithRSAEncryption',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.840.113549.1.1.11': 'sha256WithRSAEncryption',
  '1.2.840.113549.1.1.12': 'sha384WithRSAEncryption',
  '1.2.840.113549.1.1.13': 'sha512WithRSAEncryption',
  '1.2.840.10045.4.1': 'ecdsa-with-SHA1',
  '1.2.840.10045.4.3.2': 'ecdsa-with-SHA256',
  '1.2.840.10045.4.3.3': 'ecdsa-with-SHA384',
  '1.2.840.10045.4.3.4': 'ecdsa-with-SHA512',
  '1.2.840.10040.4.3': 'dsa-with-sha1',
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

const KEY_USAGE_BITS = [
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

function children(node: Asn1 | undefined, what: string): Asn1[] {
  if (!node || !Array.isArray(node.value)) throw new Error(`${what} is not an ASN.1 SEQUENCE`);
  return node.value;
}

function primitive(node: Asn1 | undefined): string {
  if (!node || typeof node.value !== 'string') throw new Error('expected a primitive ASN.1 value');
  return node.value;
}

function oidOf(node: Asn1 | undefined): string {
  if (!node || node.type !== Type.OID) throw new Error('expected an OID');
  return forge.asn1.derToOid(primitive(node));
}

function timeOf(node: Asn1 | undefined): Date {
  if (node?.type === Type.UTCTIME) return forge.asn1.utcTimeToDate(primitive(node));
  if (node?.type === Type.GENERALIZEDTIME) return forge.asn1.generalizedTimeToDate(primitive(node));
  throw new Error('validity holds no UTCTime or GeneralizedTime');
}

function stringOf(node: Asn1): string {
  const raw = primitive(node);
  if (node.type === Type.BMPSTRING) {
    const be = Buffer.from(raw, 'binary');
    if (be.length % 2 !== 0) throw new Error('BMPString has an odd number of bytes');
    return be.swap16().toString('utf16le').replace(/\0+$/, '');
  }
  if (node.type === Type.UTF8) return Buffer.from(raw, 'binary').toString('utf8');
  return raw;
}

function nameAttributes(name: Asn1): { oid: string; value: string }[] {
  return children(name, 'Name').flatMap((rdn) =>
    children(rdn, 'RelativeDistinguishedName').map((atv) => {
      const [type, value] = children(atv, 'AttributeTypeAndValue');
      return { oid: oidOf(type), value: value ? stringOf(value) : '' };
    }),
  );
}

/** Most specific first, the way `Get-ChildItem Cert:` and certutil print names. */
function formatName(attrs: { oid: string; value: string }[]): string {
  return attrs
    .map(({ oid, value }) => `${NAME_ATTRIBUTES[oid] ?? `OID.${oid}`}=${/[,+="]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value}`)
    .reverse()
    .join(', ');
}

function keyInfo(spki: Asn1): KeyInfo {
  const [algorithm, bits] = children(spki, 'SubjectPublicKeyInfo');
  const [algOid, params] = children(algorithm, 'AlgorithmIdentifier');
  const oid = oidOf(algOid);
  if (oid === '1.2.840.10045.2.1') {
    const curveOid = params?.type === Type.OID ? oidOf(params) : 'unknown';
    return { type: 'EC', curve: CURVES[curveOid] ?? curveOid };
  }
  if (oid === '1.2.840.113549.1.1.1' || oid === '1.2.840.113549.1.1.10') {
    // BIT STRING content: one byte of unused bits, then RSAPublicKey ::= SEQUENCE { modulus, publicExponent }.
    const rsaKey = forge.asn1.fromDer(primitive(bits).slice(1));
    const modulus = Buffer.from(primitive(children(rsaKey, 'RSAPublicKey')[0]), 'binary');
    return { type: 'RSA', bits: bitLength(modulus) };
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
  keyUsage?: string[];
  isCA: boolean;
  template?: CertTemplate;
}

function readExtensions(wrapper: Asn1 | undefined): Extensions {
  const out: Extensions = { dnsNames: [], isCA: false };
  if (!wrapper) return out;
  const template: CertTemplate = {};
  for (const ext of children(children(wrapper, 'extensions')[0], 'Extensions')) {
    const parts = children(ext, 'Extension');
    const oid = oidOf(parts[0]);
    const value = forge.asn1.fromDer(primitive(parts[parts.length - 1]), { decodeBitStrings: false } as unknown as boolean);
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
        out.keyUsage = keyUsageNames(primitive(value));
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

function keyUsageNames(bitString: string): string[] {
  const bytes = Buffer.from(bitString.slice(1), 'binary');
  return KEY_USAGE_BITS.filter((_, bit) => ((bytes[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1);
}
