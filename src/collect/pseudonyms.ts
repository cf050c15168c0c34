/**
 * Host, domain and account names replaced by stable pseudonyms: the same name always gets the same
 * token (`host-1`, `host-1.domain-1.example`, `DOMAIN-1\user-1`, `user-1@domain-1.example`), in every
 * artifact of a bundle and in the report made from it, so a diagnosis still reads and a check of the
 * pseudonymised data comes to the same verdicts. Names are found by their shapes (DNS names, `DC=`
 * parts, `DOMAIN\account`, UPNs, `NAME$` computer accounts) and, once learned, replaced wherever they
 * stand alone too. Tokens are never replaced again, so a second pass changes nothing.
 */

import { isIP } from 'node:net';

export interface NameOptions {
  /** Host, DNS domain and NetBIOS domain names (`--redact-hosts`). */
  hosts: boolean;
  /** Account names: the user of `DOMAIN\user` and of a UPN, and where that name stands alone (`--redact-users`). */
  users: boolean;
}

const UPN = /(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]+)@((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24})(?![A-Za-z0-9-])/g;
/** Not inside a longer name; after `*.` (a wildcard certificate name) is the start of one. */
const DNS_NAME = /(?<![A-Za-z0-9-])(?<!(?:^|[^*])\.)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-]|\.[A-Za-z0-9])/g;
/** The `DC=contoso, DC=com` tail of a distinguished name; certutil writes one part a line. */
const DN_DOMAIN = /\bDC=[A-Za-z0-9-]+(?:(?:\s*,\s*|[ \t]*\r?\n[ \t]*)DC=[A-Za-z0-9-]+)*/gi;
const DN_PART = /DC=([A-Za-z0-9-]+)/gi;
/**
 * `CONTOSO\svc-ndes`: NetBIOS domain names are written in capitals, and the account follows up to a
 * space or punctuation. .reg string values double the backslash; in JSON a single one is an escape
 * (`\n`), so there only a doubled one counts.
 */
const DOWN_LEVEL = /(?<![A-Za-z0-9\\._:%$/-])([A-Z][A-Z0-9-]{1,14})(\\\\?)([A-Za-z0-9._$-]*[A-Za-z0-9_$])(?![A-Za-z0-9._$-])/g;
const DOWN_LEVEL_JSON = /(?<![A-Za-z0-9\\._:%$/-])([A-Z][A-Z0-9-]{1,14})(\\\\)([A-Za-z0-9._$-]*[A-Za-z0-9_$])(?![A-Za-z0-9._$-])/g;
const DOWN_LEVEL_ANY_CASE = new RegExp(DOWN_LEVEL.source, 'gi');
const DOWN_LEVEL_JSON_ANY_CASE = new RegExp(DOWN_LEVEL_JSON.source, 'gi');
/** Computer names where they stand alone: the computer of an event, the RA certificates NDES setup names `<HOST>-MSCEP-RA`. */
const COMPUTER_NAMES = [/<Computer>([A-Za-z0-9][A-Za-z0-9-]{1,14})(?:\.[^<]*)?<\/Computer>/g, /(?<![A-Za-z0-9-])([A-Za-z0-9][A-Za-z0-9-]{1,14})-MSCEP-RA\b/gi];
/** `"SamAccountName": "svc-ndes"` in PowerShell's JSON. */
const SAM_ACCOUNT = /"sAMAccountName"\s*:\s*"([^"\\]{1,64})"/gi;
/** Built-in authorities and registry roots that share the `NAME\rest` shape. */
const NOT_A_DOMAIN = new Set(
  ['HKLM', 'HKCU', 'HKCR', 'HKU', 'HKCC', 'AUTHORITY', 'BUILTIN', 'APPPOOL', 'SERVICE', 'NT', 'IIS', 'WINDOWS', 'SYSTEM', 'SOFTWARE', 'SYSTEM32', 'INETSRV']
    // Registry and certutil paths NDES artifacts print without a leading backslash (certutil -getreg CA\Security).
    .concat(['MSCEP', 'HTTP', 'HTTPS', 'SCHANNEL', 'CA', 'CSP', 'SCEP', 'TLS', 'SSL', 'CERTSRV', 'TEMP', 'TMP']),
);
/** Accounts every Windows server has, and the first word of well-known group names: they identify nobody. */
const WELL_KNOWN_ACCOUNTS = new Set(
  [
    'administrator', 'administrators', 'guest', 'system', 'localsystem', 'localservice', 'networkservice', 'local', 'network', 'defaultapppool',
    'iusr', 'krbtgt', 'everyone', 'users', 'iis_iusrs', 'domain', 'enterprise', 'schema', 'cert', 'authenticated', 'account', 'group', 'server',
    'backup', 'print', 'remote', 'replicator', 'interactive', 'batch', 'anonymous', 'creator', 'owner', 'this', 'trustedinstaller',
  ],
);
/** Last labels that are real or internal DNS suffixes; anything else (mscep.dll, web.config) is a file name. */
const SUFFIXES = new Set([
  'com', 'net', 'org', 'local', 'lan', 'corp', 'internal', 'intra', 'intranet', 'intern', 'ad', 'home', 'private', 'priv', 'lab', 'loc', 'localdomain',
  'test', 'gov', 'edu', 'int', 'mil', 'biz', 'info', 'cloud', 'co', 'io', 'dev', 'group', 'tech', 'online', 'systems', 'site', 'global', 'services',
]);
/**
 * Words of the product itself: a server named NDES must not turn every "NDES" of the report, the
 * check IDs (NDES-MSCEP-002) and `ndes-doctor` into its pseudonym. Its DNS name is still replaced.
 */
const PRODUCT_WORDS = new Set(['ndes', 'scep', 'mscep', 'intune', 'certsrv', 'iis', 'pki', 'adcs', 'ca', 'server', 'localhost']);
/** The default name of a bundle (`ndes-doctor-NDES01-20261120T091402Z.zip`), which names the server. */
const BUNDLE_NAME = /(?<![A-Za-z0-9-])(ndes-doctor-)([A-Za-z0-9][A-Za-z0-9-]*?)(-\d{8}T\d{6}Z)/g;
const FILE_EXTENSIONS = new Set(['md', 'js', 'ts', 'sh', 'py', 'cs', 'db', 'gz', 'ps', 'pl', 'vb', 'rs', 'go']);
/** Public service names a ticket reader needs to see as they are, and .NET names that look like DNS names. */
const PUBLIC_DOMAINS = ['asp.net', 'ado.net', 'vb.net', 'microsoft.net', 'system.net', 'microsoft.com', 'microsoftonline.com', 'windows.net', 'azure.com', 'azure.net', 'msauth.net', 'msftauth.net', 'live.com', 'office.com', 'office365.com', 'manage.microsoft.com', 'msappproxy.net', 'windowsupdate.com', 'digicert.com', 'w3.org', 'github.com', 'npmjs.com', 'example', 'example.com', 'example.org', 'example.net'];
/**
 * A customer's host under a Microsoft domain: Entra application proxy publishes an app as
 * `<app>-<tenant>.msappproxy.net`. The service's own hosts there (autoupdate.msappproxy.net) have no `-`.
 */
const TENANT_HOSTS = /^([^.]+-[^.]+)(\.msappproxy\.net)$/i;
/** What this module writes: never taken for a name again. */
const TOKEN = /^(?:host|user|domain)-\d+$/i;

/**
 * The labels of a `DC=` tail and the separator as written between its parts: AD writes `DC=a,DC=b`,
 * certificate subjects `DC=a, DC=b`, certutil a line each. Read part by part: splitting on the
 * separator pattern re-read a long run of spaces from each of its positions.
 */
function dnParts(dn: string): { labels: string[]; separator: string } {
  const parts = [...dn.matchAll(DN_PART)];
  const [first, second] = parts;
  return { labels: parts.map((p) => p[1]!), separator: first && second ? dn.slice(first.index + first[0].length, second.index) : ',' };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

export class Pseudonyms {
  /** How many values each rule replaced. */
  readonly counts = { hosts: 0, users: 0 };
  private readonly hostAlias = new Map<string, string>();
  private readonly domainAlias = new Map<string, string>();
  private readonly userAlias = new Map<string, string>();
  private readonly netbiosAlias = new Map<string, string>();
  /** Names learned as standalone words: computer names, NetBIOS domains, account names. */
  private readonly words = new Map<string, 'host' | 'netbios' | 'user'>();
  /** DNS domains seen in `DC=` parts, pseudonymised whatever their last label. */
  private readonly domains = new Set<string>();
  private wordPattern: RegExp | undefined;

  /** `hosts`: the server's own names, first, so the server is always host-1. */
  constructor(
    readonly options: NameOptions,
    hosts: readonly string[] = [],
  ) {
    for (const h of hosts) this.learnWord(h, 'host', 2);
  }

  get rules(): ('hosts' | 'users')[] {
    return (['hosts', 'users'] as const).filter((r) => this.options[r]);
  }

  /**
   * Reads names from text without changing it: a first pass over a whole bundle, so every file is
   * then treated alike. `json`: the text is JSON source, where a backslash starts an escape.
   */
  learn(text: string, json = false): void {
    for (const m of text.matchAll(DN_DOMAIN)) {
      const name = dnParts(m[0]).labels.join('.').toLowerCase();
      if (!isPublic(name) && name.includes('.')) this.domains.add(name);
    }
    for (const m of text.matchAll(json ? DOWN_LEVEL_JSON : DOWN_LEVEL)) {
      const [, domain, , account] = m;
      if (NOT_A_DOMAIN.has(domain!) || TOKEN.test(domain!)) continue;
      this.learnWord(domain!, 'netbios');
      this.learnAccount(account!);
    }
    // `contoso\svc-ndes` as whoami prints it and admins type it: in lower case only once the domain is known, as paths share the shape.
    for (const m of text.matchAll(json ? DOWN_LEVEL_JSON_ANY_CASE : DOWN_LEVEL_ANY_CASE)) {
      if (this.words.get(m[1]!.toLowerCase()) === 'netbios') this.learnAccount(m[3]!);
    }
    for (const m of text.matchAll(UPN)) if (isDnsName(m[2]!) && !isPublic(m[2]!)) this.learnAccount(m[1]!);
    for (const m of text.matchAll(SAM_ACCOUNT)) this.learnAccount(m[1]!);
    for (const pattern of COMPUTER_NAMES) for (const m of text.matchAll(pattern)) this.learnWord(m[1]!, 'host');
    for (const m of text.matchAll(BUNDLE_NAME)) this.learnWord(m[2]!, 'host', 2);
  }

  /**
   * A host the tool connected to (a `--url` target): its first label is the server's name, and the
   * rest is a DNS domain whatever its last label, as a `DC=` tail is.
   */
  learnHost(name: string): void {
    if (isIP(name.replace(/^\[|\]$/g, ''))) return;
    const labels = name.toLowerCase().split('.');
    this.learnWord(labels[0]!, 'host', 2);
    if (labels.length >= 3 && !isPublic(name)) this.domains.add(labels.slice(1).join('.'));
  }

  /** The text with every name this instance knows or recognises replaced by its token. */
  apply(text: string, json = false): string {
    const { hosts, users } = this.options;
    if (!hosts && !users) return text;
    this.learn(text, json);
    let s = text.replace(UPN, (all, user: string, dom: string) => {
      if (isPublic(dom) || !this.isDomainName(dom)) return all;
      const u = users && !TOKEN.test(user) && !WELL_KNOWN_ACCOUNTS.has(user.toLowerCase()) ? (this.counts.users++, this.alias(this.userAlias, user, 'user')) : user;
      const d = hosts ? (this.counts.hosts++, this.domain(dom)) : dom;
      return `${u}@${d}`;
    });
    if (hosts) {
      s = s.replace(DNS_NAME, (name) => {
        const tenant = TENANT_HOSTS.exec(name);
        if (tenant) return TOKEN.test(tenant[1]!) ? name : (this.counts.hosts++, `${this.host(tenant[1]!)}${tenant[2]}`);
        if (isPublic(name) || !this.isDomainName(name)) return name;
        this.counts.hosts++;
        const labels = name.split('.');
        return labels.length >= 3 ? `${this.host(labels[0]!)}.${this.domain(labels.slice(1).join('.'))}` : this.domain(name);
      });
      s = s.replace(DN_DOMAIN, (dn) => {
        const { labels, separator } = dnParts(dn);
        const name = labels.join('.');
        if (isPublic(name)) return dn;
        this.counts.hosts++;
        return this.domain(name).split('.').map((label) => `DC=${label}`).join(separator);
      });
    }
    s = s.replace(json ? DOWN_LEVEL_JSON : DOWN_LEVEL, (all, domain: string, slash: string, account: string) => {
      if (NOT_A_DOMAIN.has(domain) || TOKEN.test(domain)) return all;
      let d = domain;
      if (hosts) {
        this.counts.hosts++;
        // A local account (NDES01\Administrator) names the computer, which keeps its host token.
        d = this.words.get(domain.toLowerCase()) === 'host' ? this.host(domain) : this.alias(this.netbiosAlias, domain, 'DOMAIN');
      }
      return `${d}${slash}${this.account(account)}`;
    });
    if (hosts) {
      s = s.replace(BUNDLE_NAME, (all, prefix: string, name: string, stamp: string) => (name.toLowerCase() === 'server' ? all : (this.counts.hosts++, `${prefix}${this.host(name)}${stamp}`)));
    }
    const words = this.wordRegExp();
    if (words) {
      s = s.replace(words, (word) => {
        const kind = this.words.get(word.toLowerCase());
        if (kind === 'user') return users ? (this.counts.users++, this.alias(this.userAlias, word, 'user')) : word;
        if (!hosts) return word;
        this.counts.hosts++;
        return kind === 'host' ? this.host(word) : this.alias(this.netbiosAlias, word, 'DOMAIN');
      });
    }
    return s;
  }

  /** Each name replaced so far and its token. */
  table(): [name: string, token: string][] {
    return [this.hostAlias, this.domainAlias, this.netbiosAlias, this.userAlias].flatMap((m) => [...m]);
  }

  private account(account: string): string {
    if (account.endsWith('$')) {
      const name = account.slice(0, -1);
      return this.options.hosts && !TOKEN.test(name) ? (this.counts.hosts++, `${this.host(name)}$`) : account;
    }
    if (!this.options.users || TOKEN.test(account) || WELL_KNOWN_ACCOUNTS.has(account.toLowerCase())) return account;
    this.counts.users++;
    return this.alias(this.userAlias, account, 'user');
  }

  private learnAccount(account: string): void {
    if (account.endsWith('$')) this.learnWord(account.slice(0, -1), 'host');
    else if (this.options.users && !WELL_KNOWN_ACCOUNTS.has(account.toLowerCase())) this.learnWord(account, 'user');
  }

  private learnWord(word: string, kind: 'host' | 'netbios' | 'user', shortest = 3): void {
    const key = word.toLowerCase();
    // Two letters would match too much ordinary text, unless it is the server's own name; a token is already a pseudonym.
    if (word.length < shortest || TOKEN.test(word) || this.words.has(key) || PRODUCT_WORDS.has(key) || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(word)) return;
    if (kind === 'host') this.host(word);
    this.words.set(key, kind);
    this.wordPattern = undefined;
  }

  private wordRegExp(): RegExp | undefined {
    if (this.words.size === 0) return undefined;
    // Longest first, so svc-ndes-old is not read as svc-ndes. A name may lead a hyphenated one: NDES setup
    // names the RA certificates <HOST>-MSCEP-RA, AD CS names a CA <DOMAIN>-<HOST>-CA.
    const alternatives = [...this.words.keys()].sort((a, b) => b.length - a.length).map(escapeRe);
    this.wordPattern ??= new RegExp(`(?<![A-Za-z0-9.@-])(?:${alternatives.join('|')})(?![A-Za-z0-9]|\\.[A-Za-z0-9])`, 'gi');
    return this.wordPattern;
  }

  private isDomainName(name: string): boolean {
    const lower = name.toLowerCase();
    return isDnsName(name) || [...this.domains].some((d) => lower === d || lower.endsWith(`.${d}`));
  }

  private alias(map: Map<string, string>, key: string, prefix: string): string {
    const k = key.toLowerCase();
    if (!map.has(k)) map.set(k, `${prefix}-${map.size + 1}`);
    return map.get(k)!;
  }

  private host(h: string): string {
    return TOKEN.test(h) ? h : this.alias(this.hostAlias, h, 'host');
  }

  private domain(d: string): string {
    return this.alias(this.domainAlias, d, 'domain') + '.example';
  }
}

function isPublic(name: string): boolean {
  const n = name.toLowerCase();
  return PUBLIC_DOMAINS.some((d) => n === d || n.endsWith(`.${d}`));
}

function isDnsName(name: string): boolean {
  const last = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
  if (FILE_EXTENSIONS.has(last)) return false;
  return SUFFIXES.has(last) || last.length === 2;
}
