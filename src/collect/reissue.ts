/**
 * Certificates re-issued under pseudonyms. The names in a certificate are signed, so replacing them
 * breaks its signature, and checks verify signatures (the RA certificates against the CA, a root
 * against itself). So each certificate whose names change is signed again, by a substitute key of its
 * issuer: the issuers above it get substitute keys of the same type and size, and every certificate
 * they issued in the bundle is signed again with them. Who signed whom, key sizes, algorithms, dates,
 * serial numbers and extensions stay as they were; the fingerprints change, and the bundle's text is
 * told the new ones (`fingerprints`). A certificate without a name to replace stays byte for byte.
 */
import { createHash, generateKeyPairSync, sign, X509Certificate, constants, type KeyObject } from 'node:crypto';
import { encodeDer, parseDer, TAG, tagByte, tryParseDer, withChildren, withContent, type DerNode } from './der.js';

export interface Reissue {
  /** The substitute of a certificate (its DER), or undefined when it stays as it is. */
  certificate(der: Uint8Array): Uint8Array | undefined;
  /** Old SHA-1 and SHA-256 fingerprints (upper-case hex) and their substitutes. */
  readonly fingerprints: ReadonlyMap<string, string>;
  /** How many certificates were re-issued. */
  readonly count: number;
}

interface Cert {
  der: Uint8Array;
  node: DerNode;
  x509: X509Certificate;
  spki: string;
  renamedTbs: DerNode;
  renamed: boolean;
  issuer?: Cert;
}

/** A certificate is a SEQUENCE of a TBSCertificate SEQUENCE, an AlgorithmIdentifier SEQUENCE and a BIT STRING. */
export function isCertificate(node: DerNode): boolean {
  const c = node.children;
  if (tagByte(node) !== TAG.SEQUENCE || c?.length !== 3) return false;
  const [tbs, alg, sig] = c as [DerNode, DerNode, DerNode];
  return tagByte(tbs) === TAG.SEQUENCE && (tbs.children?.length ?? 0) >= 6 && tagByte(alg) === TAG.SEQUENCE && tagByte(sig) === TAG.BIT_STRING;
}

/** Every certificate in a DER value: the value itself, or those in a PKCS#7 bag or other structure. */
export function certificatesIn(node: DerNode): DerNode[] {
  if (isCertificate(node)) return [node];
  return (node.children ?? []).flatMap(certificatesIn);
}

/** The value with each certificate in it replaced by its substitute; undefined when none changes. */
export function replaceCertificates(bytes: Uint8Array, reissue: Reissue): Uint8Array | undefined {
  const root = tryParseDer(bytes);
  if (!root) return undefined;
  const walk = (node: DerNode): DerNode => {
    if (isCertificate(node)) {
      const substitute = reissue.certificate(encodeDer(node));
      return substitute ? parseDer(substitute) : node;
    }
    if (!node.children) return node;
    const children = node.children.map(walk);
    return children.some((c, i) => c !== node.children![i]) ? withChildren(node, children) : node;
  };
  const out = walk(root);
  return out === root ? undefined : encodeDer(out);
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Plans and signs the substitutes of `certificates` (DER), renaming every string in them with `rename`. */
export function reissueCertificates(certificates: readonly Uint8Array[], rename: (s: string) => string): Reissue {
  const byDer = new Map<string, Cert>();
  for (const der of certificates) {
    const key = hex(der);
    if (byDer.has(key)) continue;
    const node = tryParseDer(der);
    if (!node || !isCertificate(node)) continue;
    let x509: X509Certificate;
    try {
      x509 = new X509Certificate(der);
    } catch {
      continue;
    }
    const tbs = node.children![0]!;
    const renamedTbs = renameTbs(tbs, rename);
    byDer.set(key, { der, node, x509, spki: hex(encodeDer(spkiOf(tbs))), renamedTbs, renamed: renamedTbs !== tbs });
  }
  const all = [...byDer.values()];
  for (const c of all) c.issuer = all.find((i) => signedBy(c.x509, i.x509));

  // A certificate that changes needs its issuer's key to be signed again, so that key is substituted;
  // then every certificate holding that key changes (new public key), and every certificate that key
  // signed is signed again: up to the root, and across cross-certificates that share a key.
  const changed = new Set(all.filter((c) => c.renamed));
  const rekeyed = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of all) {
      if (!(changed.has(c) || rekeyed.has(c.spki) || (c.issuer && rekeyed.has(c.issuer.spki)))) continue;
      if (!changed.has(c)) grew = changed.add(c) !== undefined;
      if (c.issuer && !rekeyed.has(c.issuer.spki)) grew = rekeyed.add(c.issuer.spki) !== undefined;
    }
  }

  const keys = new Map<string, { publicSpki: Uint8Array; privateKey: KeyObject }>();
  for (const spki of rekeyed) keys.set(spki, substituteKey(all.find((c) => c.spki === spki)!.x509.publicKey));

  const substitutes = new Map<string, Uint8Array>();
  const fingerprints = new Map<string, string>();
  for (const c of changed) {
    let tbs = c.renamedTbs;
    const key = keys.get(c.spki);
    if (key) tbs = withSpki(tbs, parseDer(key.publicSpki));
    const [, alg, oldSignature] = c.node.children as [DerNode, DerNode, DerNode];
    const signer = c.issuer ? keys.get(c.issuer.spki)?.privateKey : undefined;
    const tbsDer = encodeDer(tbs);
    // Without its issuer in the bundle the signature could not be verified before, and cannot after.
    const signature = signer ? signWith(alg, tbsDer, signer) : undefined;
    const bitString = signature ? withContent(oldSignature, new Uint8Array([0, ...signature])) : oldSignature;
    const der = encodeDer(withChildren(c.node, [tbs, alg, bitString]));
    substitutes.set(hex(c.der), der);
    for (const algorithm of ['sha1', 'sha256']) {
      fingerprints.set(createHash(algorithm).update(c.der).digest('hex').toUpperCase(), createHash(algorithm).update(der).digest('hex').toUpperCase());
    }
  }
  return { certificate: (der) => substitutes.get(hex(der)), fingerprints, count: substitutes.size };
}

function signedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** TBSCertificate fields by position; the version is an explicit [0] that v1 certificates leave out. */
function fieldIndex(tbs: DerNode, field: 'issuer' | 'subject' | 'spki'): number {
  const offset = tagByte(tbs.children![0]!) === 0xa0 ? 1 : 0;
  return offset + { issuer: 2, subject: 4, spki: 5 }[field];
}

function spkiOf(tbs: DerNode): DerNode {
  return tbs.children![fieldIndex(tbs, 'spki')]!;
}

function withSpki(tbs: DerNode, spki: DerNode): DerNode {
  const children = [...tbs.children!];
  children[fieldIndex(tbs, 'spki')] = spki;
  return withChildren(tbs, children);
}

/** The TBSCertificate with the strings of its issuer, subject and extensions renamed; the same node when none changes. */
function renameTbs(tbs: DerNode, rename: (s: string) => string): DerNode {
  const children = tbs.children!.map((field, i) => {
    if (i === fieldIndex(tbs, 'issuer') || i === fieldIndex(tbs, 'subject')) return renameStrings(renameDomainComponents(field, rename), rename);
    // [3] EXPLICIT Extensions: each extnValue is an OCTET STRING holding DER (names, URLs).
    if (tagByte(field) === 0xa3) return renameStrings(field, rename, true);
    return field;
  });
  return children.some((c, i) => c !== tbs.children![i]) ? withChildren(tbs, children) : tbs;
}

/** domainComponent, 0.9.2342.19200300.100.1.25. */
const DC_OID = Uint8Array.of(0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19);

/** The IA5String value of an RDN that is one DC= attribute, else undefined. */
function domainComponent(rdn: DerNode): DerNode | undefined {
  const attribute = rdn.children?.length === 1 ? rdn.children[0]! : undefined;
  const [oid, value] = attribute?.children ?? [];
  return oid && value && Buffer.from(oid.content).equals(DC_OID) && !value.children ? value : undefined;
}

/**
 * A name's DC= parts are one DNS domain (`DC=com, DC=contoso` is contoso.com): they are renamed
 * together, as the text renders them (`DC=domain-1,DC=example`), which may change how many there are.
 */
function renameDomainComponents(name: DerNode, rename: (s: string) => string): DerNode {
  const rdns = name.children ?? [];
  const out: DerNode[] = [];
  let changed = false;
  for (let i = 0; i < rdns.length; ) {
    const run: DerNode[] = [];
    while (i + run.length < rdns.length && domainComponent(rdns[i + run.length]!)) run.push(rdns[i + run.length]!);
    if (run.length === 0) {
      out.push(rdns[i++]!);
      continue;
    }
    i += run.length;
    // DER holds the most significant part first (DC=com, DC=contoso); text shows it last.
    const labels = run.map((r) => Buffer.from(domainComponent(r)!.content).toString('latin1')).reverse();
    const renamed = rename(labels.map((l) => `DC=${l}`).join(','));
    const next = renamed.split(',').map((p) => p.replace(/^DC=/i, ''));
    if (next.join('.') === labels.join('.')) {
      out.push(...run);
      continue;
    }
    changed = true;
    const template = run[0]!;
    for (const label of next.reverse()) {
      const attribute = template.children![0]!;
      const value = withContent(attribute.children![1]!, new Uint8Array(Buffer.from(label, 'latin1')));
      out.push(withChildren(template, [withChildren(attribute, [attribute.children![0]!, value])]));
    }
  }
  return changed ? withChildren(name, out) : name;
}

/** Every character string in a certificate's names and extensions, to learn names from before any is renamed. */
export function certificateTexts(der: Uint8Array): string[] {
  const node = tryParseDer(der);
  if (!node || !isCertificate(node)) return [];
  const texts: string[] = [];
  renameTbs(node.children![0]!, (s) => (texts.push(s), s));
  return texts;
}

/** Character strings, and the IA5 names of a GeneralName ([1] email, [2] DNS name, [6] URI). */
const TEXT_TAGS: Record<number, 'utf8' | 'latin1' | 'utf16be'> = {
  [TAG.UTF8_STRING]: 'utf8',
  [TAG.PRINTABLE_STRING]: 'latin1',
  [TAG.T61_STRING]: 'latin1',
  [TAG.IA5_STRING]: 'latin1',
  [TAG.VISIBLE_STRING]: 'latin1',
  [TAG.BMP_STRING]: 'utf16be',
};
const GENERAL_NAME_TAGS = new Set([0x81, 0x82, 0x86]);

function renameStrings(node: DerNode, rename: (s: string) => string, inExtensions = false): DerNode {
  const tag = tagByte(node);
  if (node.children) {
    const children = node.children.map((c) => renameStrings(c, rename, inExtensions));
    return children.some((c, i) => c !== node.children![i]) ? withChildren(node, children) : node;
  }
  if (inExtensions && tag === TAG.OCTET_STRING) {
    const inner = tryParseDer(node.content);
    if (!inner) return node;
    const renamed = renameStrings(inner, rename, true);
    return renamed === inner ? node : withContent(node, encodeDer(renamed));
  }
  const encoding = TEXT_TAGS[tag] ?? (inExtensions && GENERAL_NAME_TAGS.has(tag) ? 'latin1' : undefined);
  if (!encoding) return node;
  const text = decode(node.content, encoding);
  const renamed = rename(text);
  return renamed === text ? node : withContent(node, encode(renamed, encoding));
}

function decode(bytes: Uint8Array, encoding: 'utf8' | 'latin1' | 'utf16be'): string {
  if (encoding === 'utf16be') return Buffer.from(bytes).swap16().toString('utf16le');
  return Buffer.from(bytes).toString(encoding);
}

function encode(text: string, encoding: 'utf8' | 'latin1' | 'utf16be'): Uint8Array {
  if (encoding === 'utf16be') return new Uint8Array(Buffer.from(text, 'utf16le').swap16());
  return new Uint8Array(Buffer.from(text, encoding));
}

/** A new key pair of the same type and size as `key`. */
function substituteKey(key: KeyObject): { publicSpki: Uint8Array; privateKey: KeyObject } {
  const d = key.asymmetricKeyDetails ?? {};
  const type = key.asymmetricKeyType;
  let pair: { publicKey: KeyObject; privateKey: KeyObject };
  if (type === 'rsa' || type === 'rsa-pss') pair = generateKeyPairSync(type as 'rsa', { modulusLength: d.modulusLength ?? 2048, publicExponent: Number(d.publicExponent ?? 65537n) });
  else if (type === 'ec') pair = generateKeyPairSync('ec', { namedCurve: d.namedCurve ?? 'prime256v1' });
  else if (type === 'ed25519' || type === 'ed448') pair = generateKeyPairSync(type as 'ed25519');
  else if (type === 'dsa') pair = generateKeyPairSync('dsa', { modulusLength: d.modulusLength ?? 2048, divisorLength: d.divisorLength ?? 256 });
  else throw new Error(`no substitute for a ${type ?? 'unknown'} key`);
  return { publicSpki: new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' })), privateKey: pair.privateKey };
}

const RSA_PKCS1: Record<string, string> = {
  '1.2.840.113549.1.1.4': 'md5',
  '1.2.840.113549.1.1.5': 'sha1',
  '1.2.840.113549.1.1.14': 'sha224',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};
const ECDSA: Record<string, string> = {
  '1.2.840.10045.4.1': 'sha1',
  '1.2.840.10045.4.3.1': 'sha224',
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
};
const HASH_OIDS: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const RSASSA_PSS = '1.2.840.113549.1.1.10';
const EDDSA = new Set(['1.3.101.112', '1.3.101.113']);

/** Signs `tbs` as the certificate's algorithm says; undefined for an algorithm this does not know. */
function signWith(alg: DerNode, tbs: Uint8Array, key: KeyObject): Uint8Array | undefined {
  const oid = oidText(alg.children![0]!);
  if (RSA_PKCS1[oid]) return sign(RSA_PKCS1[oid]!, tbs, key);
  if (ECDSA[oid]) return sign(ECDSA[oid]!, tbs, { key, dsaEncoding: 'der' });
  if (EDDSA.has(oid)) return sign(null, tbs, key);
  if (oid === RSASSA_PSS) {
    // RSASSA-PSS-params: [0] hash (default SHA-1), [1] MGF, [2] salt length (default 20).
    let hash = 'sha1';
    let saltLength = 20;
    for (const p of alg.children![1]?.children ?? []) {
      const inner = p.children?.[0];
      if (tagByte(p) === 0xa0 && inner?.children?.[0]) hash = HASH_OIDS[oidText(inner.children[0])] ?? hash;
      if (tagByte(p) === 0xa2 && inner) saltLength = Number(BigInt(`0x${hex(inner.content) || '0'}`));
    }
    return sign(hash, tbs, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength });
  }
  return undefined;
}

function oidText(node: DerNode): string {
  const b = node.content;
  const parts = [Math.floor(b[0]! / 40), b[0]! % 40];
  let v = 0;
  for (let i = 1; i < b.length; i++) {
    v = v * 128 + (b[i]! & 0x7f);
    if (!(b[i]! & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}
