import { REDACTION_RULES, type RedactionRule, type Report } from './model.js';

/**
 * Egress redaction: applied once to the finished report, never inside checks, so every format
 * written from it is masked the same way. Values are masked, keys and shape are kept so the
 * diagnosis survives. Best-effort by nature: callers tell the user to review before sharing.
 */
export interface RedactOptions {
  /** Also pseudonymise host names, domain names and UPNs (`--redact-hosts`). */
  hosts: boolean;
}

const MASK = '***';

/** Fields the tool itself writes from fixed vocabularies; rewriting them would only break the report. */
const FIXED_KEYS = new Set(['schemaVersion', 'id', 'slug', 'area', 'status', 'severity', 'skipReason', 'mode', 'failOn', 'platform', 'node', 'code', 'shell']);

/** Setting names whose small numeric or boolean values are configuration, not secrets (MSCEP PasswordMax = 5). */
const HARMLESS_VALUE = /^(?:\d{1,10}|0x[0-9a-f]{1,8}|true|false|yes|no|on|off|enabled|disabled|none|null|REG_[A-Z_]+|\*+|<[^>]*>)$/i;
/** For a name that ends in "password" (PfxPassword, EnforcePassword) only a flag is harmless: 12345678 is a password there. */
const HARMLESS_FLAG = /^(?:[01]|0x0*[01]|true|false|yes|no|on|off|enabled|disabled|none|null|REG_[A-Z_]+|\*+|<[^>]*>)$/i;
const ENDS_SECRET = /(?:password|passwd|pwd|secret)"?\s*[:=]?\s*$/i;
/** Keys whose values are certificate fingerprints (NDES-NET-013's RA sets): evidence, never a secret. */
const FINGERPRINT_KEY = /thumbprint|fingerprint|sha1|sha256|hash|raSets/i;

/**
 * `password=…`, `pwd: …`, `"challengePassword": "…"`, `secret=…`, `challenge=…` in any text. A bare
 * `challenge` takes only `=`, because prose such as "challenge: access denied" is common in messages.
 */
const SECRET_PAIR =
  /\b([A-Za-z_.-]*(?:password|passwd|pwd|secret)[A-Za-z0-9_.-]*"?\s*[:=]\s*|[A-Za-z_.-]*challenge[A-Za-z0-9_.-]*"?\s*=\s*)("[^"]*"|'[^']*'|[^\s;,&"'<>]+)/gi;
const SECRET_KEY = /password|passwd|pwd|secret|challenge/i;
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/:@]+):([^\s/@]+)@/gi;
/** NDES mscep_admin challenges are 16 hex digits (e.g. 8CE317021F690069). */
const HEX16 = /(?<![0-9A-Za-z])[0-9A-F]{16}(?![0-9A-Za-z])/gi;
/** Intune-style challenges are long base64 blobs. */
const BASE64_BLOB = /(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{24,}={0,2}(?![A-Za-z0-9+/=])/g;
/** Words around a challenge on mscep_admin pages and in messages, in the languages NDES ships (its pages are localised). */
const CHALLENGE_CONTEXT =
  /challenge|password|passwort|kennwort|registrierungsabfrage|mot de passe|stimulation|contrase(?:ñ|n)a|senha|wachtwoord|parola d'ordine|has(?:ł|l)o|l(?:ö|o)senord|adgangskode|passord|salasana|heslo|jelsz(?:ó|o)|пароль|密码|密碼|パスワード|암호|mscep_admin/i;
/** mscep_admin shows the challenge alone in bold: `<B> 6A1F… </B>`. The CA thumbprint beside it is grouped in fours of hex pairs and stays. */
const BOLD_HEX = /(<B>\s*)([0-9A-F]{8,40})(\s*<\/B>)/gi;
/** `PfxPassword    REG_SZ    value` as reg query prints it. */
const REG_QUERY_SECRET = /((?:^|(?<=\s))[\w.-]*(?:password|passwd|pwd|secret)[\w.-]*\s{2,}REG_[A-Z_]+\s+)(\S.*)$/gim;
/** `"PfxPassword"=hex:41,00,...` as reg export writes binary data, possibly wrapped over lines with `\`. */
const REG_EXPORT_SECRET = /("[^"\n]*(?:password|passwd|pwd|secret)[^"\n]*"=)(hex(?:\([0-9a-f]+\))?:[0-9a-f,\s\\]*[0-9a-f])/gi;
const PEM_PRIVATE_KEY = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----/g;
const WINDOWS_PROFILE = /\b([A-Za-z]:\\Users\\)(?!(?:Public|Default|Default User|All Users|<user>)(?:\\|$))([^\\/:*?"<>|\s]+)/gi;
const UNIX_HOME = /(\/(?:home|Users)\/)(?!<user>(?:\/|$))([^/\s]+)/g;

const UPN = /(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]+)@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24})(?![A-Za-z0-9-])/g;
const DNS_NAME = /(?<![A-Za-z0-9.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-]|\.[A-Za-z0-9])/g;
/** The `DC=contoso, DC=com` tail of a distinguished name. */
const DN_DOMAIN = /\bDC=[A-Za-z0-9-]+(?:\s*,\s*DC=[A-Za-z0-9-]+)*/gi;
/** `CONTOSO\svc-ndes`: NetBIOS domain names are written in capitals. */
const DOWN_LEVEL = /(?<![A-Za-z0-9\\._-])([A-Z][A-Z0-9-]{1,14})\\(?=[A-Za-z0-9._$ -])/g;
/** Built-in authorities and registry roots that share the `NAME\rest` shape. */
const NOT_A_DOMAIN = new Set(['HKLM', 'HKCU', 'HKCR', 'HKU', 'HKCC', 'AUTHORITY', 'BUILTIN', 'APPPOOL', 'SERVICE', 'NT', 'IIS', 'WINDOWS', 'SYSTEM', 'SOFTWARE']);
/** Last labels that are real or internal DNS suffixes; anything else (mscep.dll, web.config) is a file name. */
const SUFFIXES = new Set(['com', 'net', 'org', 'local', 'lan', 'corp', 'internal', 'intra', 'intranet', 'ad', 'home', 'private', 'test', 'gov', 'edu', 'int', 'mil', 'biz', 'info', 'cloud', 'co', 'io']);
const FILE_EXTENSIONS = new Set(['md', 'js', 'ts', 'sh', 'py', 'cs', 'db', 'gz', 'ps', 'pl', 'vb', 'rs', 'go']);
/** Public service names a ticket reader needs to see as they are. */
const PUBLIC_DOMAINS = ['microsoft.com', 'microsoftonline.com', 'windows.net', 'azure.com', 'azure.net', 'msauth.net', 'msftauth.net', 'live.com', 'office.com', 'office365.com', 'manage.microsoft.com', 'github.com', 'npmjs.com', 'example', 'example.com', 'example.org', 'example.net'];

export interface Redactor {
  /** `fingerprint`: the string is a certificate fingerprint, so the challenge shapes (16 hex digits) are not masked in it. */
  redact(s: string, fingerprint?: boolean): string;
  /** For a value stored under a secret-looking key, e.g. `details.password`. */
  maskWhole(): string;
  readonly masked: number;
  readonly rules: RedactionRule[];
}

/** One redactor per report, so a host keeps the same pseudonym across every field. */
export function createRedactor(opts: RedactOptions, knownHosts: readonly string[] = []): Redactor {
  let masked = 0;
  const hostAlias = new Map<string, string>();
  const domainAlias = new Map<string, string>();
  const userAlias = new Map<string, string>();
  const netbiosAlias = new Map<string, string>();
  const alias = (map: Map<string, string>, key: string, make: (n: number) => string) => {
    const k = key.toLowerCase();
    if (!map.has(k)) map.set(k, make(map.size + 1));
    return map.get(k)!;
  };
  const domain = (d: string) => alias(domainAlias, d, (n) => `domain-${n}.example`);
  const host = (h: string) => alias(hostAlias, h, (n) => `host-${n}`);
  const bare = knownHosts.filter((h) => /^[A-Za-z0-9][A-Za-z0-9-]{1,62}$/.test(h));
  // The server's own name comes first, so it is host-1 in every report.
  for (const h of bare) host(h);
  // NDES setup names its RA certificates "<HOST>-MSCEP-RA": the host in that name is the host too.
  const bareRe = bare.length
    ? new RegExp(`(?<![A-Za-z0-9.-])(?:${bare.map((h) => h.replace(/[-]/g, '\\-')).join('|')})(?![A-Za-z0-9]|-(?!MSCEP-RA\\b))`, 'gi')
    : undefined;

  const count = (n = 1) => {
    masked += n;
  };

  const secrets = (s: string): string => {
    s = s.replace(URL_CREDENTIALS, (all, scheme: string, user: string, pass: string) => {
      if (pass === MASK) return all;
      count();
      return `${scheme}${user}:${MASK}@`;
    });
    s = privateKeys(s);
    s = s.replace(REG_EXPORT_SECRET, (_all, key: string) => (count(), `${key}${MASK}`));
    s = s.replace(REG_QUERY_SECRET, (_all, key: string) => (count(), `${key}${MASK}`));
    s = s.replace(SECRET_PAIR, (all, key: string, value: string) => {
      const bareValue = value.replace(/^["']|["']$/g, '');
      if ((ENDS_SECRET.test(key) ? HARMLESS_FLAG : HARMLESS_VALUE).test(bareValue)) return all;
      count();
      const q = value.startsWith('"') ? '"' : value.startsWith("'") ? "'" : '';
      return `${key}${q}${MASK}${q}`;
    });
    return s;
  };

  /** PEM private key blocks, whole; one cut short (no END line) is masked to the end of the text. */
  const privateKeys = (s: string): string => {
    if (!s.includes('PRIVATE KEY-----')) return s;
    const parts: string[] = [];
    let at = 0;
    for (const m of s.matchAll(PEM_PRIVATE_KEY)) {
      if (m.index < at) continue;
      const end = `-----END ${m[1]}PRIVATE KEY-----`;
      const close = s.indexOf(end, m.index);
      parts.push(s.slice(at, m.index), `${m[0]}\n${MASK}\n${close < 0 ? '' : end}`);
      count();
      at = close < 0 ? s.length : close + end.length;
    }
    return parts.join('') + s.slice(at);
  };

  const challenges = (s: string): string => {
    s = s.replace(BOLD_HEX, (_all, open: string, _hex: string, close: string) => (count(), `${open}${MASK}${close}`));
    if (/^\s*[0-9A-F]{16}\s*$/i.test(s) && /\d/.test(s) && /[A-F]/i.test(s)) {
      count();
      return MASK;
    }
    if (!CHALLENGE_CONTEXT.test(s)) return s;
    s = s.replace(HEX16, () => (count(), MASK));
    return s.replace(BASE64_BLOB, (blob) => {
      const looksRandom = /\d/.test(blob) && /[a-z]/.test(blob) && /[A-Z]/.test(blob) && /[^0-9A-Fa-f]/.test(blob);
      if (!looksRandom) return blob;
      count();
      return MASK;
    });
  };

  const userPaths = (s: string): string =>
    s
      .replace(WINDOWS_PROFILE, (_all, prefix: string) => (count(), `${prefix}<user>`))
      .replace(UNIX_HOME, (_all, prefix: string) => (count(), `${prefix}<user>`));

  const isPublic = (name: string) => {
    const n = name.toLowerCase();
    return PUBLIC_DOMAINS.some((d) => n === d || n.endsWith(`.${d}`));
  };
  const isDnsName = (name: string) => {
    const last = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
    if (FILE_EXTENSIONS.has(last)) return false;
    return SUFFIXES.has(last) || last.length === 2;
  };
  const hosts = (s: string): string => {
    s = s.replace(UPN, (all, user: string, dom: string) => {
      if (isPublic(dom) || !isDnsName(dom)) return all;
      count();
      return `${alias(userAlias, user, (n) => `user-${n}`)}@${domain(dom)}`;
    });
    s = s.replace(DNS_NAME, (name) => {
      if (isPublic(name) || !isDnsName(name)) return name;
      count();
      const labels = name.split('.');
      return labels.length >= 3 ? `${host(labels[0]!)}.${domain(labels.slice(1).join('.'))}` : domain(name);
    });
    s = s.replace(DN_DOMAIN, (dn) => {
      const name = dn.split(/\s*,\s*/).map((part) => part.slice(3)).join('.');
      if (isPublic(name)) return dn;
      count();
      return domain(name).split('.').map((label) => `DC=${label}`).join(', ');
    });
    if (bareRe) s = s.replace(bareRe, (h) => (count(), host(h)));
    return s.replace(DOWN_LEVEL, (all, dom: string) => {
      if (NOT_A_DOMAIN.has(dom)) return all;
      count();
      return `${alias(netbiosAlias, dom, (n) => `DOMAIN-${n}`)}\\`;
    });
  };

  const rules: RedactionRule[] = REDACTION_RULES.filter((r) => r !== 'hosts' || opts.hosts);
  return {
    redact: (s, evidenceOnly = false) => {
      let out = userPaths(evidenceOnly ? secrets(s) : challenges(secrets(s)));
      if (opts.hosts) out = hosts(out);
      return out;
    },
    maskWhole: () => (count(), MASK),
    get masked() {
      return masked;
    },
    rules,
  };
}

function harmlessUnder(key: string, value: string): boolean {
  return (ENDS_SECRET.test(key) ? HARMLESS_FLAG : HARMLESS_VALUE).test(value);
}

/** A redacted copy of the report with its `redaction` manifest filled in; the input is not changed. */
export function redactReport(report: Report, opts: RedactOptions): Report {
  const r = createRedactor(opts, report.environment.host ? [report.environment.host] : []);
  const walk = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') {
      if (key !== undefined && FIXED_KEYS.has(key)) return value;
      if (key !== undefined && SECRET_KEY.test(key) && !harmlessUnder(key, value)) return r.maskWhole();
      return r.redact(value, key !== undefined && FINGERPRINT_KEY.test(key));
    }
    // A number stored as a password (PfxPassword: 12345678) is one too.
    if (typeof value === 'number' && key !== undefined && SECRET_KEY.test(key) && !harmlessUnder(key, String(value))) return r.maskWhole();
    // Array items inherit their key: `raSets: [[...]]` holds fingerprints at every depth.
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    }
    return value;
  };
  const { redaction: previous, ...rest } = report;
  const out = walk(rest) as Omit<Report, 'redaction'>;
  const before: { rules: readonly RedactionRule[]; masked: number } = previous?.applied ? previous : { rules: [], masked: 0 };
  return {
    ...out,
    redaction: {
      applied: true,
      rules: REDACTION_RULES.filter((x) => before.rules.includes(x) || r.rules.includes(x)),
      masked: before.masked + r.masked,
    },
  };
}
