/**
 * Masks secrets in collected files before a bundle leaves the server, and with `hosts`/`users`
 * replaces host, domain and account names by pseudonyms in every file. IIS keeps an application
 * pool's password in applicationHost.config (encrypted with the machine key, but a secret all the
 * same), web.config files may hold connection strings with passwords, IIS logs hold the SCEP messages
 * devices sent (challenge included), and registry exports may hold a PfxPassword. No check reads
 * them, so masking changes no finding; pseudonyms are applied alike everywhere (certificates
 * included, see reissue.ts), so a check of the bundle comes to the same verdicts. Encoding, BOM and
 * line ends are kept.
 */
import type { Manifest } from './manifest.js';
import { Pseudonyms, type NameOptions } from './pseudonyms.js';
import { certificatesIn, certificateTexts, reissueCertificates, replaceCertificates, type Reissue } from './reissue.js';
import { tryParseDer } from './der.js';

/** Every rule, in the order the manifest lists them; the last three only with --redact-hosts/--redact-users. */
export const BUNDLE_REDACTION_RULES = ['config-password', 'scep-message', 'registry-secret', 'private-key', 'url-credentials', 'hosts', 'users', 'certificates'] as const;
export type BundleRedactionRule = (typeof BUNDLE_REDACTION_RULES)[number];

export interface BundleRedaction {
  applied: boolean;
  rules: string[];
  masked: number;
  /** How many values each rule masked or replaced; `certificates`: how many were re-issued under pseudonyms. */
  counts?: Partial<Record<BundleRedactionRule, number>>;
}

export interface BundleRedactionResult {
  files: Map<string, Uint8Array>;
  redaction: BundleRedaction;
  /** The manifest with its names replaced too (unchanged without names). */
  manifest?: Manifest;
  /** The pseudonyms used, for the report made from this bundle to continue with. */
  names: Pseudonyms;
}

const MASK = '***';
/**
 * `password="…"`, `userPassword='…'`: any attribute whose name ends in "password". The name is
 * matched from the start of its run, once: matched from every word boundary in it, `a.a.a.…` took
 * quadratic time.
 */
const PASSWORD_ATTRIBUTE = /((?<![\w.-])[\w.-]*?password\s*=\s*)(["'])(.*?)\2/gi;
/**
 * `Password=…;` or `Pwd=…` inside a connection string: quoted (`&quot;a;b&quot;` or `'a;b'`, how a
 * value holding `;` is written), or up to `;`, with XML's `&amp;` and the like read as one character.
 */
const CONNECTION_STRING_PASSWORD = /(\b(?:password|pwd)\s*=\s*)(&quot;.*?&quot;|'[^'<>]*'|(?:&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);|[^;"'<>])+)/gi;
/**
 * The `message=` of a logged SCEP request: the device's CSR with its challenge password, encrypted
 * for the RA. Short values (`message=default`, a CA name) are not messages and stay.
 */
const SCEP_MESSAGE = /(?<=[?&\s]message=)[^&\s]{64,}/gi;
/** W3C logs whose query strings carry SCEP messages. */
const W3C_LOG = /^logs\/(iis|httperr)\//;
/**
 * A registry value whose name ends like a secret's (PfxPassword, ProxyPassword, ClientSecret), as reg
 * export writes it: a string, or hex data (wrapped over lines with `\`). DWORDs are flags and limits
 * (EnforcePassword, UseSinglePassword) and stay, and so do settings that only start so (PasswordVDir).
 */
const REG_EXPORT_SECRET = /^("[^"\r\n]*(?:password|passwd|pwd|secret)"=)("(?:[^"\\\r\n]|\\.)*"|hex(?:\([0-9a-f]+\))?:[0-9a-f,\s\\]*[0-9a-f])/gim;
/**
 * `PfxPassword    REG_SZ    value` as reg query prints it: a name indented from the start of its line.
 * The indent is looked behind from the name, so a run of blank lines is not read again from each.
 */
const REG_QUERY_SECRET = /((?<![\w.-])(?=[\w.-])(?<=^\s+)[\w.-]*(?:password|passwd|pwd|secret)\s{2,}REG_(?!DWORD|QWORD)[A-Z_]+\s+)(\S.*?)(\r?)$/gim;
/** A proxy setting written with its credentials but no scheme (`"ProxyServer"="svc:secret@proxy:8080"`), which the URL rule misses. */
const REG_PROXY_CREDENTIALS = /^("(?=[^"\r\n]*?proxy)[^"\r\n]*"="[^"\s/@:]+:)([^"\s/@]+)@/gim;
const PEM_PRIVATE_KEY = /(-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----)[\s\S]*?(?:(-----END \2PRIVATE KEY-----)|$)/g;
/** As in the report (src/report/redact.ts): the scheme from the start of its run, which must hold a letter at a word boundary. */
const URL_CREDENTIALS = /(?<![a-z0-9+.-])((?=[a-z0-9+.-]*?(?<![a-z0-9_])[a-z])[a-z0-9+.-]*:\/\/)([^\s/:@"'<>]+):([^\s/@"'<>]+)@/gi;
/** Base64 long enough to be a certificate; PowerShell 5.1's JSON writes `/` as `\/`. */
const BASE64_RUN = /(?:[A-Za-z0-9+]|\\?\/){200,}={0,2}/g;
const PEM_CERTIFICATE = /(-----BEGIN CERTIFICATE-----)(\r?\n)([A-Za-z0-9+/=\r\n]+?)(-----END CERTIFICATE-----)/g;
/** A fingerprint as written in one run (`13DC62…`) or in pairs (`13 dc 62 …`, certutil's Cert Hash). */
const FINGERPRINT = /(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{64}|[0-9A-Fa-f]{40}|[0-9A-Fa-f]{2}(?: [0-9A-Fa-f]{2}){19}(?:(?: [0-9A-Fa-f]{2}){12})?)(?![0-9A-Fa-f])/g;

type Counts = Partial<Record<BundleRedactionRule, number>>;

/**
 * The bundle's files with secrets masked and, with `names`, names pseudonymised. Pass the manifest
 * to have its names (host, commands, messages) replaced alike.
 */
export function redactBundleFiles(
  files: ReadonlyMap<string, Uint8Array>,
  names: NameOptions = { hosts: false, users: false },
  manifest?: Manifest,
): BundleRedactionResult {
  const counts: Counts = {};
  const add = (rule: BundleRedactionRule, n: number) => {
    if (n) counts[rule] = (counts[rule] ?? 0) + n;
  };
  const out = new Map<string, Uint8Array>();
  for (const [name, bytes] of files) out.set(name, maskSecrets(name, bytes, add));

  const pseudonyms = new Pseudonyms(names, manifest?.host.name ? [manifest.host.name] : []);
  let redactedManifest = manifest;
  if (names.hosts || names.users) {
    const texts = new Map([...out].flatMap(([name, bytes]) => (isBinary(name) ? [] : [[name, decodeKeepingEncoding(bytes)] as const])));
    // First learn every name, so a name seen in one file is replaced in all of them.
    if (manifest) pseudonyms.learn(JSON.stringify(manifest), true);
    for (const [name, t] of texts) {
      pseudonyms.learn(t.text, name.endsWith('.json'));
      if (isRegExport(name)) for (const s of registryHexStrings(t.text)) pseudonyms.learn(s);
    }
    const reissue = reissueAll([...texts.values()].map((t) => t.text), pseudonyms);
    add('certificates', reissue.count);
    for (const [name, t] of texts) {
      let text = name.endsWith('.json') ? rewriteProbeBodies(t.text, pseudonyms, reissue) : t.text;
      text = replaceCertificateText(text, reissue);
      if (isRegExport(name)) text = renameRegistryHex(text, (s) => pseudonyms.apply(s));
      text = pseudonyms.apply(text, name.endsWith('.json'));
      text = text.replace(FINGERPRINT, (fp) => substituteFingerprint(fp, reissue));
      if (text !== t.text) out.set(name, t.encode(text));
    }
    if (manifest) redactedManifest = renameStrings(manifest, (s) => pseudonyms.apply(s));
  }
  add('hosts', pseudonyms.counts.hosts);
  add('users', pseudonyms.counts.users);
  const rules = BUNDLE_REDACTION_RULES.filter((r) => (r !== 'hosts' || names.hosts) && (r !== 'users' || names.users) && (r !== 'certificates' || names.hosts || names.users));
  const masked = Object.entries(counts)
    .filter(([rule]) => rule !== 'certificates')
    .reduce((n, [, c]) => n + c, 0);
  const redaction: BundleRedaction = { applied: true, rules: [...rules], masked, counts: Object.fromEntries(rules.map((r) => [r, counts[r] ?? 0])) };
  return { files: out, redaction, ...(redactedManifest && { manifest: { ...redactedManifest, redaction } }), names: pseudonyms };
}

/** The default rules: secrets in configuration files, logs, registry exports, and anywhere a private key or URL credential appears. */
function maskSecrets(name: string, bytes: Uint8Array, add: (rule: BundleRedactionRule, n: number) => void): Uint8Array {
  if (isBinary(name)) return bytes;
  if (W3C_LOG.test(name)) {
    // latin1 maps every byte to one character and back, so the rest of the file stays byte for byte.
    let count = 0;
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    const redacted = text.replace(SCEP_MESSAGE, () => (count++, MASK));
    add('scep-message', count);
    return count ? Buffer.from(redacted, 'latin1') : bytes;
  }
  const { text, encode } = decodeKeepingEncoding(bytes);
  let s = text;
  // Configuration files only: logs are not configuration, and event exports are large.
  if (/\.(config|xml)$/i.test(name) && !name.startsWith('logs/')) {
    s = s
      .replace(PASSWORD_ATTRIBUTE, (whole, key: string, quote: string, value: string) => {
        if (value === '' || value === MASK) return whole;
        add('config-password', 1);
        return `${key}${quote}${MASK}${quote}`;
      })
      .replace(CONNECTION_STRING_PASSWORD, (whole, key: string, value: string) => {
        if (value === MASK) return whole;
        add('config-password', 1);
        return `${key}${MASK}`;
      });
  }
  if (name.startsWith('registry/')) {
    s = s
      .replace(REG_EXPORT_SECRET, (whole, key: string, value: string) => {
        if (value === `"${MASK}"` || value === '""') return whole;
        add('registry-secret', 1);
        return `${key}"${MASK}"`;
      })
      .replace(REG_QUERY_SECRET, (whole, key: string, value: string, cr: string) => {
        if (value === MASK) return whole;
        add('registry-secret', 1);
        return `${key}${MASK}${cr}`;
      })
      .replace(REG_PROXY_CREDENTIALS, (whole, head: string, pass: string) => {
        if (pass === MASK) return whole;
        add('url-credentials', 1);
        return `${head}${MASK}@`;
      });
  }
  s = s.replace(PEM_PRIVATE_KEY, (whole, begin: string, _kind: string, end: string | undefined) => {
    add('private-key', 1);
    return `${begin}\n${MASK}\n${end ?? ''}`;
  });
  s = s.replace(URL_CREDENTIALS, (whole, scheme: string, user: string, pass: string) => {
    if (pass === MASK) return whole;
    add('url-credentials', 1);
    return `${scheme}${user}:${MASK}@`;
  });
  return s === text ? bytes : encode(s);
}

/** Files that are not text: none of the artifacts today, but a bundle may be made by hand. */
function isBinary(name: string): boolean {
  return /\.(cer|crt|der|p7b|zip|evtx|dat)$/i.test(name);
}

/** Every certificate in the bundle's text (base64 in JSON, PEM blocks), re-issued under the pseudonyms. */
function reissueAll(texts: readonly string[], names: Pseudonyms): Reissue {
  const ders: Uint8Array[] = [];
  for (const text of texts) {
    for (const b64 of [...text.matchAll(BASE64_RUN)].map((m) => m[0].replace(/\\\//g, '/')).concat([...text.matchAll(PEM_CERTIFICATE)].map((m) => m[3]!))) {
      const node = tryParseDer(new Uint8Array(Buffer.from(b64, 'base64')));
      if (node) for (const c of certificatesIn(node)) ders.push(c.raw!);
    }
  }
  for (const der of ders) for (const s of certificateTexts(der)) names.learn(s);
  return reissueCertificates(ders, (s) => names.apply(s));
}

function replaceCertificateText(text: string, reissue: Reissue): string {
  if (reissue.count === 0) return text;
  return text
    .replace(BASE64_RUN, (run) => {
      const escaped = run.includes('\\/');
      const replaced = replaceCertificates(new Uint8Array(Buffer.from(run.replace(/\\\//g, '/'), 'base64')), reissue);
      if (!replaced) return run;
      const b64 = Buffer.from(replaced).toString('base64');
      return escaped ? b64.replace(/\//g, '\\/') : b64;
    })
    .replace(PEM_CERTIFICATE, (whole, begin: string, eol: string, body: string, end: string) => {
      const replaced = replaceCertificates(new Uint8Array(Buffer.from(body, 'base64')), reissue);
      if (!replaced) return whole;
      const lines = Buffer.from(replaced).toString('base64').match(/.{1,64}/g)!;
      return `${begin}${eol}${lines.join(eol)}${eol}${end}`;
    });
}

/** The same fingerprint in the same form (case, pairs) for a re-issued certificate. */
function substituteFingerprint(fp: string, reissue: Reissue): string {
  const plain = fp.replace(/ /g, '');
  const next = reissue.fingerprints.get(plain.toUpperCase());
  if (!next) return fp;
  const cased = plain === plain.toLowerCase() ? next.toLowerCase() : next;
  return fp.includes(' ') ? cased.match(/../g)!.join(' ') : cased;
}

interface ProbeExchange {
  response?: { bodyBase64?: string; bodyBytes?: number; headers?: Record<string, string> };
}

/**
 * The probe recordings keep response bodies as base64 with their length: a GetCACert answer is re-issued
 * like any certificate, a page that names the server is renamed, and the recorded lengths follow.
 */
function rewriteProbeBodies(text: string, names: Pseudonyms, reissue: Reissue): string {
  if (!text.includes('"bodyBase64"')) return text;
  let data: { targets?: { exchanges?: ProbeExchange[] }[] };
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return text;
  }
  let changed = false;
  for (const target of data.targets ?? []) {
    for (const exchange of target.exchanges ?? []) {
      const response = exchange.response;
      if (!response?.bodyBase64) continue;
      const body = new Uint8Array(Buffer.from(response.bodyBase64, 'base64'));
      let next = replaceCertificates(body, reissue);
      if (!next && !tryParseDer(body)) {
        const latin1 = Buffer.from(body).toString('latin1');
        const renamed = names.apply(latin1);
        if (renamed !== latin1) next = new Uint8Array(Buffer.from(renamed, 'latin1'));
      }
      if (!next) continue;
      changed = true;
      if (response.bodyBytes === body.length) response.bodyBytes = next.length;
      const lengthHeader = Object.keys(response.headers ?? {}).find((h) => h.toLowerCase() === 'content-length');
      if (lengthHeader && response.headers![lengthHeader] === String(body.length)) response.headers![lengthHeader] = String(next.length);
      response.bodyBase64 = Buffer.from(next).toString('base64');
    }
  }
  return changed ? `${text.startsWith('\uFEFF') ? '\uFEFF' : ''}${JSON.stringify(data, null, 2)}\n` : text;
}

const isRegExport = (name: string) => name.startsWith('registry/') && name.endsWith('.reg');

/**
 * Registry values reg export writes as hex: REG_EXPAND_SZ (hex(2)), REG_MULTI_SZ (hex(7)) and REG_BINARY
 * that holds UTF-16 text. Their names are only readable decoded.
 */
const REG_HEX_VALUE = /^((?:"(?:[^"\\\r\n]|\\.)*"|@)=hex(?:\(([0-9a-f]+)\))?:)([0-9a-f]{2}(?:,(?:\\\r?\n\s*)?[0-9a-f]{2})*)/gim;

function hexValueText(type: string | undefined, data: string): string | undefined {
  const bytes = Buffer.from(data.replace(/[^0-9a-f]/gi, ''), 'hex');
  if (type === '2' || type === '7' || type === '1' || (type === undefined && looksUtf16(bytes))) return bytes.toString('utf16le');
  return undefined;
}

function registryHexStrings(text: string): string[] {
  return [...text.matchAll(REG_HEX_VALUE)].flatMap((m) => hexValueText(m[2], m[3]!) ?? []);
}

function renameRegistryHex(text: string, rename: (s: string) => string): string {
  return text.replace(REG_HEX_VALUE, (whole, head: string, type: string | undefined, data: string) => {
    const value = hexValueText(type, data);
    if (value === undefined) return whole;
    const renamed = rename(value);
    if (renamed === value) return whole;
    return head + [...Buffer.from(renamed, 'utf16le')].map((b) => b.toString(16).padStart(2, '0')).join(',');
  });
}

function renameStrings<T>(value: T, rename: (s: string) => string): T {
  if (typeof value === 'string') return rename(value) as T;
  if (Array.isArray(value)) return value.map((v) => renameStrings(v, rename)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameStrings(v, rename)])) as T;
  return value;
}

/** Text in the encoding it was written in: UTF-16LE (with or without BOM), UTF-8 (with or without BOM), or bytes as latin1 (an OEM code page). */
export function decodeKeepingEncoding(bytes: Uint8Array): { text: string; encode: (s: string) => Uint8Array } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf[0] === 0xff && buf[1] === 0xfe) {
    return { text: buf.subarray(2).toString('utf16le'), encode: (s) => Buffer.concat([buf.subarray(0, 2), Buffer.from(s, 'utf16le')]) };
  }
  if (looksUtf16(buf)) return { text: buf.toString('utf16le'), encode: (s) => Buffer.from(s, 'utf16le') };
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(0, 3) : Buffer.alloc(0);
  const body = buf.subarray(bom.length);
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    return { text, encode: (s) => Buffer.concat([bom, Buffer.from(s, 'utf8')]) };
  } catch {
    // Not UTF-8: a console code page. latin1 keeps every byte; names are ASCII.
    return { text: body.toString('latin1'), encode: (s) => Buffer.concat([bom, Buffer.from(s, 'latin1')]) };
  }
}

/** UTF-16LE without a BOM: ASCII text leaves every second byte zero. */
function looksUtf16(buf: Buffer): boolean {
  if (buf.length < 4 || buf.length % 2) return false;
  const sample = buf.subarray(0, Math.min(buf.length, 512));
  let zeros = 0;
  for (let i = 1; i < sample.length; i += 2) if (sample[i] === 0) zeros++;
  return zeros > (sample.length / 2) * 0.9;
}
