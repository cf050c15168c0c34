/**
 * Verdicts from `certutil -verify -urlfetch` runs, keyed on the trust flags and HRESULT names
 * certutil prints untranslated.
 */
import type { Evidence, Outcome, Remediation } from '../../engine/types.js';
import { fail, pass, warn } from '../../engine/outcome.js';
import type { CertVerification } from '../../parse/certutil-verify.js';

export const REVOCATION_DOCS = 'https://learn.microsoft.com/windows-server/administration/windows-commands/certutil#-verify';

/** Each problem class and the tokens that show it, first match wins per token. */
const PROBLEMS = [
  { key: 'revoked', text: 'revoked', tokens: ['CERT_TRUST_IS_REVOKED', 'CRYPT_E_REVOKED'] },
  {
    key: 'revocation-offline',
    text: 'revocation could not be checked: a CRL or OCSP responder is unreachable or its CRL has expired',
    tokens: ['CERT_TRUST_IS_OFFLINE_REVOCATION', 'CERT_TRUST_REVOCATION_STATUS_UNKNOWN', 'CRYPT_E_REVOCATION_OFFLINE', 'CRYPT_E_NO_REVOCATION_CHECK'],
  },
  { key: 'time', text: 'a certificate in the chain is expired or not yet valid', tokens: ['CERT_TRUST_IS_NOT_TIME_VALID', 'CERT_E_EXPIRED'] },
  { key: 'untrusted', text: 'the chain does not end in a trusted root', tokens: ['CERT_TRUST_IS_UNTRUSTED_ROOT', 'CERT_TRUST_IS_PARTIAL_CHAIN', 'CERT_E_UNTRUSTEDROOT', 'CERT_E_CHAINING'] },
  { key: 'signature', text: 'a signature in the chain does not verify', tokens: ['CERT_TRUST_IS_NOT_SIGNATURE_VALID', 'TRUST_E_CERT_SIGNATURE'] },
] as const;

export interface Judgement {
  level: 'pass' | 'warn' | 'fail' | 'error';
  thumbprint: string;
  /** Human text per problem found. */
  problems: string[];
  /** The untranslated tokens the verdict rests on. */
  tokens: string[];
}

export function judgeVerification(v: CertVerification): Judgement {
  const base = { thumbprint: v.thumbprint };
  if (v.exitCode === undefined) return { ...base, level: 'error', problems: ['the certutil output was cut short (no exit code line)'], tokens: [] };
  if (!v.chainBuilt) return { ...base, level: 'error', problems: [`certutil built no chain: ${v.firstError ?? `exit code ${v.exitCode}`}`], tokens: [] };
  const seen = [...new Set([...v.chainErrors, ...v.elementErrors, ...v.hresults])];
  const problems = PROBLEMS.filter((p) => p.tokens.some((t) => seen.includes(t))).map((p) => p.text);
  if (problems.length) return { ...base, level: 'fail', problems: withUrls(problems, v), tokens: seen };
  // No token of a known class was seen, so every chain error left is one without a class.
  if (v.chainErrors.length) return { ...base, level: 'warn', problems: [`certutil reported ${v.chainErrors.join(', ')}`], tokens: seen };
  return { ...base, level: 'pass', problems: [], tokens: seen };
}

function withUrls(problems: string[], v: CertVerification): string[] {
  if (v.failedUrls.length === 0) return problems;
  return [...problems, `unreachable: ${v.failedUrls.map((u) => `${u.url} (${u.kind}, ${u.error})`).join(', ')}`];
}

/** One outcome for the certificates of one role. */
export function verificationOutcome(what: string, runs: readonly CertVerification[], remediation: Remediation, evidence: Omit<Evidence, 'actual'>): Outcome {
  const judged = runs.map(judgeVerification);
  const line = (j: Judgement) => `${j.thumbprint}: ${j.level === 'pass' ? 'chain and revocation OK' : j.problems.join('; ')}`;
  const ev = { ...evidence, actual: judged.map(line).join(' | '), details: { tokens: Object.fromEntries(judged.map((j) => [j.thumbprint, j.tokens])) } };
  const errored = judged.find((j) => j.level === 'error');
  if (errored) return { status: 'error', errorCode: 'E_FACT_MALFORMED', message: `${what} ${errored.thumbprint}: ${errored.problems.join('; ')}` };
  const failed = judged.filter((j) => j.level === 'fail');
  if (failed.length) return fail(`${what}: ${failed.map(line).join(' | ')}.`, remediation, ev);
  const warned = judged.filter((j) => j.level === 'warn');
  if (warned.length) return warn(`${what}: ${warned.map(line).join(' | ')}.`, remediation, ev, 'low');
  return pass(`${what}: chain built to a trusted root, every CRL/OCSP reachable, nothing revoked (${judged.map((j) => j.thumbprint).join(', ')}).`, ev);
}

export const REVOCATION_FIX =
  'Make every CDP and AIA URL in the chain reachable from this server (as SYSTEM and as the pool account; check proxy and firewall), ' +
  'publish a fresh CRL on the CA when one has expired (certutil -crl on the CA), and replace any revoked or expired certificate. ' +
  'Re-run the verification to confirm.';
