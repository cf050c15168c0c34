/** The certificates of a SCEP GetCACert answer, read and sorted by the role NDES gives them. */
import forge from 'node-forge';
import { describeCertificate, raRole, type CertInfo } from './x509.js';
import { ParseError, plainMessage } from './errors.js';

/** A GetCACert body that is neither a certs-only PKCS#7 nor a certificate. */
export class Pkcs7ParseError extends ParseError {
  override name = 'Pkcs7ParseError';
}

const { asn1 } = forge;

const binary = (bytes: Uint8Array) => forge.util.binary.raw.encode(bytes);

/** forge's typings omit the options object; without decodeBitStrings: false it guesses at BIT STRING contents. */
const fromDer = (bytes: string): forge.asn1.Asn1 =>
  (asn1.fromDer as unknown as (b: string, o: object) => forge.asn1.Asn1)(bytes, { decodeBitStrings: false, parseAllBytes: true });

/**
 * The certificates of a certs-only PKCS#7 (`application/x-x509-ca-ra-cert`), as DER.
 * Also accepts one bare DER certificate (`application/x-x509-ca-cert`).
 */
export function parsePkcs7Certificates(bytes: Uint8Array): Uint8Array[] {
  if (bytes.length === 0) throw new Pkcs7ParseError('the body is empty');
  let root: forge.asn1.Asn1;
  try {
    root = fromDer(binary(bytes));
  } catch (e) {
    throw new Pkcs7ParseError(`the body is not DER (${plainMessage(e)}); it is probably an HTML error page or was cut short`);
  }
  const top = root.value as forge.asn1.Asn1[];
  const first = top[0];
  if (first && first.type === asn1.Type.OID) {
    const oid = asn1.derToOid(first.value as string);
    if (oid !== '1.2.840.113549.1.7.2') throw new Pkcs7ParseError(`the PKCS#7 holds ${oid}, not signedData (1.2.840.113549.1.7.2)`);
    const signedData = ((top[1]?.value as forge.asn1.Asn1[])?.[0]?.value ?? []) as forge.asn1.Asn1[];
    const certSet = signedData.find((n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 0);
    const certs = (certSet?.value ?? []) as forge.asn1.Asn1[];
    if (certs.length === 0) throw new Pkcs7ParseError('the PKCS#7 holds no certificates');
    return certs.map((c) => forge.util.binary.raw.decode(asn1.toDer(c).getBytes()));
  }
  // A bare certificate: SEQUENCE { tbsCertificate SEQUENCE, ... }.
  if (first && first.type === asn1.Type.SEQUENCE) return [bytes];
  throw new Pkcs7ParseError('the body is neither a PKCS#7 nor a certificate');
}

export type ScepRole = 'ca' | 'ra-signing' | 'ra-encryption' | 'ra';

/**
 * NDES does not send the certificates in a fixed order, so each is classified by its extensions:
 * basicConstraints CA for the CA; an NDES RA certificate by its template (the V1 names
 * EnrollmentAgentOffline and CEPEncryption, or the Certificate Request Agent EKU of a renewed one from a
 * duplicated template); any other RA (another SCEP server's) by key usage alone.
 */
export function scepRole(c: CertInfo): ScepRole {
  if (c.isCA) return 'ca';
  const ndes = raRole(c);
  if (ndes) return ndes === 'signing' ? 'ra-signing' : 'ra-encryption';
  const sign = c.keyUsage?.includes('digitalSignature') ?? false;
  const encrypt = c.keyUsage?.includes('keyEncipherment') ?? false;
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
      throw new Pkcs7ParseError(`certificate ${i + 1}: ${plainMessage(e)}`);
    }
  });
  const ras = all.filter((c) => !c.isCA).map((cert) => ({ role: scepRole(cert) as Exclude<ScepRole, 'ca'>, cert }));
  const cas = all.filter((c) => c.isCA);
  const ca = cas.find((c) => ras.some((r) => r.cert.x509.checkIssued(c.x509))) ?? cas[0];
  return { all, ...(ca && { ca }), ras };
}
