/**
 * Reaching Intune from the NDES server the way the Certificate Connector does: through the proxy
 * its configuration names (an HTTP CONNECT tunnel), a TLS handshake with the endpoint, and one
 * HEAD request whose `Date` header measures clock skew. Everything seen is recorded in
 * network/intune.json so a bundle analyses later exactly as the live run would.
 *
 * The chain is verified against public roots only (Node's Mozilla list): a chain that ends in a
 * private root is what a TLS-inspecting proxy or firewall presents, which the connector rejects.
 */
import net from 'node:net';
import tls from 'node:tls';
import { probeError } from './http.js';
import { chainOf } from './tls-probe.js';
import type { ProbeError } from '../../recordings/probes.js';
import { INTUNE_FORMAT, type EndpointRecording, type IntuneEndpoint, type IntuneRecording, type ProxyConfig } from '../../recordings/intune.js';

/** What Microsoft lists for the Certificate Connector: Entra sign-in, the Intune service, connector auto-update. */
export function intuneEndpoints(baseServiceAddress?: string): IntuneEndpoint[] {
  let service = 'manage.microsoft.com';
  try {
    if (baseServiceAddress) service = new URL(baseServiceAddress).hostname || service;
  } catch {
    // A malformed BaseServiceAddress is reported by the connector checks; probe the public cloud.
  }
  return [
    { host: 'login.microsoftonline.com', port: 443, purpose: 'sign-in' },
    { host: service, port: 443, purpose: 'intune-service' },
    { host: 'autoupdate.msappproxy.net', port: 443, purpose: 'auto-update' },
  ];
}

/**
 * NDES_DOCTOR_INTUNE_ENDPOINTS replaces the endpoint list (comma-separated host[:port], e.g. for a
 * national cloud); `none` turns the probe off.
 */
export function endpointsFromEnv(value: string | undefined, defaults: IntuneEndpoint[]): IntuneEndpoint[] | 'off' {
  if (value === undefined || value.trim() === '') return defaults;
  if (value.trim().toLowerCase() === 'none') return 'off';
  return value.split(',').map((item, i) => {
    const [host = '', port] = item.trim().split(':');
    return { host, port: Number(port) || 443, purpose: defaults[i]?.purpose ?? 'intune-service' };
  });
}

export interface IntuneProbeOptions {
  endpoints: readonly IntuneEndpoint[];
  proxy?: ProxyConfig;
  /** Roots a public chain may end in (PEM); Node's bundled public roots when absent. */
  publicRoots?: string[];
  timeoutMs?: number;
  /** For tests: where to connect instead of DNS (host -> address). */
  lookup?: net.LookupFunction;
}

const MAX_HEAD_BYTES = 16 * 1024;

/** Parses the connector's proxy setting (`http://proxy.contoso.com` plus a separate Port value). */
export function connectorProxy(server: string | undefined, port: string | number | undefined): ProxyConfig | undefined {
  if (!server) return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(server) ? server : `http://${server}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  const p = Number(port) || Number(url.port) || 80;
  return { host: url.hostname, port: p, text: `${server}${port ? ` port ${port}` : ''}` };
}

export async function probeIntune(opts: IntuneProbeOptions): Promise<IntuneRecording> {
  const startedAt = new Date().toISOString();
  const endpoints = await Promise.all(opts.endpoints.map((ep) => probeEndpoint(ep, opts)));
  return { format: INTUNE_FORMAT, version: 1, startedAt, proxy: opts.proxy ?? null, endpoints };
}

export function encodeIntuneRecording(r: IntuneRecording): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(r, null, 2) + '\n');
}

class StageError extends Error {
  constructor(
    readonly stage: 'proxy' | 'connect' | 'tls' | 'http',
    readonly error: ProbeError,
    readonly proxyStatus?: number,
  ) {
    super(error.message);
  }
}

async function probeEndpoint(ep: IntuneEndpoint, opts: IntuneProbeOptions): Promise<EndpointRecording> {
  const started = Date.now();
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const sockets: net.Socket[] = [];
  const rec: EndpointRecording = { ...ep, durationMs: 0 };
  try {
    const via = opts.proxy ?? ep;
    const raw = await connect(via.host, via.port, timeoutMs, opts.lookup);
    sockets.push(raw);
    if (opts.proxy) {
      raw.write(`CONNECT ${ep.host}:${ep.port} HTTP/1.1\r\nHost: ${ep.host}:${ep.port}\r\nUser-Agent: ndes-doctor\r\n\r\n`);
      const head = await readHead(raw, timeoutMs, 'proxy');
      rec.proxyStatus = head.status;
      if (head.status < 200 || head.status > 299) {
        const hint = head.status === 407 ? 'the proxy asks for authentication, which the connector does not support' : `the proxy refused the tunnel (${head.statusLine})`;
        throw new StageError('proxy', { code: `HTTP_${head.status}`, message: hint }, head.status);
      }
    }
    const secure = await handshake(raw, ep.host, timeoutMs, opts.publicRoots);
    sockets.push(secure.socket);
    rec.tls = secure.record;
    const sent = Date.now();
    secure.socket.write(`HEAD / HTTP/1.1\r\nHost: ${ep.host}\r\nUser-Agent: ndes-doctor\r\nConnection: close\r\n\r\n`);
    const head = await readHead(secure.socket, timeoutMs, 'http');
    const received = Date.now();
    rec.http = { status: head.status, date: head.headers.get('date'), receivedAt: new Date(received).toISOString(), roundTripMs: received - sent };
  } catch (e) {
    if (e instanceof StageError) rec.error = { ...e.error, stage: e.stage };
    else rec.error = { ...probeError(e), stage: rec.tls ? 'http' : 'connect' };
  } finally {
    sockets.forEach((s) => s.destroy());
    rec.durationMs = Date.now() - started;
  }
  return rec;
}

function connect(host: string, port: number, timeoutMs: number, lookup?: net.LookupFunction): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, ...(lookup && { lookup }) });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new StageError('connect', { code: 'E_TIMEOUT', message: `no TCP connection to ${host}:${port} within ${timeoutMs} ms` }));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(new StageError('connect', probeError(e)));
    });
  });
}

interface Head {
  status: number;
  statusLine: string;
  headers: Map<string, string>;
}

/** Reads an HTTP response head (status line and headers), at most 16 KiB, then stops listening. */
function readHead(socket: net.Socket, timeoutMs: number, stage: 'proxy' | 'http'): Promise<Head> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const finish = (err?: StageError, head?: Head) => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', onError);
      socket.off('end', onEnd);
      if (err) reject(err);
      else resolve(head!);
    };
    const timer = setTimeout(() => finish(new StageError(stage, { code: 'E_TIMEOUT', message: `no response within ${timeoutMs} ms` })), timeoutMs);
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buf.length > MAX_HEAD_BYTES) finish(new StageError(stage, { code: 'E_HEAD_TOO_LARGE', message: `no end of the response head within ${MAX_HEAD_BYTES} bytes` }));
        return;
      }
      const [statusLine = '', ...lines] = buf.subarray(0, end).toString('latin1').split('\r\n');
      const m = /^HTTP\/\d(?:\.\d)?\s+(\d{3})/.exec(statusLine);
      if (!m) return finish(new StageError(stage, { code: 'E_NOT_HTTP', message: `not an HTTP response: ${statusLine.slice(0, 80)}` }));
      const headers = new Map<string, string>();
      for (const line of lines) {
        const i = line.indexOf(':');
        if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
      }
      finish(undefined, { status: Number(m[1]), statusLine, headers });
    };
    const onError = (e: Error) => finish(new StageError(stage, probeError(e)));
    const onEnd = () => finish(new StageError(stage, { code: 'ECONNRESET', message: 'the connection closed before a complete response head' }));
    socket.on('data', onData);
    socket.once('error', onError);
    socket.once('end', onEnd);
  });
}

/**
 * rejectUnauthorized is off so that an untrusted chain is still recorded; `authorized` says what a
 * strict client trusting only public roots concludes.
 */
function handshake(raw: net.Socket, host: string, timeoutMs: number, publicRoots?: string[]): Promise<{ socket: tls.TLSSocket; record: NonNullable<EndpointRecording['tls']> }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ socket: raw, servername: host, rejectUnauthorized: false, ...(publicRoots && { ca: publicRoots }) });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new StageError('tls', { code: 'E_TIMEOUT', message: `no TLS handshake within ${timeoutMs} ms` }));
    }, timeoutMs);
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(new StageError('tls', probeError(e)));
    });
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const leaf = socket.getPeerCertificate(true);
      const nameError = leaf.raw ? tls.checkServerIdentity(host, leaf) : undefined;
      const authorizationError = socket.authorizationError ? String(socket.authorizationError) : nameError?.message;
      resolve({
        socket,
        record: {
          protocol: socket.getProtocol() ?? 'unknown',
          peerChain: chainOf(leaf),
          authorized: socket.authorized && !nameError,
          ...(authorizationError && { authorizationError }),
        },
      });
    });
  });
}
