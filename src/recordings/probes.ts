/**
 * The probe-recording format: what network/probes.json holds. The network collector writes it and
 * parse, facts and checks read it, so it lives below all of them and imports nothing.
 */

/** Where NDES serves SCEP unless the URL says otherwise. */
export const MSCEP_PATH = '/certsrv/mscep/mscep.dll';

/** Bundle file holding every probed target; docs/bundle.md describes its shape. */
export const PROBES_FILE = 'network/probes.json';
export const PROBES_FORMAT = 'ndes-doctor-probes';
export const PROBES_VERSION = 1;

export const TLS_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export type TlsVersion = (typeof TLS_VERSIONS)[number];

export const PURPOSES = ['mscep', 'getcacaps', 'getcacert', 'long-url', 'mscep-admin', 'pkioperation'] as const;
export type Purpose = (typeof PURPOSES)[number];

export interface ProbeError {
  /** Node/undici/OpenSSL code, e.g. ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT, CERT_HAS_EXPIRED, E_TIMEOUT. */
  code: string;
  message: string;
}

/** Whether a value read from a recording is a ProbeError: its code and message as text. */
export function isProbeError(x: unknown): x is ProbeError {
  const e = x as Partial<ProbeError> | null;
  return typeof e === 'object' && e !== null && typeof e.code === 'string' && typeof e.message === 'string';
}

/** Errors that mean the peer dropped the request (an answer of sorts), not that time ran out. */
const DROPPED = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

export function droppedConnection(error: ProbeError | undefined): boolean {
  return error !== undefined && DROPPED.has(error.code);
}

/**
 * What one long-URL try says of the path. NDES answers GetCACaps the same whatever the padding, so only the short
 * GetCACaps request's own answer (`baseline`) is an acceptance; another 200 page is something in front answering in
 * NDES's place. A timeout, or a 200 whose body stopped early, decides nothing; any other answer, or a dropped
 * connection, is a refusal.
 */
export function longUrlAnswer(e: Exchange, baseline: RecordedResponse | undefined): 'accepted' | 'refused' | 'undecided' {
  const r = e.response;
  if (!r) return droppedConnection(e.error) ? 'refused' : 'undecided';
  if (r.status !== 200) return 'refused';
  if (e.error) return 'undecided';
  const same = baseline?.status !== 200 || (r.bodyBase64 === baseline.bodyBase64 && !r.truncated);
  return same ? 'accepted' : 'refused';
}

export interface RecordedResponse {
  status: number;
  headers: Record<string, string>;
  /** Base64 of at most the body cap; absent when the body is deliberately not kept (mscep_admin). */
  bodyBase64?: string;
  /** Bytes read (at most the cap). */
  bodyBytes: number;
  /** The body was longer than the cap and reading stopped there. */
  truncated: boolean;
  /** mscep_admin only: what the page was, so the password itself never needs to be stored. */
  adminPage?: AdminPageKind;
}

export type AdminPageKind = 'challenge-password' | 'password-cache-full' | 'no-permission' | 'other';

export interface Exchange {
  purpose: Purpose;
  request: {
    method: 'GET' | 'POST';
    /** The URL as sent, except a long-URL padding, written as `<padding:N bytes>`. */
    url: string;
    /** Long-URL probes: length in bytes of the request target (path and query) that was sent. */
    requestTargetBytes?: number;
    /** false when the server's TLS certificate was deliberately not verified (mscep_admin: an attacker does not verify it). */
    certificateVerified?: false;
  };
  response?: RecordedResponse;
  error?: ProbeError;
  timing: { headersMs?: number; totalMs: number };
}

export interface TlsHandshake {
  protocol: string;
  cipher: string;
  /** Peer certificates as sent, leaf first, base64 DER. */
  peerChain: string[];
  /** Chain and name verified against the system roots plus --ca-file, exactly as a strict client would. */
  authorized: boolean;
  authorizationError?: string;
  /** The leaf checked against the target host name on its own, so a name mismatch is told apart from trust. */
  hostnameError?: string;
  /** Whether extra trust anchors (--ca-file) were added to the system roots. */
  extraCaFile?: string;
}

export interface TlsRecording {
  versions: Record<TlsVersion, { accepted: boolean; error?: ProbeError }>;
  handshake?: TlsHandshake;
  error?: ProbeError;
}

export interface TargetRecording {
  /** The target as the user wrote it. */
  input: string;
  /** The mscep.dll URL probed. */
  url: string;
  host: string;
  port: number;
  startedAt: string;
  durationMs: number;
  exchanges: Exchange[];
  /** Absent for http:// targets. */
  tls?: TlsRecording;
  /** Why a probe did not run (e.g. long-URL search skipped because GetCACaps failed). */
  notes: string[];
}

export interface ProbeFile {
  format: typeof PROBES_FORMAT;
  version: number;
  targets: TargetRecording[];
}

export function encodeProbeFile(targets: TargetRecording[]): Uint8Array {
  const file: ProbeFile = { format: PROBES_FORMAT, version: PROBES_VERSION, targets };
  return new TextEncoder().encode(JSON.stringify(file, null, 2) + '\n');
}
