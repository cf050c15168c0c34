/**
 * Test certificates and GetCACert bundles made by the openssl command line (`openssl req`, `openssl ca`,
 * `openssl crl2pkcs7`), never by node-forge, which is what src/parse reads them with: a certificate
 * written and read by one library would hide the bugs both share. The Microsoft extensions are given
 * to openssl as ASN.1 (`ASN1:BMPSTRING:...`), so their bytes are what Windows writes.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Issued {
  certPem: string;
  keyPem: string;
  der: Uint8Array;
}

export interface IssueOptions {
  cn: string;
  /** Organization after the common name (DER order); `null` for none. */
  org?: string | null;
  issuer?: Issued;
  ca?: boolean;
  notBefore?: Date;
  notAfter?: Date;
  /** DNS names; entries that look like IPv4 addresses become IP SANs. */
  san?: string[];
  /** EKU OIDs; empty array means no EKU extension. */
  eku?: string[];
  keyUsage?: { digitalSignature?: boolean; keyEncipherment?: boolean; keyCertSign?: boolean; cRLSign?: boolean };
  hash?: 'sha256' | 'sha1' | 'rsassa-pss';
  bits?: number;
  keyType?: 'rsa' | 'ec';
  /** Skip the Basic Constraints extension altogether (some RA certificates have none). */
  noBasicConstraints?: boolean;
  /** V1 template name extension (1.3.6.1.4.1.311.20.2, BMPString), as on the RA certificates NDES setup enrolls. */
  template?: string;
  /** V2 template information extension (1.3.6.1.4.1.311.21.7), as on certificates from duplicated templates. */
  templateOid?: string;
}

const DAY = 86_400_000;

/** Runs `work` in a temporary directory that is gone afterwards, whatever happens. */
function inTempDir<T>(work: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'ndes-doctor-pki-'));
  try {
    return work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CA_CONFIG = `
[ ca ]
default_ca = local
[ local ]
database = $ENV::PKI_DB
serial = $ENV::PKI_SERIAL
new_certs_dir = $ENV::PKI_DIR
policy = any
unique_subject = no
email_in_dn = no
copy_extensions = none
default_md = sha256
[ any ]
countryName = optional
stateOrProvinceName = optional
localityName = optional
organizationName = optional
organizationalUnitName = optional
commonName = optional
domainComponent = optional
[ req ]
distinguished_name = dn
[ dn ]
`;

function openssl(args: string[], env: Record<string, string> = {}): Buffer {
  return execFileSync('openssl', args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

// Key generation dominates test time; a small pool per kind keeps certificates distinct enough (names differ).
const pool = new Map<string, KeyObject[]>();
let turn = 0;
function privateKey(kind: 'rsa' | 'ec', bits: number): string {
  const id = `${kind}${bits}`;
  let keys = pool.get(id);
  if (!keys) pool.set(id, (keys = []));
  if (keys.length < 4) keys.push((kind === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('rsa', { modulusLength: bits })).privateKey);
  return keys[turn++ % keys.length]!.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** `YYYYMMDDHHMMSSZ`, which openssl writes as UTCTime before 2050 as RFC 5280 asks. */
function stamp(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');
}

function extensions(o: IssueOptions): string {
  const lines: string[] = [];
  if (!o.noBasicConstraints) lines.push(`basicConstraints = critical, CA:${o.ca ? 'TRUE' : 'FALSE'}`);
  const ku = o.ca ? ['keyCertSign', 'cRLSign', 'digitalSignature'] : Object.entries(o.keyUsage ?? {}).filter(([, on]) => on).map(([k]) => k);
  if (ku.length > 0) lines.push(`keyUsage = critical, ${ku.join(', ')}`);
  const eku = o.eku ?? (o.ca ? [] : ['1.3.6.1.5.5.7.3.1']);
  if (eku.length > 0) lines.push(`extendedKeyUsage = ${eku.join(', ')}`);
  if (o.san?.length) lines.push(`subjectAltName = ${o.san.map((n) => (/^\d+\.\d+\.\d+\.\d+$/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(', ')}`);
  lines.push('subjectKeyIdentifier = hash');
  if (o.issuer) lines.push('authorityKeyIdentifier = keyid');
  if (o.template) lines.push(`1.3.6.1.4.1.311.20.2 = ASN1:BMPSTRING:${o.template}`);
  if (o.templateOid) lines.push('1.3.6.1.4.1.311.21.7 = ASN1:SEQUENCE:template_information');
  const sections = ['[ ext ]', ...lines];
  if (o.templateOid) sections.push('[ template_information ]', `template = OID:${o.templateOid}`, 'major = INT:100', 'minor = INT:4');
  return sections.join('\n') + '\n';
}

let serial = 0;

/** One certificate: a request by `openssl req`, signed by `openssl ca` with the issuer's key (or its own). */
export function issue(o: IssueOptions): Issued {
  const n = ++serial;
  return inTempDir((work) => {
    const file = (name: string) => join(work, name);
    writeFileSync(file('ca.cnf'), CA_CONFIG);
    const keyPem = privateKey(o.keyType ?? 'rsa', o.bits ?? 2048);
    writeFileSync(file('key.pem'), keyPem);
    writeFileSync(file('ext.cnf'), extensions(o));
    writeFileSync(file('index.txt'), '');
    // A positive serial that differs between certificates, like the 10-byte ones Windows CAs assign.
    writeFileSync(file('serial'), `61${n.toString(16).padStart(4, '0')}${randomBytes(6).toString('hex')}\n`);
    const env = { PKI_DB: file('index.txt'), PKI_SERIAL: file('serial'), PKI_DIR: work };
    const org = o.org === undefined ? 'Contoso Test' : o.org;
    openssl(['req', '-new', '-config', file('ca.cnf'), '-utf8', '-key', file('key.pem'), '-subj', `/CN=${o.cn}${org ? `/O=${org}` : ''}`, '-out', file('req.csr')], env);
    const sign =
      o.hash === 'rsassa-pss' ? ['-md', 'sha256', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32'] : ['-md', o.hash ?? 'sha256'];
    if (o.issuer) {
      writeFileSync(file('issuer.pem'), o.issuer.certPem);
      writeFileSync(file('issuer.key'), o.issuer.keyPem);
    }
    const signer = o.issuer ? ['-cert', file('issuer.pem'), '-keyfile', file('issuer.key')] : ['-selfsign', '-keyfile', file('key.pem')];
    openssl(
      [
        'ca', '-batch', '-config', file('ca.cnf'), '-notext', '-preserveDN', '-utf8', ...signer, ...sign,
        '-startdate', stamp(o.notBefore ?? new Date(Date.now() - DAY)),
        '-enddate', stamp(o.notAfter ?? new Date(Date.now() + 365 * DAY)),
        '-extfile', file('ext.cnf'), '-extensions', 'ext', '-in', file('req.csr'), '-out', file('cert.pem'),
      ],
      env,
    );
    const der = new Uint8Array(openssl(['x509', '-in', file('cert.pem'), '-outform', 'DER']));
    return { certPem: readFileSync(file('cert.pem'), 'utf8'), keyPem, der };
  });
}

/** A certs-only PKCS#7 (degenerate SignedData), what NDES returns for GetCACert, by `openssl crl2pkcs7`. */
export function certsOnlyPkcs7(certs: Pick<Issued, 'certPem'>[]): Uint8Array {
  return inTempDir((work) => {
    const bundle = join(work, 'bundle.pem');
    writeFileSync(bundle, certs.map((c) => c.certPem).join(''));
    return new Uint8Array(openssl(['crl2pkcs7', '-nocrl', '-certfile', bundle, '-outform', 'DER']));
  });
}

export const SIGNING_RA_EKU = '1.3.6.1.4.1.311.20.2.1';

/**
 * A CA with its NDES RA pair, as NDES sends them for GetCACert. By default the RA certificates come from
 * the V1 templates NDES setup enrolls (template names EnrollmentAgentOffline and CEPEncryption);
 * `raTemplates: 'v2'` gives renewed ones from duplicated templates, which carry a template OID instead.
 * Validity defaults to around the real clock, which suits a probe analysed at once; a recording kept
 * for later (the example bundles) must give every date, or it would judge differently depending on
 * the day it was made.
 */
export function ndesPki(
  o: { raNotAfter?: Date; raIssuer?: Issued; hash?: IssueOptions['hash']; caHash?: IssueOptions['hash']; raBits?: number; caNotAfter?: Date; notBefore?: Date; raTemplates?: 'v1' | 'v2' } = {},
) {
  const ca = issue({ cn: 'Contoso Issuing CA', ca: true, hash: o.caHash, notBefore: o.notBefore, notAfter: o.caNotAfter ?? new Date(Date.now() + 3650 * DAY) });
  const raIssuer = o.raIssuer ?? ca;
  const common = { issuer: raIssuer, eku: [SIGNING_RA_EKU], hash: o.hash, bits: o.raBits, notBefore: o.notBefore, notAfter: o.raNotAfter ?? new Date(Date.now() + 700 * DAY) };
  const v2 = o.raTemplates === 'v2';
  const forest = '1.3.6.1.4.1.311.21.8.8155398.9341322.1257745.1503325.15463016.167';
  const signing = issue({ ...common, cn: 'NDES01-MSCEP-RA', keyUsage: { digitalSignature: true }, ...(v2 ? { templateOid: `${forest}.13488416.1` } : { template: 'EnrollmentAgentOffline' }) });
  const encryption = issue({ ...common, cn: 'NDES01-MSCEP-RA', keyUsage: { keyEncipherment: true }, ...(v2 ? { templateOid: `${forest}.13488416.2` } : { template: 'CEPEncryption' }) });
  return { ca, signing, encryption, pkcs7: certsOnlyPkcs7([signing, encryption, ca]) };
}
