/**
 * Parser for the collector's `certutil -verify -urlfetch` runs: one section per certificate,
 * each opened by a marker line the collector prints (`==== ndes-doctor verify <role> <sha1>`)
 * and closed by `==== ndes-doctor exit <code>`, holding certutil's console output in between.
 *
 * certutil translates its sentences and labels ("Verified", "已验证", "Error retrieving URL"),
 * but not the chain trust flags (`CERT_TRUST_IS_OFFLINE_REVOCATION (0x1000000)`), the HRESULTs
 * with their symbolic names (`0x80092013 (-2146885613 CRYPT_E_REVOCATION_OFFLINE)`), the
 * `CDP`/`AIA`/`OCSP` in its section rules, or URLs. Only those are read.
 */
import { ParseError } from './errors.js';

export type VerifyRole = 'ra' | 'server-auth' | 'ca';

export interface FailedUrl {
  /** `CDP`, `AIA` or `OCSP`: the section rule the URL was listed under. */
  kind: string;
  url: string;
  /** `0x80072ee7`, with its symbolic name when certutil printed one. */
  error: string;
}

export interface CertVerification {
  role: VerifyRole;
  thumbprint: string;
  /** certutil's exit code; undefined when the section has no closing marker (cut short). */
  exitCode?: number;
  /** `CERT_TRUST_*` error flags of the whole chain (ChainContext.dwErrorStatus). */
  chainErrors: string[];
  /** `CERT_TRUST_*` error flags found on any chain element. */
  elementErrors: string[];
  /** Symbolic names of the HRESULTs certutil reported (`CRYPT_E_REVOCATION_OFFLINE`, `CERT_E_EXPIRED`). */
  hresults: string[];
  /** Whether certutil built a chain at all (printed a CERT_CHAIN_CONTEXT). */
  chainBuilt: boolean;
  failedUrls: FailedUrl[];
  /** First line that names an HRESULT, for messages when no chain was built. */
  firstError?: string;
}

export class CertutilVerifyParseError extends ParseError {
  override name = 'CertutilVerifyParseError';
}

const OPEN = /^==== ndes-doctor verify (ra|server-auth|ca) ([0-9A-Fa-f]{40})\s*$/;
const CLOSE = /^==== ndes-doctor exit (-?\d+)\s*$/;
const ERROR_STATUS = /^\s*(ChainContext|SimpleChain|Element)\.dwErrorStatus\s*=\s*(CERT_TRUST_[A-Z_]+)/;
/** `0x80092013 (-2146885613 CRYPT_E_REVOCATION_OFFLINE)`, `0x80072ee7 (WinHttp: 12007 ERROR_WINHTTP_NAME_NOT_RESOLVED)`, `0x80072ee7 (WIN32: 12007)`. */
const HRESULT = /\b(0x8[0-9a-f]{7})\s*\((?:-?\d+|WIN32:\s*\d+|WinHttp:\s*\d+)(?:\s+([A-Z][A-Z0-9_]+))?\)/i;
const URL = /^\s*(?:\[[\d.]+\]\s*)?((?:https?|ldap|file):\/\/\S+)/i;

export function parseCertutilVerify(text: string): CertVerification[] {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const sections: CertVerification[] = [];
  let current: { v: CertVerification; body: string[] } | undefined;
  const finish = () => {
    if (current) sections.push(readBody(current.v, current.body));
    current = undefined;
  };
  for (const line of lines) {
    const open = OPEN.exec(line);
    if (open) {
      finish();
      current = {
        v: { role: open[1] as VerifyRole, thumbprint: open[2]!.toUpperCase(), chainErrors: [], elementErrors: [], hresults: [], chainBuilt: false, failedUrls: [] },
        body: [],
      };
      continue;
    }
    const close = CLOSE.exec(line);
    if (close && current) {
      current.v.exitCode = Number(close[1]);
      finish();
      continue;
    }
    current?.body.push(line);
  }
  finish();
  if (sections.length === 0) {
    const said = lines.map((l) => l.trim()).filter(Boolean).join(' ').slice(0, 160);
    throw new CertutilVerifyParseError(said ? `no certificate was verified; the collector printed: "${said}"` : 'no certificate was verified (empty output)');
  }
  return sections;
}

function readBody(v: CertVerification, body: string[]): CertVerification {
  let ruleKind: string | undefined;
  let pendingError: string | undefined;
  const add = (list: string[], item: string) => {
    if (!list.includes(item)) list.push(item);
  };
  for (const line of body) {
    if (/CERT_CHAIN_CONTEXT/.test(line)) v.chainBuilt = true;
    const status = ERROR_STATUS.exec(line);
    if (status) add(status[1] === 'Element' ? v.elementErrors : v.chainErrors, status[2]!);
    const rule = ruleTitle(line);
    if (rule !== undefined) {
      ruleKind = /\b(CDP|AIA|OCSP)\b/.exec(rule)?.[1];
      pendingError = undefined;
      continue;
    }
    const hr = HRESULT.exec(line);
    if (hr) {
      const code = hr[1]!.toLowerCase();
      if (hr[2]) add(v.hresults, hr[2]);
      v.firstError ??= line.trim();
      pendingError = hr[2] ? `${code} ${hr[2]}` : code;
      continue;
    }
    const url = URL.exec(line);
    if (url && ruleKind && pendingError && !/^\s*\[/.test(line)) {
      v.failedUrls.push({ kind: ruleKind, url: url[1]!, error: pendingError });
    }
    if (url || line.trim() === '') pendingError = undefined;
  }
  return v;
}

/**
 * The title of a `  ---------------- Certificate AIA ----------------` rule line: eight or more dashes, a blank, the
 * title, a blank, eight or more dashes. Counted, not matched: a regex for it took cubic time on a long line.
 */
export function ruleTitle(line: string): string | undefined {
  const t = line.trim();
  let lead = 0;
  while (t.charCodeAt(lead) === 45) lead++;
  let trail = 0;
  while (trail < t.length - lead && t.charCodeAt(t.length - 1 - trail) === 45) trail++;
  const inner = t.slice(lead, t.length - trail);
  if (lead < 8 || trail < 8 || inner.length < 2 || !/^\s/.test(inner) || !/\s$/.test(inner)) return undefined;
  return inner.trim();
}
