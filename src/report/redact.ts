import { Pseudonyms } from '../collect/pseudonyms.js';
import { REDACTION_RULES, type RedactionRule, type Report } from './model.js';
import { secretPairs } from './secret-pairs.js';

/**
 * Egress redaction: applied once to the finished report, never inside checks, so every format
 * written from it is masked the same way. Values are masked, keys and shape are kept so the
 * diagnosis survives. Best-effort by nature: callers tell the user to review before sharing.
 */
export interface RedactOptions {
  /** Also pseudonymise host, DNS domain and NetBIOS domain names (`--redact-hosts`). */
  hosts: boolean;
  /** Also pseudonymise account names: DOMAIN\\user, the user of a UPN, and that name alone (`--redact-users`). */
  users?: boolean;
}

const MASK = '***';

/** Fields the tool itself writes from fixed vocabularies; rewriting them would only break the report. */
const FIXED_KEYS = new Set(['schemaVersion', 'id', 'slug', 'area', 'status', 'severity', 'skipReason', 'mode', 'failOn', 'platform', 'node', 'code', 'shell']);

/** Setting names whose small numeric or boolean values are configuration, not secrets (MSCEP PasswordMax = 5). */
const HARMLESS_VALUE = /^(?:\d{1,10}|0x[0-9a-f]{1,8}|true|false|yes|no|on|off|enabled|disabled|none|null|REG_[A-Z_]+|\*+|<[^>]*>)$/i;
/** For a name that ends in "password" (PfxPassword, EnforcePassword) only a flag is harmless: 12345678 is a password there. */
const HARMLESS_FLAG = /^(?:[01]|0x0*[01]|true|false|yes|no|on|off|enabled|disabled|none|null|REG_[A-Z_]+|\*+|<[^>]*>)$/i;
const ENDS_SECRET = /(?:password|passwd|pwd|secret)"?\s*(?:[:=]\s*)?$/i;
/** Keys whose values are certificate fingerprints (NDES-NET-013's RA sets): evidence, never a secret. */
const FINGERPRINT_KEY = /thumbprint|fingerprint|sha1|sha256|hash|raSets/i;

const SECRET_KEY = /password|passwd|pwd|secret|challenge/i;
/**
 * `scheme://user:password@`. The scheme is matched from the start of its run of scheme characters
 * and only checked for a letter at a word boundary, which is where it may begin: a scheme matched
 * from each letter of `a.a.a.…` in turn took quadratic time.
 */
const URL_CREDENTIALS = /(?<![a-z0-9+.-])((?=[a-z0-9+.-]*?(?<![a-z0-9_])[a-z])[a-z0-9+.-]*:\/\/)([^\s/:@]+):([^\s/@]+)@/gi;
/** NDES mscep_admin challenges are 16 hex digits (e.g. 8CE317021F690069), also right after an escape in JSON text (`\n`, `\u003e`). */
const HEX16 = /(?:(?<![0-9A-Za-z])|(?<=\\[nrt])|(?<=\\u00[0-9a-f]{2}))[0-9A-F]{16}(?![0-9A-Za-z])/gi;
/** Intune-style challenges are long base64 blobs. */
const BASE64_BLOB = /(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{24,}={0,2}(?![A-Za-z0-9+/=])/g;
/** Words around a challenge on mscep_admin pages and in messages, in the languages NDES ships (its pages are localised). */
const CHALLENGE_CONTEXT =
  /challenge|password|passwort|kennwort|registrierungsabfrage|mot de passe|stimulation|contrase(?:ñ|n)a|senha|wachtwoord|parola d'ordine|has(?:ł|l)o|l(?:ö|o)senord|adgangskode|passord|salasana|heslo|jelsz(?:ó|o)|пароль|密码|密碼|パスワード|암호|mscep_admin/i;
/** mscep_admin shows the challenge alone in bold: `<B> 6A1F… </B>`. The CA thumbprint beside it is grouped in fours of hex pairs and stays. */
const BOLD_HEX = /(<B>\s*)([0-9A-F]{8,40})(\s*<\/B>)/gi;
/** `PfxPassword    REG_SZ    value` as reg query prints it. The name is looked ahead of, not backtracked over (`pwd.pwd.…` was quadratic). */
const REG_QUERY_SECRET = /((?:^|(?<=\s))(?=[\w.-]*?(?:password|passwd|pwd|secret))[\w.-]*\s{2,}REG_[A-Z_]+\s+)(\S.*)$/gim;
/** `"PfxPassword"=hex:41,00,...` as reg export writes binary data, possibly wrapped over lines with `\`. The name is looked ahead of. */
const REG_EXPORT_SECRET = /("(?=[^"\n]*?(?:password|passwd|pwd|secret))[^"\n]*"=)(hex(?:\([0-9a-f]+\))?:[0-9a-f,\s\\]*[0-9a-f])/gi;
const PEM_PRIVATE_KEY = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----/g;
const WINDOWS_PROFILE = /\b([A-Za-z]:\\Users\\)(?!(?:Public|Default|Default User|All Users|<user>)(?:\\|$))([^\\/:*?"<>|\s]+)/gi;
const UNIX_HOME = /(\/(?:home|Users)\/)(?!<user>(?:\/|$))([^/\s]+)/g;

export interface Redactor {
  /** `fingerprint`: the string is a certificate fingerprint, so the challenge shapes (16 hex digits) are not masked in it. */
  redact(s: string, fingerprint?: boolean): string;
  /** `redact` without the names: secrets, challenges and user paths only. */
  maskSecrets(s: string, fingerprint?: boolean): string;
  /** The host, domain and account pseudonyms this redactor uses. */
  readonly names: Pseudonyms;
  /** For a value stored under a secret-looking key, e.g. `details.password`. */
  maskWhole(): string;
  readonly masked: number;
  readonly rules: RedactionRule[];
}

/**
 * One redactor per report, so a host keeps the same pseudonym across every field. `known` is either
 * the pseudonyms of the bundle the report was made from (collect), so the report uses the tokens its
 * files use, or the server's own names, which come first so the server is host-1 in every report.
 */
export function createRedactor(opts: RedactOptions, known: readonly string[] | Pseudonyms = []): Redactor {
  let masked = 0;
  const names = known instanceof Pseudonyms ? known : new Pseudonyms({ hosts: opts.hosts, users: opts.users === true }, known);
  const namesBefore = names.counts.hosts + names.counts.users;

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
    return maskSecretPairs(s);
  };

  const maskSecretPairs = (s: string): string => {
    const parts: string[] = [];
    let at = 0;
    for (const { wordEnd, valueStart, valueEnd } of secretPairs(s)) {
      const value = s.slice(valueStart, valueEnd);
      const bareValue = value.replace(/^["']|["']$/g, '');
      const word = s.slice(Math.max(0, wordEnd - 'password'.length), wordEnd);
      if ((ENDS_SECRET.test(word) ? HARMLESS_FLAG : HARMLESS_VALUE).test(bareValue)) continue;
      count();
      const q = value.startsWith('"') ? '"' : value.startsWith("'") ? "'" : '';
      parts.push(s.slice(at, valueStart), `${q}${MASK}${q}`);
      at = valueEnd;
    }
    return parts.join('') + s.slice(at);
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

  // A fleet's report says each check's texts again for every server: each distinct text is masked once, and its masks counted each time.
  const memo = () => new Map<string, { text: string; masks: number }>();
  const done = [memo(), memo()] as const;
  const maskSecrets = (s: string, evidenceOnly = false): string => {
    const seen = done[evidenceOnly ? 1 : 0];
    const before = seen.get(s);
    if (before) {
      count(before.masks);
      return before.text;
    }
    const from = masked;
    const text = userPaths(evidenceOnly ? secrets(s) : challenges(secrets(s)));
    seen.set(s, { text, masks: masked - from });
    return text;
  };

  const rules: RedactionRule[] = REDACTION_RULES.filter((r) => (r !== 'hosts' || opts.hosts) && (r !== 'users' || opts.users));
  return {
    redact: (s, evidenceOnly) => names.apply(maskSecrets(s, evidenceOnly)),
    maskSecrets,
    names,
    maskWhole: () => (count(), MASK),
    get masked() {
      return masked + names.counts.hosts + names.counts.users - namesBefore;
    },
    rules,
  };
}

function harmlessUnder(key: string, value: string): boolean {
  return (ENDS_SECRET.test(key) ? HARMLESS_FLAG : HARMLESS_VALUE).test(value);
}

const NAMES_PENDING = '\u0000names';

/** A redacted copy of the report with its `redaction` manifest filled in; the input is not changed. */
export function redactReport(report: Report, opts: RedactOptions, names?: Pseudonyms): Report {
  const hosts = [report.environment.host, ...(report.servers ?? []).map((s) => s.host)].filter((h): h is string => typeof h === 'string' && h !== '');
  const r = createRedactor(opts, names ?? hosts);
  // A probed server has no host name in the report but its URL: `https://ndes01/…` names it too.
  for (const target of new Set(report.results.map((x) => x.target))) {
    const host = target ? URL.parse(target)?.hostname : undefined;
    if (host) r.names.learnHost(host);
  }
  const strings: string[] = [];
  const walk = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') {
      if (key !== undefined && FIXED_KEYS.has(key)) return value;
      if (key !== undefined && SECRET_KEY.test(key) && !harmlessUnder(key, value)) return r.maskWhole();
      const masked = r.maskSecrets(value, key !== undefined && FINGERPRINT_KEY.test(key));
      strings.push(masked);
      // A stand-in, replaced below once every name in the report is known.
      return { [NAMES_PENDING]: strings.length - 1 };
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
  const masked = walk(rest);
  // Names are learned from the whole report, with its secrets already masked (a password is no account name),
  // so a name seen in one field is replaced in every field.
  for (const s of new Set(strings)) r.names.learn(s);
  const named = strings.map((s) => r.names.apply(s));
  const fill = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(fill);
    if (value && typeof value === 'object') {
      const at = (value as Record<string, unknown>)[NAMES_PENDING];
      if (typeof at === 'number') return named[at];
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
    }
    return value;
  };
  const out = fill(masked) as Omit<Report, 'redaction'>;
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
