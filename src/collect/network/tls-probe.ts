import type { LookupFunction } from 'node:net';
import tls, { type DetailedPeerCertificate, type PeerCertificate, type SecureContext, type TLSSocket } from 'node:tls';
import { probeError } from './http.js';
import { TLS_VERSIONS, type TlsHandshake, type TlsRecording, type TlsVersion } from './recording.js';

export interface TlsTarget {
  host: string;
  port: number;
  contexts: TlsContexts;
  caFile?: string;
  lookup?: LookupFunction;
}

/** Secure contexts shared by every handshake of a run: building one parses every trusted root. */
export interface TlsContexts {
  /** The trust a strict client has: the system roots plus --ca-file and the server's Root store. */
  trusted: SecureContext;
  /** One per protocol version, pinned to it; TLS 1.3's trusts as `trusted` does, since its handshake can stand for the main one. */
  pinned: Record<TlsVersion, SecureContext>;
}

/**
 * `trustExtra` (PEM) is trusted beside the system roots. The `ca` option would replace the roots, and
 * passing them again as PEM parses ~140 certificates per context; a certificate added to a default
 * context joins a copy of the roots Node parsed once (nodejs/node#27079), NODE_EXTRA_CA_CERTS included.
 */
export function tlsContexts(trustExtra: readonly string[] = []): TlsContexts {
  const trusting = (context: SecureContext) => {
    for (const pem of trustExtra) context.context.addCACert(pem);
    return context;
  };
  const pinned = {} as Record<TlsVersion, SecureContext>;
  for (const version of TLS_VERSIONS) {
    const legacy = version === 'TLSv1' || version === 'TLSv1.1';
    // OpenSSL 3 refuses TLS 1.0/1.1 at its default security level; lowering it only lets us see whether the server would.
    pinned[version] = tls.createSecureContext({ ecdhCurve: KEY_EXCHANGE_GROUPS, minVersion: version, maxVersion: version, ...(legacy && { ciphers: 'DEFAULT@SECLEVEL=0' }) });
  }
  pinned[NEWEST] = trusting(pinned[NEWEST]);
  return { trusted: trusting(tls.createSecureContext({ ecdhCurve: KEY_EXCHANGE_GROUPS })), pinned };
}

/**
 * The key-exchange groups the probe offers, X25519 first. Given as a plain list, OpenSSL sends a key share for the first
 * alone; its default (OpenSSL 3.5, in Node 24 and later) adds a post-quantum X25519MLKEM768 share, whose making was most
 * of the work of starting each handshake. A server that wants another group of the list asks for it (HelloRetryRequest),
 * so no server is refused that a device would reach.
 */
export const KEY_EXCHANGE_GROUPS = 'X25519:P-256:P-384:P-521:X448:ffdhe2048:ffdhe3072:ffdhe4096:ffdhe6144:ffdhe8192';

const NEWEST = 'TLSv1.3' satisfies TlsVersion;
const isIp = (host: string) => /^[\d.]+$/.test(host) || host.includes(':');

export interface TlsProbe {
  /** Which protocol versions the server accepts, and the chain it sends, with verification recorded. */
  recording: Promise<TlsRecording>;
  /**
   * The main handshake's connection, left open when a strict client would have accepted it (chain trusted, host name
   * matching), so that a request can be sent on it instead of on a new one; whoever takes it closes it.
   */
  connection: Promise<TLSSocket | undefined>;
  /** The TLS 1.2 handshake's connection, whatever its certificate, for a request that verifies nothing; whoever takes it closes it. */
  unverifiedConnection: Promise<TLSSocket | undefined>;
}

/** Which handshakes leave their connection open for a request: the main one when a strict client accepts it, the TLS 1.2 one always. */
type Keep = 'verified' | 'any' | 'none';
const SPARE = 'TLSv1.2' satisfies TlsVersion;

export function probeTls(target: TlsTarget, timeoutMs: number, deadline?: AbortSignal): TlsProbe {
  const perVersion = TLS_VERSIONS.map((v) => handshake(target, timeoutMs, deadline, v, v === NEWEST, v === NEWEST ? 'verified' : v === SPARE ? 'any' : 'none'));
  // A client offering every version gets the newest the server accepts: when that is TLS 1.3, its pinned handshake was that one.
  const main = perVersion[TLS_VERSIONS.indexOf(NEWEST)]!.then((newest) => (newest.ok ? newest : handshake(target, timeoutMs, deadline, undefined, true, 'verified')));
  const recording = Promise.all([main, ...perVersion]).then(([m, ...all]) => {
    const versions = {} as TlsRecording['versions'];
    TLS_VERSIONS.forEach((v, i) => {
      const r = all[i]!;
      versions[v] = r.ok ? { accepted: true } : { accepted: false, error: r.error };
    });
    return m.ok ? { versions, handshake: m.handshake! } : { versions, error: m.error };
  });
  const connectionOf = (r: HandshakeResult) => (r.ok ? r.connection : undefined);
  return { recording, connection: main.then(connectionOf), unverifiedConnection: perVersion[TLS_VERSIONS.indexOf(SPARE)]!.then(connectionOf) };
}

const DEADLINE = { code: 'E_DEADLINE', message: 'the run reached its overall deadline' };

/** `handshake` is there when asked for: building it reads the whole peer chain, which the other versions' handshakes do not need. */
type HandshakeResult = { ok: true; handshake?: TlsHandshake; connection?: TLSSocket } | { ok: false; error: { code: string; message: string } };

/**
 * rejectUnauthorized is off here only so that an untrusted chain can still be recorded and analysed;
 * `authorized` and `authorizationError` carry the verdict a strict client would reach.
 */
function handshake(target: TlsTarget, timeoutMs: number, deadline: AbortSignal | undefined, version: TlsVersion | undefined, record: boolean, keep: Keep): Promise<HandshakeResult> {
  // An abort signal fires once: a handshake started after the deadline would otherwise wait out its own time limit.
  if (deadline?.aborted) return Promise.resolve({ ok: false, error: DEADLINE });
  return new Promise((resolve) => {
    let settled = false;
    let checked: { leaf: DetailedPeerCertificate; error: Error | undefined } | undefined;
    const done = (r: HandshakeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      deadline?.removeEventListener('abort', onAbort);
      if (!(r.ok && r.connection)) socket.destroy();
      resolve(r);
    };
    const socket = tls.connect({
      host: target.host,
      port: target.port,
      ...(!isIp(target.host) && { servername: target.host }),
      secureContext: version ? target.contexts.pinned[version] : target.contexts.trusted,
      ...(target.lookup && { lookup: target.lookup }),
      rejectUnauthorized: false,
      // Node reads the peer chain to check the name once the chain is trusted: what it read is kept, not read again.
      ...(record && {
        checkServerIdentity: (host: string, cert: PeerCertificate) => {
          const error = tls.checkServerIdentity(host, cert);
          checked = { leaf: cert as DetailedPeerCertificate, error };
          return error;
        },
      }),
    });
    const timer = setTimeout(() => done({ ok: false, error: { code: 'E_TIMEOUT', message: `no TLS handshake within ${timeoutMs} ms` } }), timeoutMs);
    const onAbort = () => done({ ok: false, error: DEADLINE });
    deadline?.addEventListener('abort', onAbort);
    socket.once('error', (e) => done({ ok: false, error: probeError(e) }));
    socket.once('close', () => done({ ok: false, error: { code: 'ECONNRESET', message: 'the server closed the connection during the TLS handshake' } }));
    socket.once('secureConnect', () => {
      // Node's `authorized` already holds the host-name check: a strict client would send its requests on this connection.
      const kept = keep === 'any' || (keep === 'verified' && socket.authorized);
      if (!record) return done({ ok: true, ...(kept && { connection: socket }) });
      const leaf = checked?.leaf ?? socket.getPeerCertificate(true);
      const hostnameError = checked ? checked.error : leaf.raw ? tls.checkServerIdentity(target.host, leaf as PeerCertificate) : undefined;
      done({
        ok: true,
        ...(kept && { connection: socket }),
        handshake: {
          protocol: socket.getProtocol() ?? 'unknown',
          cipher: socket.getCipher()?.name ?? 'unknown',
          peerChain: chainOf(leaf),
          authorized: socket.authorized,
          ...(socket.authorizationError && { authorizationError: String(socket.authorizationError) }),
          ...(hostnameError && { hostnameError: hostnameError.message }),
          ...(target.caFile && { extraCaFile: target.caFile }),
        },
      });
    });
  });
}

/** The peer's certificates, leaf first, as base64 DER. */
export function chainOf(leaf: DetailedPeerCertificate): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let cert: DetailedPeerCertificate | undefined = leaf;
  while (cert?.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    out.push(cert.raw.toString('base64'));
    cert = cert.issuerCertificate;
  }
  return out;
}
