import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import forge from 'node-forge';
import { classifyScepCertificates, parsePkcs7Certificates } from '../../parse/scep-certs.js';
import { parseCaps } from '../../parse/scep-response.js';
import { httpExchange, type HttpLimits, type HttpTarget } from './http.js';
import type { Exchange } from './recording.js';

const { asn1 } = forge;
const T = asn1.Type;
const C = asn1.Class;

/** Not a real challenge: the policy module must refuse it. It is sent, never stored. */
const DUMMY_CHALLENGE = 'ndes-doctor-probe-not-a-valid-challenge';
const OID = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  messageType: '2.16.840.1.113733.1.9.2',
  transactionID: '2.16.840.1.113733.1.9.7',
  senderNonce: '2.16.840.1.113733.1.9.5',
};

const seq = (v: forge.asn1.Asn1[]) => asn1.create(C.UNIVERSAL, T.SEQUENCE, true, v);
const set = (v: forge.asn1.Asn1[]) => asn1.create(C.UNIVERSAL, T.SET, true, v);
const oid = (o: string) => asn1.create(C.UNIVERSAL, T.OID, false, asn1.oidToDer(o).getBytes());
const nul = () => asn1.create(C.UNIVERSAL, T.NULL, false, '');
const octets = (b: string) => asn1.create(C.UNIVERSAL, T.OCTETSTRING, false, b);
const printable = (s: string) => asn1.create(C.UNIVERSAL, T.PRINTABLESTRING, false, s);
const int = (bytes: string) => asn1.create(C.UNIVERSAL, T.INTEGER, false, bytes);
const ctx = (n: number, v: forge.asn1.Asn1[]) => asn1.create(C.CONTEXT_SPECIFIC, n, true, v);
const der = (n: forge.asn1.Asn1) => asn1.toDer(n).getBytes();
const attr = (type: string, value: forge.asn1.Asn1) => seq([oid(type), set([value])]);

/**
 * A SCEP PKCSReq (RFC 8894 section 3.3.1) from a throwaway key and self-signed signer, with a dummy challenge,
 * encrypted to the RA's encryption certificate. forge builds the CSR, certificate and envelope; the signed
 * envelope is assembled here because forge cannot sign the SCEP attributes.
 */
export function buildPkcsReq(recipient: forge.pki.Certificate): Uint8Array {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const fKey = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
  const fPub = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  const subject = [{ name: 'commonName', value: 'ndes-doctor enrollment probe' }];

  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = fPub;
  csr.setSubject(subject);
  csr.setAttributes([{ name: 'challengePassword', value: DUMMY_CHALLENGE }]);
  csr.sign(fKey, forge.md.sha256.create());

  const signer = forge.pki.createCertificate();
  signer.publicKey = fPub;
  signer.serialNumber = '01' + randomBytes(8).toString('hex');
  signer.validity.notBefore = new Date(Date.now() - 3_600_000);
  signer.validity.notAfter = new Date(Date.now() + 86_400_000);
  signer.setSubject(subject);
  signer.setIssuer(subject);
  signer.sign(fKey, forge.md.sha256.create());

  const envelope = forge.pkcs7.createEnvelopedData();
  envelope.addRecipient(recipient);
  envelope.content = forge.util.createBuffer(der(forge.pki.certificationRequestToAsn1(csr)));
  envelope.encrypt(undefined, forge.pki.oids['des-EDE3-CBC']);
  const envelopeDer = der(envelope.toAsn1());

  const digest = createHash('sha256').update(Buffer.from(envelopeDer, 'binary')).digest('binary');
  const unsorted = [
    attr(OID.contentType, oid(OID.data)),
    attr(OID.messageDigest, octets(digest)),
    attr(OID.messageType, printable('19')),
    attr(OID.transactionID, printable(createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex'))),
    attr(OID.senderNonce, octets(randomBytes(16).toString('binary'))),
  ];
  // DER orders a SET OF by the encodings of its members; verifiers re-encode it that way before checking the signature.
  const attrs = unsorted.map((a) => [der(a), a] as const).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([, a]) => a);
  // The signature covers the attributes DER-encoded as a SET, not with their [0] tag.
  const signature = sign('sha256', Buffer.from(der(set(attrs)), 'binary'), privateKey).toString('binary');
  const signerInfo = seq([
    int('\x01'),
    seq([forge.pki.distinguishedNameToAsn1(signer.issuer), int(forge.util.hexToBytes(signer.serialNumber))]),
    seq([oid(OID.sha256), nul()]),
    ctx(0, attrs),
    seq([oid(OID.rsaEncryption), nul()]),
    octets(signature),
  ]);
  const signedData = seq([
    int('\x01'),
    set([seq([oid(OID.sha256), nul()])]),
    seq([oid(OID.data), ctx(0, [octets(envelopeDer)])]),
    ctx(0, [forge.pki.certificateToAsn1(signer)]),
    set([signerInfo]),
  ]);
  return new Uint8Array(Buffer.from(der(seq([oid(OID.signedData), ctx(0, [signedData])])), 'binary'));
}

/** Sends one PKIOperation with a dummy challenge; recorded like any exchange (the request body is not kept). */
export async function enrollmentProbe(http: HttpTarget, path: string, done: Exchange[], limits: HttpLimits, deadline?: AbortSignal): Promise<Exchange> {
  const url = `${http.origin}${path}?operation=PKIOperation`;
  const notSent = (code: string, message: string): Exchange => ({ purpose: 'pkioperation', request: { method: 'POST', url }, error: { code, message }, timing: { totalMs: 0 } });
  const caCert = done.find((e) => e.purpose === 'getcacert' && e.response?.status === 200 && e.response.bodyBase64);
  if (!caCert) return notSent('E_NO_RA', 'not sent: GetCACert gave no certificate to encrypt the request to');
  let recipient: forge.pki.Certificate;
  try {
    const certs = classifyScepCertificates(parsePkcs7Certificates(new Uint8Array(Buffer.from(caCert.response!.bodyBase64!, 'base64'))));
    const target = certs.ras.find((r) => r.role === 'ra-encryption')?.cert ?? certs.ras[0]?.cert ?? certs.ca;
    if (!target) throw new Error('no RA or CA certificate');
    recipient = forge.pki.certificateFromAsn1(asn1.fromDer(forge.util.binary.raw.encode(new Uint8Array(target.x509.raw))));
  } catch (e) {
    return notSent('E_NO_RA', `not sent: the GetCACert answer has no usable encryption certificate (${(e as Error).message})`);
  }
  const message = buildPkcsReq(recipient);
  const caps = done.find((e) => e.purpose === 'getcacaps')?.response?.bodyBase64;
  const post = caps ? parseCaps(new Uint8Array(Buffer.from(caps, 'base64'))).some((c) => c.toLowerCase() === 'postpkioperation') : false;
  const req = post
    ? { method: 'POST' as const, path: `${path}?operation=PKIOperation`, headers: { 'content-type': 'application/x-pki-message' }, body: message }
    : { method: 'GET' as const, path: `${path}?operation=PKIOperation&message=${encodeURIComponent(Buffer.from(message).toString('base64'))}` };
  const r = await httpExchange(http, req, limits, deadline);
  const ex: Exchange = {
    purpose: 'pkioperation',
    request: { method: req.method, url: post ? url : `${url}&message=<PKCSReq with a dummy challenge:${message.byteLength} bytes>` },
    timing: { ...(r.headersMs !== undefined && { headersMs: r.headersMs }), totalMs: r.totalMs },
  };
  if (r.response) {
    const { body, ...rest } = r.response;
    ex.response = { ...rest, bodyBase64: Buffer.from(body).toString('base64') };
  }
  if (r.error) ex.error = r.error;
  return ex;
}
