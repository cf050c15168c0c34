import type { Exchange, Purpose, TargetRecording } from '../../recordings/probes.js';
import { notApplicable } from '../../engine/outcome.js';
import type { Outcome } from '../../engine/types.js';
import type { EndpointFact } from '../../facts/endpoint.js';
import { describeCode } from '../../knowledge/index.js';
import { classifyScepCertificates, parsePkcs7Certificates, type ScepCertificates } from '../../parse/scep-certs.js';
import { decodeText } from '../../parse/text.js';

export const DOCS = {
  deviceToNdes: 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/troubleshoot-scep-certificate-device-to-ndes',
  configure: 'https://learn.microsoft.com/intune/intune-service/protect/certificates-scep-configure',
  scepProfile: 'https://learn.microsoft.com/intune/intune-service/protect/certificates-profile-scep',
  policyModule: 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/troubleshoot-scep-certificate-ndes-policy-module',
  appProxy: 'https://learn.microsoft.com/entra/identity/app-proxy/app-proxy-protect-ndes',
  requestLimits: 'https://learn.microsoft.com/iis/configuration/system.webServer/security/requestfiltering/requestlimits',
  tls: 'https://learn.microsoft.com/troubleshoot/entra/entra-id/ad-dmn-services/enable-support-tls-environment',
  rfc8894: 'https://www.rfc-editor.org/rfc/rfc8894',
  iosScep: 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/ios-scep-failure-no-getcacaps',
  iisStatus: 'https://learn.microsoft.com/troubleshoot/developer/webapps/iis/health-diagnostic-performance/http-status-code',
} as const;

/** Runs `fn` on the recorded target, or skips when nothing was probed. */
export function onTarget(endpoint: EndpointFact, fn: (t: TargetRecording, source: string) => Outcome): Outcome {
  if (!endpoint.recorded) return notApplicable(endpoint.reason);
  return fn(endpoint.target, endpoint.source);
}

export function exchanges(t: TargetRecording, purpose: Purpose): Exchange[] {
  return t.exchanges.filter((e) => e.purpose === purpose);
}

export function bodyOf(e: Exchange): Uint8Array {
  return e.response?.bodyBase64 ? new Uint8Array(Buffer.from(e.response.bodyBase64, 'base64')) : new Uint8Array();
}

export function bodyText(e: Exchange): string {
  return decodeText(bodyOf(e));
}

/**
 * Error codes of a failed TLS handshake or certificate verification: Node's names for OpenSSL's X509_V_ERR_* (CERT_*,
 * CRL_*, INVALID_CA, PATH_LENGTH_EXCEEDED, INVALID_PURPOSE, HOSTNAME_MISMATCH, and UNSPECIFIED, which a name-constraint
 * violation gives) and its own ERR_TLS_* / ERR_SSL_* ones.
 */
export const TLS_CODES = /CERT|CRL|SELF_SIGNED|UNABLE_TO|ALTNAME|TLS|SSL|EPROTO|HANDSHAKE|INVALID_CA|PATH_LENGTH|INVALID_PURPOSE|HOSTNAME|^UNSPECIFIED$|^ERROR_IN_/i;

/** A request that got no HTTP answer: the check cannot decide, and says what went wrong and where to look. */
export function unreachable(e: Exchange, what: string): Outcome {
  const err = e.error ?? { code: 'unknown', message: 'no response recorded' };
  const tls = TLS_CODES.test(err.code);
  const hint = tls
    ? ' The TLS checks (NDES-NET-007 to NDES-NET-011) explain the certificate problem; if the server uses a private CA, pass its certificate with --ca-file.'
    : networkHint(err.code);
  return {
    status: 'error',
    errorCode: tls ? 'E_TLS_HANDSHAKE' : 'E_NETWORK',
    message: `Could not ${what}: ${e.request.method} ${e.request.url} failed with ${err.code} (${err.message}).${hint}`,
  };
}

/**
 * A response whose body the verdict cannot read whole: stopped early on an error (reset, time limit, deadline), cut at the
 * size cap, or compressed although the probe asked for none. What arrived is the start of some answer, or bytes of a coding
 * nothing here decodes, which a regular expression or a line parser would mistake for the whole answer.
 */
export function bodyCut(e: Exchange, what: string): Outcome | undefined {
  if (!e.response) return undefined;
  const { status, bodyBytes, headers, truncated } = e.response;
  const answered = `Could not ${what}: ${e.request.method} ${e.request.url} answered HTTP ${status}`;
  const coding = headers['content-encoding']?.trim().toLowerCase();
  if (coding && coding !== 'identity') {
    return { status: 'error', errorCode: 'E_NETWORK', message: `${answered} with its body in Content-Encoding ${coding}, although ndes-doctor asked for none (Accept-Encoding: identity), so the body was not read. IIS sends none then: look for a proxy in front of NDES that compresses.` };
  }
  if (e.error) return { status: 'error', errorCode: 'E_NETWORK', message: `${answered} but its body stopped after ${bodyBytes} bytes with ${e.error.code} (${e.error.message}).` };
  if (truncated) return { status: 'error', errorCode: 'E_NETWORK', message: `${answered} with a body longer than the ${bodyBytes} bytes ndes-doctor reads, so it was not read whole: a SCEP answer is far shorter.` };
  return undefined;
}

/** Where to look when no connection was made, for the codes that say why; '' for the others. */
export function networkHint(code: string): string {
  if (code === 'ECONNREFUSED') return ' Nothing listens on that port: check the URL, the IIS https binding and firewalls.';
  if (code === 'ENOTFOUND') return ' The name does not resolve: check DNS (or the URL).';
  return '';
}

export function malformed(message: string): Outcome {
  return { status: 'error', errorCode: 'E_FACT_MALFORMED', message };
}

/** HTTP status as a knowledge-base code, plus its label when the knowledge base knows it. */
export function codesFor(...codes: string[]): { codes: string[]; details?: Record<string, unknown> } {
  const labels = Object.fromEntries(codes.map((c) => [c, describeCode(c)]).filter(([, d]) => d));
  return { codes, ...(Object.keys(labels).length > 0 && { details: { knowledge: labels } }) };
}

export type CaCertResult =
  | { ok: true; certs: ScepCertificates; contentType: string; /** Evidence source: the request that returned them. */ source: string }
  | { ok: false; outcome: Outcome };

const certificatesRead = new WeakMap<TargetRecording, Map<string, ScepCertificates | Error>>();

/**
 * A GetCACert answer's certificates, read once per target however many checks ask and however many of its
 * connections got the same bytes. Shared, so nobody may change them; an unreadable answer throws each time.
 */
export function scepCertificatesOf(t: TargetRecording, e: Exchange): ScepCertificates {
  let read = certificatesRead.get(t);
  if (!read) certificatesRead.set(t, (read = new Map()));
  const body = e.response?.bodyBase64 ?? '';
  let certs = read.get(body);
  if (certs === undefined) {
    try {
      certs = classifyScepCertificates(parsePkcs7Certificates(bodyOf(e)));
    } catch (err) {
      certs = err as Error;
    }
    read.set(body, certs);
  }
  if (certs instanceof Error) throw certs;
  return certs;
}

/** The first GetCACert answer, parsed; an unusable answer becomes the outcome to return. */
export function caCertOf(t: TargetRecording, subject: string): CaCertResult {
  const [e] = exchanges(t, 'getcacert');
  if (!e) return { ok: false, outcome: notApplicable(`GetCACert was not probed for ${t.url}.`) };
  if (!e.response) return { ok: false, outcome: unreachable(e, `read ${subject}`) };
  if (e.response.status !== 200) {
    return {
      ok: false,
      outcome: {
        status: 'error',
        errorCode: 'E_NETWORK',
        message: `Could not read ${subject}: GetCACert answered HTTP ${e.response.status} instead of the CA and RA certificates (see NDES-NET-001 for what ${e.response.status} means here).`,
      },
    };
  }
  if (e.error) {
    // The headers came but the body stopped early (time limit, reset): what arrived is not the answer.
    return {
      ok: false,
      outcome: {
        status: 'error',
        errorCode: 'E_NETWORK',
        message: `Could not read ${subject}: GetCACert from ${t.url} answered HTTP 200 but its body stopped after ${e.response.bodyBytes} bytes with ${e.error.code} (${e.error.message}).`,
      },
    };
  }
  try {
    const certs = scepCertificatesOf(t, e);
    return { ok: true, certs, contentType: e.response.headers['content-type'] ?? '', source: `GET ${e.request.url}` };
  } catch (err) {
    const cut = e.response.truncated ? ' (the body was cut at the size cap)' : '';
    return { ok: false, outcome: malformed(`GetCACert from ${t.url} returned something that is not a certificate bundle${cut}: ${(err as Error).message}.`) };
  }
}

