import { decodeText } from './text.js';

/** The kinds of page an mscep_admin request can return; the password itself is never kept. */
export type AdminPageKind = 'challenge-password' | 'password-cache-full' | 'no-permission' | 'other';

/**
 * NDES writes these pages in UTF-16LE, usually without a BOM, while their meta tag claims UTF-8;
 * decodeText recognises the UTF-16 shape. The pages are localized, so they are told apart by what
 * translation leaves alone: the NDES markup (`LocID ID=locMSCertSrv`, `P ID=locPageTitle` ... `P ID=locPageDesc`)
 * and the shape of the values. A challenge page shows two bold values: the CA thumbprint in groups of
 * eight hex digits, then the challenge as one run of 8 to 40 hex digits. The cache-full page holds a
 * list of what to do; the no-permission page a single paragraph. The English sentences still count.
 */
export function classifyAdminPage(body: Uint8Array): AdminPageKind {
  const text = decodeText(body);
  const bold = [...text.matchAll(/<B>\s*([^<]{1,120}?)\s*<\/B>/gi)].map((m) => m[1]!.trim());
  const challengeAt = bold.findIndex((b) => /^[0-9A-F]{8,40}$/i.test(b));
  const thumbprintFirst = challengeAt > 0 && bold.slice(0, challengeAt).some((b) => /^[0-9A-F]{8}( [0-9A-F]{8}){3,4}$/i.test(b));
  const ndes = /<LocID\s+ID=["']?locMSCertSrv\b/i.test(text) || /\bID=["']?locPageTitle\b/i.test(text);
  if (/enrollment challenge password is/i.test(text) || (challengeAt >= 0 && (ndes || thumbprintFirst))) return 'challenge-password';
  if (/password cache is full/i.test(text)) return 'password-cache-full';
  if (/do not have sufficient permission to enroll/i.test(text)) return 'no-permission';
  // The message sits between the page's intro and its "more information" paragraph; a page cut short has no such end.
  const message = /\bID=["']?locPageTitle\b[^>]*>[\s\S]*?<\/P>([\s\S]*?)<P\s+ID=["']?locPageDesc\b/i.exec(text)?.[1];
  if (!ndes || message === undefined) return 'other';
  if (/<UL>[\s\S]*<LI>/i.test(message)) return 'password-cache-full';
  if ((message.match(/<P>/gi) ?? []).length === 1 && bold.length === 0) return 'no-permission';
  return 'other';
}

/** RFC 8894 section 3.5.2: one keyword per line, case-insensitive; NDES may omit the Content-Type. */
export function parseCaps(body: Uint8Array): string[] {
  return decodeText(body)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && l.length < 64 && /^[\w.-]+$/.test(l));
}

/** Which kind of page mscep.dll answered with, told by status, server header and body. */
export type MscepPage =
  | 'policy-module-403'
  | 'ndes-info-page'
  | 'http-sys-503'
  | 'iis-page'
  | 'http-sys-page'
  | 'other';

export function serverKind(headers: Record<string, string>): 'http-sys' | 'iis' | 'other' {
  const server = headers['server'] ?? '';
  if (/Microsoft-HTTPAPI/i.test(server)) return 'http-sys';
  if (/Microsoft-IIS/i.test(server)) return 'iis';
  return 'other';
}

/**
 * The product an nginx-style error page names in its footer (`<hr><center>nginx/1.22.1</center>`): nginx writes one for
 * each error it answers itself, and so do proxies and WAFs built on it (Azure Application Gateway's names
 * Microsoft-Azure-Application-Gateway/v2). IIS and HTTP.sys pages have none, nor does an answer such a proxy passes on
 * from NDES.
 */
export function frontErrorPage(text: string): string | undefined {
  return /<hr>\s*<center>([^<>]{1,80})<\/center>/i.exec(text)?.[1]?.trim() || undefined;
}

/**
 * IIS's own error pages, the generic ones of inetpub\custerr (in the server's language) and the detailed ones, share
 * this markup; what else answers 403 (a web server, a CDN, a WAF) writes its own. It names IIS when the Server header,
 * which IIS can be told to leave out (removeServerHeader), does not.
 */
export function isIisErrorPage(text: string): boolean {
  return /<div id="content">/i.test(text) && /class="content-container"/i.test(text);
}

const NDES_PAGE = /This URL is used by network devices to submit certificate requests|Network Device Enrollment Service allows you to obtain certificates/i;

export function isNdesInfoPage(text: string): boolean {
  return NDES_PAGE.test(text);
}

/**
 * A detailed IIS error page names its sub-status ("HTTP Error 404.15"); the remote generic one does not. Sub-statuses
 * run to three digits (403.501 and 403.502, from dynamic IP restrictions).
 */
export function iisSubStatus(status: number, text: string): string | undefined {
  const m = new RegExp(`\\b${status}\\.(\\d{1,3})\\b`).exec(text);
  return m ? `${status}.${m[1]}` : undefined;
}

/** The layer that refused an over-long request, told apart by the answer each one gives. */
export interface Refusal {
  layer: 'http-sys' | 'iis-request-filtering' | 'reverse-proxy' | 'connection' | 'unknown';
  /** HTTP status (with IIS sub-status when the page shows it), or the connection error code. */
  code: string;
  detail: string;
}

export function classifyRefusal(
  r: { status?: number; headers?: Record<string, string>; body?: Uint8Array; errorCode?: string; errorMessage?: string },
): Refusal {
  if (r.status === undefined) {
    return {
      layer: 'connection',
      code: r.errorCode ?? 'error',
      detail: `no HTTP answer (${r.errorCode ?? 'error'}${r.errorMessage ? `: ${r.errorMessage}` : ''}); a firewall, WAF or proxy that drops long requests, or HTTP.sys closing the connection`,
    };
  }
  const headers = r.headers ?? {};
  const text = r.body ? decodeText(r.body) : '';
  const server = headers['server'] ?? 'no Server header';
  const kind = serverKind(headers);
  const status = String(r.status);
  if (kind === 'http-sys' || /HTTP Error (400|414)\. The (size of the request headers|request URL) is too long/i.test(text)) {
    return { layer: 'http-sys', code: status, detail: `HTTP.sys (${server}) refused it: MaxFieldLength/MaxRequestBytes, or its URL limits` };
  }
  if (r.status === 404 && (kind === 'iis' || /404\.1[45]/.test(text))) {
    const sub = iisSubStatus(404, text);
    const what = sub === '404.14' ? 'maxUrl' : sub === '404.15' ? 'maxQueryString' : 'maxUrl or maxQueryString (404.14 or 404.15 in the IIS log)';
    return { layer: 'iis-request-filtering', code: sub ?? '404', detail: `IIS request filtering refused it: ${what}` };
  }
  if ([400, 413, 414, 431].includes(r.status)) {
    return { layer: 'reverse-proxy', code: status, detail: `a proxy or front end (${server}) refused it with ${status}` };
  }
  return { layer: 'unknown', code: status, detail: `HTTP ${status} from ${server}` };
}
