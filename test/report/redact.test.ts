import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FORMATS, RENDERERS } from '../../src/report/index.js';
import type { Report } from '../../src/report/model.js';
import { createRedactor, redactReport } from '../../src/report/redact.js';
import { randomTexts } from '../helpers/random-text.js';

const fixture = (): Report => JSON.parse(readFileSync('test/fixtures/report/secrets-report.json', 'utf8'));
const known: { secrets: string[]; hosts: string[]; kept: string[] } = JSON.parse(readFileSync('test/fixtures/report/secrets-known.json', 'utf8'));

/** Every key path of a JSON value, so shape can be compared without values. */
function shape(v: unknown, path = '$'): string[] {
  if (Array.isArray(v)) return [path, ...v.flatMap((x, i) => shape(x, `${path}[${i}]`))];
  if (v && typeof v === 'object') return [path, ...Object.entries(v).flatMap(([k, x]) => shape(x, `${path}.${k}`))];
  return [`${path}:${typeof v}`];
}

describe('redactReport on a report with known secrets', () => {
  const input = fixture();
  const out = redactReport(input, { hosts: false });
  const json = JSON.stringify(out);

  it('leaves no known secret in any format', () => {
    // Each secret is really in the unredacted report, so its absence below means something.
    const plain = JSON.stringify(input);
    for (const secret of known.secrets) expect(plain, secret).toContain(secret);
    for (const format of FORMATS) {
      const text = RENDERERS[format](out, { color: false, verbose: true });
      for (const secret of known.secrets) expect(text.includes(secret), `${format} still has ${secret}`).toBe(false);
    }
  });

  it('keeps keys, shape and the values a diagnosis needs', () => {
    expect(shape(out)).toEqual(shape({ ...input, redaction: out.redaction }));
    for (const k of known.kept) expect(json.includes(JSON.stringify(k).slice(1, -1)), `lost ${k}`).toBe(true);
    expect(out.results.map((r) => [r.id, r.status, r.severity])).toEqual(input.results.map((r) => [r.id, r.status, r.severity]));
  });

  it('masks values in place and says so in the manifest', () => {
    expect(out.results[0]!.evidence!.source).toBe('https://svc-ndes:***@ndes.contoso.com/certsrv/mscep_admin/');
    expect(out.results[0]!.evidence!.details!.password).toBe('***');
    expect(out.results[0]!.evidence!.details!.page).toContain('The enrollment challenge password is: <B> *** </B>');
    expect(out.results[1]!.evidence!.actual).toBe('pwd: ***; ChallengePassword=***');
    expect(out.environment.bundle).toBe('C:\\Users\\<user>\\Desktop\\ndes-bundle.zip');
    expect(out.runWarnings[0]).toBe('Profile C:\\Users\\<user>\\AppData could not be read; C:\\Users\\Public\\Documents was used.');
    // 8CE… twice (actual, page), S3cr3t twice (source, argv), P@ss twice (details, message), hunter2, Zx9, the base64 blob, jdoe four times: 13.
    expect(out.redaction).toEqual({ applied: true, rules: ['secret', 'url-credentials', 'scep-challenge', 'user-path'], masked: 13 });
  });

  it('leaves host names alone unless asked', () => {
    for (const h of known.hosts) expect(json).toContain(h);
  });

  it('counts a text said again (each server of a fleet) as often as it is said, masked the same each time', () => {
    const twice = { ...input, results: [...input.results, ...input.results.map((r) => ({ ...r, target: 'https://ndes2.contoso.com' }))] };
    const both = redactReport(twice, { hosts: false });
    expect(both.results.slice(input.results.length).map(({ target: _, ...r }) => r)).toEqual(out.results);
    const inResults = (r: Report) => redactReport(r, { hosts: false }).redaction.masked - redactReport({ ...r, results: [] }, { hosts: false }).redaction.masked;
    expect(inResults(input)).toBeGreaterThan(0);
    expect(inResults(twice)).toBe(2 * inResults(input));
  });

  it('does not change its input, and a second pass masks nothing more', () => {
    expect(input).toEqual(fixture());
    const again = redactReport(out, { hosts: false });
    expect(again.results).toEqual(out.results);
    expect(again.redaction.masked).toBe(13);
  });
});

describe('--redact-hosts and --redact-users pseudonymisation', () => {
  const out = redactReport(fixture(), { hosts: true, users: true });
  const json = JSON.stringify(out);

  it('removes host, domain and UPN names but keeps Microsoft links and file names', () => {
    for (const h of [...known.hosts, ...known.secrets]) expect(json.toLowerCase().includes(h.toLowerCase()), h).toBe(false);
    expect(json).toContain('https://learn.microsoft.com/intune/intune-service/protect/certificates-scep-configure');
    expect(json).toContain('mscep.reg');
    expect(json).toContain('system.webServer');
    expect(out.redaction.rules).toContain('hosts');
  });

  it('gives the same input the same pseudonym everywhere', () => {
    expect(out.environment.host).toBe('host-1');
    expect(out.results[0]!.message).toBe('GET /certsrv/mscep_admin/ on host-1.domain-2.example returned a challenge page to an anonymous caller.');
    expect(out.results[0]!.evidence!.details!.requestedBy).toBe('user-1@domain-2.example');
    // The account of the UPN is the account in the URL too.
    expect(out.results[0]!.evidence!.source).toBe('https://user-1:***@host-2.domain-1.example/certsrv/mscep_admin/');
    expect(out.run.argv[4]).toBe('https://user-1:***@host-2.domain-1.example/certsrv/mscep/mscep.dll');
  });

  it('replaces account names only with --redact-users, host names only with --redact-hosts', () => {
    const hostsOnly = redactReport(fixture(), { hosts: true });
    expect(hostsOnly.results[0]!.evidence!.details!.requestedBy).toBe('svc-ndes@domain-2.example');
    expect(hostsOnly.results[0]!.evidence!.source).toBe('https://svc-ndes:***@host-2.domain-1.example/certsrv/mscep_admin/');
    expect(hostsOnly.redaction.rules).toEqual(['secret', 'url-credentials', 'scep-challenge', 'user-path', 'hosts']);
    const usersOnly = redactReport(fixture(), { hosts: false, users: true });
    expect(usersOnly.results[0]!.evidence!.details!.requestedBy).toBe('user-1@contoso.local');
    expect(usersOnly.results[0]!.message).toContain('NDES02.contoso.local');
    expect(usersOnly.redaction.rules).toEqual(['secret', 'url-credentials', 'scep-challenge', 'user-path', 'users']);
  });

  it('replaces the short name of a probed server, learned from its URL, and the server in the bundle file name', () => {
    const report = fixture();
    report.environment.bundle = 'C:\\Temp\\ndes-doctor-NDES09-20261120T091402Z.zip';
    report.results[1] = { ...report.results[1]!, target: 'https://ndes03/certsrv/mscep/mscep.dll', message: 'No TLS handshake with ndes03:443.' };
    const named = redactReport(report, { hosts: true });
    expect(named.results[1]!.message).toMatch(/^No TLS handshake with host-\d+:443\.$/);
    expect(named.results[1]!.target).toMatch(/^https:\/\/host-\d+\/certsrv\/mscep\/mscep\.dll$/);
    expect(named.environment.bundle).toMatch(/^C:\\Temp\\ndes-doctor-host-\d+-20261120T091402Z\.zip$/);
    expect(JSON.stringify(named)).not.toMatch(/ndes03|NDES09/i);
  });

  it('changes nothing more on a second pass', () => {
    const again = redactReport(out, { hosts: true, users: true });
    expect(again.results).toEqual(out.results);
    expect(again.environment).toEqual(out.environment);
  });
});

describe('createRedactor rules', () => {
  const redact = (s: string, hosts = false) => createRedactor({ hosts }).redact(s);

  it('masks key/value secrets in common spellings', () => {
    expect(redact('password=abc123xyz;user=x')).toBe('password=***;user=x');
    expect(redact('Pwd: s3cret')).toBe('Pwd: ***');
    expect(redact('"challengePassword": "q1w2e3r4"')).toBe('"challengePassword": "***"');
    expect(redact("client_secret='abc def'")).toBe("client_secret='***'");
    expect(redact('https://x/?challenge=AbC123&user=me')).toBe('https://x/?challenge=***&user=me');
  });

  it('does not mask settings, prose or placeholders', () => {
    for (const s of ['PasswordMax = 5', 'PasswordValidity=0x3c', 'EnforcePassword: true', 'Could not read challenge: access denied', 'password=<your password>', 'password=***']) {
      expect(redact(s)).toBe(s);
    }
  });

  it('masks NDES hex challenges by context, and a value that is nothing but one', () => {
    expect(redact('challenge password is: <B> 8CE317021F690069 </B>')).toBe('challenge password is: <B> *** </B>');
    expect(redact('8ce317021f690069')).toBe('***');
    // Without context, 16 hex digits may be a serial number: kept.
    expect(redact('serial 8CE317021F690069')).toBe('serial 8CE317021F690069');
    // A thumbprint is longer than a challenge.
    const thumb = 'challenge signer 3F2A6C0E9B8D7A6F5E4D3C2B1A0F9E8D7C6B5A49';
    expect(redact(thumb)).toBe(thumb);
    // Right after an escape of JSON text (a line break, PowerShell's \u003cB\u003e), but not inside a word.
    expect(redact('challenge password is:\\n8CE317021F690069')).toBe('challenge password is:\\n***');
    expect(redact('password is: \\u003cB\\u003e8CE317021F690069\\u003c/B\\u003e')).toBe('password is: \\u003cB\\u003e***\\u003c/B\\u003e');
    expect(redact('challenge x8CE317021F690069 \\q8CE317021F690069')).toBe('challenge x8CE317021F690069 \\q8CE317021F690069');
  });

  it('masks profile names in Windows and Unix paths', () => {
    expect(redact('C:\\Users\\Alice\\x and c:\\users\\bob')).toBe('C:\\Users\\<user>\\x and c:\\users\\<user>');
    expect(redact('/home/alice/bundle.zip and /Users/bob/x')).toBe('/home/<user>/bundle.zip and /Users/<user>/x');
    expect(redact('C:\\Users\\Default\\NTUSER.DAT')).toBe('C:\\Users\\Default\\NTUSER.DAT');
  });

  it('leaves file names and versions alone when pseudonymising hosts', () => {
    const s = 'mscep.dll web.config HTTP.sys applicationHost.config 10.0.20348 v20.19.0 docs/checks/NDES-HSYS-001.md';
    expect(redact(s, true)).toBe(s);
    expect(redact('Allow Read CONTOSO\\svc-ndes, CONTOSO\\Domain Admins, NT AUTHORITY\\Authenticated Users, IIS APPPOOL\\SCEP, HKLM\\SYSTEM\\X', true)).toBe(
      'Allow Read DOMAIN-1\\svc-ndes, DOMAIN-1\\Domain Admins, NT AUTHORITY\\Authenticated Users, IIS APPPOOL\\SCEP, HKLM\\SYSTEM\\X',
    );
    expect(redact('CN=Contoso Issuing CA 01, DC=corp, DC=contoso, DC=com on ndes.corp.contoso.com', true)).toBe(
      'CN=Contoso Issuing CA 01, DC=domain-1, DC=example on host-1.domain-1.example',
    );
    expect(redact('ndes.corp.contoso.com contoso.com ndes.corp.contoso.com', true)).toBe('host-1.domain-1.example domain-2.example host-1.domain-1.example');
  });
});

describe('the linear-time secret patterns', () => {
  // The former expressions, quadratic or worse on hostile text (`a.a.…`, `pwd.pwd.…`), kept as the oracle.
  const FORMER_URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/:@]+):([^\s/@]+)@/gi;
  const FORMER_REG_QUERY = /((?:^|(?<=\s))[\w.-]*(?:password|passwd|pwd|secret)[\w.-]*\s{2,}REG_[A-Z_]+\s+)(\S.*)$/gim;
  const FORMER_REG_EXPORT = /("[^"\n]*(?:password|passwd|pwd|secret)[^"\n]*"=)(hex(?:\([0-9a-f]+\))?:[0-9a-f,\s\\]*[0-9a-f])/gi;
  const FORMER_PAIR =
    /\b([A-Za-z_.-]*(?:password|passwd|pwd|secret)[A-Za-z0-9_.-]*"?\s*[:=]\s*|[A-Za-z_.-]*challenge[A-Za-z0-9_.-]*"?\s*=\s*)("[^"]*"|'[^']*'|[^\s;,&"'<>]+)/gi;
  const FORMER_ENDS_SECRET = /(?:password|passwd|pwd|secret)"?\s*[:=]?\s*$/i;
  const HARMLESS_VALUE = /^(?:\d{1,10}|0x[0-9a-f]{1,8}|true|false|yes|no|on|off|enabled|disabled|none|null|REG_[A-Z_]+|\*+|<[^>]*>)$/i;
  const HARMLESS_FLAG = /^(?:[01]|0x0*[01]|true|false|yes|no|on|off|enabled|disabled|none|null|REG_[A-Z_]+|\*+|<[^>]*>)$/i;

  const former = (s: string): { text: string; masked: number } => {
    let masked = 0;
    s = s.replace(FORMER_URL_CREDENTIALS, (all, scheme: string, user: string, pass: string) => (pass === '***' ? all : (masked++, `${scheme}${user}:***@`)));
    s = s.replace(FORMER_REG_EXPORT, (_all, key: string) => (masked++, `${key}***`));
    s = s.replace(FORMER_REG_QUERY, (_all, key: string) => (masked++, `${key}***`));
    s = s.replace(FORMER_PAIR, (all, key: string, value: string) => {
      const bare = value.replace(/^["']|["']$/g, '');
      if ((FORMER_ENDS_SECRET.test(key) ? HARMLESS_FLAG : HARMLESS_VALUE).test(bare)) return all;
      masked++;
      const q = value.startsWith('"') ? '"' : value.startsWith("'") ? "'" : '';
      return `${key}${q}***${q}`;
    });
    return { text: s, masked };
  };

  it('mask what the former expressions masked, on 40,000 random texts', () => {
    const tokens = ['password', 'Pwd', 'secret', 'challenge', 'a', 'Z', '_', '1', '0x1', 'true', '.', '-', '+', '"', "'", ':', '=', '  ', ' ', '\n', '\r\n', ';', '@', '/', '://', 'http', 'u', 'REG_SZ', 'REG_', 'hex:', '41,', '00', '\\', '<x>', '***', '"Pfx', 'Password"=hex:', 'Pwd"='];
    const texts = randomTexts(tokens, 40_000);
    const changed = texts.filter((s) => former(s).text !== s).length;
    expect(changed).toBeGreaterThan(4_000);
    expect(changed).toBeLessThan(36_000);
    for (const s of texts) {
      const r = createRedactor({ hosts: false });
      expect({ text: r.maskSecrets(s, true), masked: r.masked }, JSON.stringify(s)).toEqual(former(s));
    }
  });

  it('reads a key that ends in a secret word and a separator as a password name: a number there is a password', () => {
    const report = fixture();
    report.results[0]!.evidence!.details = { 'PfxPassword:': 12345678, 'EnforcePassword =': '1', 'PasswordMax:': 5 };
    expect(redactReport(report, { hosts: false }).results[0]!.evidence!.details).toEqual({ 'PfxPassword:': '***', 'EnforcePassword =': '1', 'PasswordMax:': 5 });
  });
});
