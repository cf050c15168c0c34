import type { ProbeError, TargetRecording, TlsHandshake } from '../../recordings/probes.js';
import { cmd, powershell } from '../../engine/outcome.js';
import type { Outcome } from '../../engine/types.js';
import type { EndpointFact } from '../../facts/endpoint.js';
import { describeCertificate, type CertInfo } from '../../parse/x509.js';
import { malformed, onTarget } from './common.js';

export interface TlsView {
  target: TargetRecording;
  handshake: TlsHandshake;
  leaf: CertInfo;
  chain: CertInfo[];
  source: string;
}

/** Runs `fn` when the target was reached over TLS and its certificate recorded; otherwise says why not. */
export function onTls(endpoint: EndpointFact, fn: (v: TlsView) => Outcome): Outcome {
  return onTarget(endpoint, (t) => {
    if (!t.url.startsWith('https:')) return { status: 'skip', skipReason: 'not-applicable', message: `${t.url} is plain HTTP: there is no TLS to check.` };
    if (!t.tls) return { status: 'skip', skipReason: 'not-applicable', message: `TLS was not probed for ${t.url}.` };
    const h = t.tls.handshake;
    if (!h) {
      return {
        status: 'skip',
        skipReason: 'prerequisite',
        message: `No TLS handshake with ${t.host}:${t.port} (${t.tls.error?.code ?? 'error'}: ${t.tls.error?.message ?? 'no detail'}); NDES-NET-007 reports it.`,
      };
    }
    if (h.peerChain.length === 0) return malformed(`The TLS recording for ${t.url} holds no server certificate.`);
    let chain: CertInfo[];
    try {
      chain = h.peerChain.map((b64) => describeCertificate(new Uint8Array(Buffer.from(b64, 'base64'))));
    } catch (e) {
      return malformed(`The server certificate recorded for ${t.url} cannot be read: ${(e as Error).message}.`);
    }
    return fn({ target: t, handshake: h, leaf: chain[0]!, chain, source: `TLS handshake with ${t.host}:${t.port}` });
  });
}

export const IIS_BINDING_COMMANDS = [
  cmd('netsh http show sslcert ipport=0.0.0.0:443'),
  powershell('Get-ChildItem Cert:\\LocalMachine\\My | Format-List Subject, DnsNameList, NotAfter, Thumbprint, EnhancedKeyUsageList'),
];

/**
 * Whether a failed handshake shows the server turning the client down: a TLS alert or an answer that is no usable TLS
 * handshake (OpenSSL's ERR_SSL_*, EPROTO), or the server closing or resetting the connection it had accepted, as servers
 * sharing no version with the client do. A name that does not resolve, a closed port or a time limit shows nothing
 * about the versions the server accepts.
 */
export function refusedHandshake(error: ProbeError | undefined): boolean {
  if (!error) return false;
  return /^ERR_(SSL|TLS)_/.test(error.code) || ['EPROTO', 'ECONNRESET', 'EPIPE'].includes(error.code);
}
