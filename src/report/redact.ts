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
const FIXED_KEYS = new Set(['schemaVersion', 'id', 'slug', 'area', 'status', 'severity', 'skipReason', 'mode', 'failOn', 'platform', 'node', 'code']);

/** Setting names whose small numeric or boolean values are configuration, not secrets (MSCEP PasswordMax = 5). */
const HARMLESS_VALUE = /^(?:\d{1,10}|0x[0-9a-f]{1,8}|true|false|yes|no|on|off|enabled|disabled|none|null|REG_[A-Z_]+|\*+|<[^>]*>)$/i;

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
const CHALLENGE_CONTEXT = /challenge|password|mscep_admin/i;
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
  redact(s: string): string;
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
    s = s.replace(SECRET_PAIR, (all, key: string, value: string) => {
      const bareValue = value.replace(/^["']|["']$/g, '');
      if (HARMLESS_VALUE.test(bareValue)) return all;
      count();
      const q = value.startsWith('"') ? '"' : value.startsWith("'") ? "'" : '';
      return `${key}${q}${MASK}${q}`;
    });
    return s;
  };

  const challenges = (s: string): string => {
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
    redact: (s) => {
      let out = userPaths(challenges(secrets(s)));
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

/** A redacted copy of the report with its `redaction` manifest filled in; the input is not changed. */
export function redactReport(report: Report, opts: RedactOptions): Report {
  const r = createRedactor(opts, report.environment.host ? [report.environment.host] : []);
  const walk = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') {
      if (key !== undefined && FIXED_KEYS.has(key)) return value;
      if (key !== undefined && SECRET_KEY.test(key) && !HARMLESS_VALUE.test(value)) return r.maskWhole();
      return r.redact(value);
    }
    if (Array.isArray(value)) return value.map((v) => walk(v));
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
