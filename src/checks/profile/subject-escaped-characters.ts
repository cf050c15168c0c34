import { defineCheck } from '../../engine/check.js';
import { fail, pass } from '../../engine/outcome.js';
import { DOCS, sourceOf, withField } from './common.js';

/** One relative distinguished name of a subject string, as CertStrToName splits it. */
interface Rdn {
  /** As written, separators excluded. */
  raw: string;
  key: string;
  value: string;
  quoted: boolean;
}

/** Splits at `,` `;` and `+` outside double quotes; a backslash keeps the next character in the value. */
export function splitRdns(text: string): Rdn[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && !quoted) {
      current += c + (text[i + 1] ?? '');
      i++;
    } else if (c === '"') {
      quoted = !quoted;
      current += c;
    } else if (!quoted && (c === ',' || c === ';' || c === '+')) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts.flatMap((raw) => {
    const eq = raw.indexOf('=');
    if (eq < 0) return [];
    const value = raw.slice(eq + 1).trim();
    return [{ raw, key: raw.slice(0, eq).trim(), value, quoted: value.length >= 2 && value.startsWith('"') && value.endsWith('"') }];
  });
}

const ESCAPED = /\\[+,;=]/;
const DN_VARIABLE = /\{\{OnPrem_Distinguished_Name\}\}/i;

/** The CN as Microsoft's workaround writes it: the value in double quotes, backslash escapes removed. */
function quotedCn(rdn: Rdn): string {
  return `${rdn.key}="${rdn.value.replace(/\\(.)/g, '$1').replace(/"/g, '""')}"`;
}

export default defineCheck({
  id: 'NDES-PRF-002',
  slug: 'profile-subject-escaped-characters',
  area: 'profile',
  title: 'The subject CN has no backslash-escaped + , ; = (the CSR/challenge mismatch)',
  severity: 'high',
  requires: ['profile'],
  run: ({ profile }) =>
    withField(profile, profile.subject, 'a subject name format', ({ text }) => {
      const cns = splitRdns(text).filter((r) => r.key.toUpperCase() === 'CN' && !r.quoted);
      const escaped = cns.filter((r) => ESCAPED.test(r.value));
      const dn = cns.filter((r) => DN_VARIABLE.test(r.value));
      const evidence = { expected: 'a CN without \\+ \\, \\; \\= (quote the whole value instead)', actual: text, source: sourceOf(profile, profile.subject) };
      if (escaped.length === 0 && dn.length === 0) {
        return pass(cns.length > 0 || /\bCN\s*=/i.test(text) ? `The CN in "${text}" has no backslash-escaped special characters.` : `"${text}" has no CN to examine.`, evidence);
      }
      let fixed = text;
      for (const r of [...escaped, ...dn]) fixed = fixed.replace(r.raw.trim(), quotedCn(r));
      const findings = [
        ...escaped.map((r) => `${r.raw.trim()} escapes ${[...new Set(r.value.match(/\\[+,;=]/g))].join(' ')} with a backslash: the CSR then carries a different subject than the Intune challenge, the Certificate Connector logs "Subject Name in CSR and challenge do not match", and no certificate is issued.`),
        ...dn.map((r) => `${r.raw.trim()} puts a distinguished name, which always contains commas, into an unquoted CN; Microsoft requires quotes around it.`),
      ];
      return fail(
        findings.join(' '),
        {
          text: `Put the whole CN value in double quotes instead of escaping characters, or remove the special character. For this profile: ${fixed}`,
          docs: DOCS.escaped,
        },
        { ...evidence, details: { workaround: fixed } },
      );
    }),
});
