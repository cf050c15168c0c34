import type { LookupFunction, Socket } from 'node:net';
import type { SecureContext } from 'node:tls';
import { buildConnector, Client } from 'undici';
import { plainMessage } from '../../parse/errors.js';
import type { ProbeError, RecordedResponse } from './recording.js';

/** Limits for one HTTP exchange; a hostile or broken server can cost no more than these. */
export interface HttpLimits {
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  /** Longest silence between two body chunks. */
  bodyTimeoutMs: number;
  /** Whole exchange, so a slow drip that keeps resetting the idle timer still ends. */
  requestTimeoutMs: number;
  maxBodyBytes: number;
  maxHeaderBytes: number;
}

export interface HttpTarget {
  /** scheme://host:port */
  origin: string;
  /** Trust anchors for https, built once per run (see tlsContexts); undefined means Node's default roots. */
  secureContext?: SecureContext;
  lookup?: LookupFunction;
  /** false: accept any server certificate (for probing what an attacker, who verifies nothing, would get). */
  verifyCertificate?: boolean;
  /** The run's deadline: no connection is opened after it, and one being opened then is given up. */
  deadline?: AbortSignal;
}

export interface HttpOutcome {
  response?: Omit<RecordedResponse, 'bodyBase64' | 'adminPage'> & { body: Uint8Array };
  error?: ProbeError;
  headersMs?: number;
  totalMs: number;
}

/** The TLS session a target's connections resume: the newest one any of them received. */
export interface Sessions {
  last?: Buffer;
}

/**
 * A connection to one target kept open between requests, for requests that need no fresh connection. `opened`, when it
 * settles on a connection, is used first (a TLS handshake already made and verified) instead of opening one.
 */
export function keptConnection(target: HttpTarget, limits: HttpLimits, opened: Promise<Socket | undefined> | undefined, sessions: Sessions): Client {
  return connection(target, limits, true, opened, sessions);
}

/** A connection for one request, on `opened` when it settles on an open connection. */
export function oneRequestConnection(target: HttpTarget, limits: HttpLimits, opened: Promise<Socket | undefined>): Client {
  return connection(target, limits, false, opened);
}

/**
 * Requests that each need a connection of their own, sent one after another: each new connection resumes the newest
 * TLS session in `sessions` (the one before, or another connection's to the same target), as a device's would, so
 * none costs a full handshake on either side once one connection has been made.
 */
export function freshConnections(target: HttpTarget, limits: HttpLimits, sessions: Sessions): Client {
  return connection(target, limits, false, Promise.resolve(undefined), sessions);
}

/** Without keep-alive, undici asks the server to close the connection after its one request ("Connection: close"). */
function connection(target: HttpTarget, limits: HttpLimits, keepAlive: boolean, opened?: Promise<Socket | undefined>, sessions: Sessions = {}): Client {
  const connect = {
    timeout: limits.connectTimeoutMs,
    rejectUnauthorized: target.verifyCertificate !== false,
    ...(target.secureContext && { secureContext: target.secureContext }),
    ...(target.lookup && { lookup: target.lookup }),
  };
  return new Client(target.origin, {
    connect: opened ? openedFirst(opened, connect, limits.connectTimeoutMs, sessions, target.deadline) : untilDeadline(buildConnector(connect), target.deadline),
    headersTimeout: limits.headersTimeoutMs,
    bodyTimeout: limits.bodyTimeoutMs,
    maxHeaderSize: limits.maxHeaderBytes,
    pipelining: keepAlive ? 1 : 0,
  });
}

/**
 * Connects through `opened` the first time, if it still holds an open connection, then as `connect` says. It is waited
 * for no longer than a connection may take to open: a handshake that is slow to come makes no request later. Each new
 * connection resumes the newest TLS session in `sessions`, as undici's own session cache does, and adds its own.
 */
function openedFirst(opened: Promise<Socket | undefined>, connect: buildConnector.BuildOptions, waitMs: number, sessions: Sessions, deadline: AbortSignal | undefined): buildConnector.connector {
  let first: Promise<Socket | undefined> | undefined = opened;
  const remember = (socket: Socket) => socket.on('session', (s: Buffer) => (sessions.last = s));
  const own = untilDeadline(
    (options, callback) =>
      buildConnector({ ...connect, ...(sessions.last && { session: sessions.last }) })(options, (...result) => {
        if (result[1]) remember(result[1]);
        callback(...result);
      }),
    deadline,
  );
  return (options, callback) => {
    const offered = first;
    first = undefined;
    if (!offered) return own(options, callback);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), waitMs);
    });
    void Promise.race([offered, late]).then((socket) => {
      clearTimeout(timer);
      if (!socket || socket.destroyed || !socket.writable) return own(options, callback);
      remember(socket);
      callback(null, socket);
    });
  };
}

/**
 * A connection being opened holds the process until its own time limit (connectTimeoutMs), although no request waits for it
 * once the run's deadline has passed: it is given up then. undici's connector returns the socket it opens.
 */
function untilDeadline(connect: buildConnector.connector, deadline: AbortSignal | undefined): buildConnector.connector {
  if (!deadline) return connect;
  return (options, callback) => {
    if (deadline.aborted) return callback(DEADLINE, null);
    const stop = () => socket?.destroy(DEADLINE);
    deadline.addEventListener('abort', stop, { once: true });
    const socket = (connect as (...args: Parameters<buildConnector.connector>) => Socket | undefined)(options, (...result) => {
      deadline.removeEventListener('abort', stop);
      callback(...result);
    });
  };
}
const DEADLINE = new Error('the run reached its overall deadline');

/** Ends a connection without building an error and its stack trace for each one, as undici does when given none. */
export function closeConnection(client: Client): void {
  client.destroy(CLOSED).catch(() => undefined);
}
const CLOSED = new Error('ndes-doctor closed the connection after its request');

/**
 * One request, on a fresh connection that is closed afterwards unless `kept` is given: then on that
 * connection, which undici opens again if the server closed it. Redirects are never followed
 * (undici 7 only follows them through an interceptor, which is not installed): a 3xx is recorded as is.
 * TLS verification stays on unless the target turns it off; a certificate problem comes back as the exchange's error.
 */
export async function httpExchange(
  target: HttpTarget,
  req: { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; body?: Uint8Array },
  limits: HttpLimits,
  deadline?: AbortSignal,
  kept?: Client,
): Promise<HttpOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  // AbortSignal.any holds its sources weakly, so an AbortSignal.timeout that nothing else references can be
  // collected mid-request and never fire. A pending timer holds this controller until it fires or is cleared.
  const expiry = new AbortController();
  const timer = setTimeout(() => expiry.abort(), limits.requestTimeoutMs);
  const signal = deadline ? AbortSignal.any([deadline, expiry.signal]) : expiry.signal;
  const client = kept ?? connection(target, limits, false);
  let headersMs: number | undefined;
  try {
    const res = await client.request({
      method: req.method,
      path: req.path,
      // Without Accept-Encoding a server may send any coding (RFC 9110 12.5.3), and nothing here decodes one.
      headers: { 'user-agent': 'ndes-doctor', accept: '*/*', 'accept-encoding': 'identity', ...req.headers },
      body: req.body,
      signal,
    });
    headersMs = elapsed();
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    let truncated = false;
    try {
      for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
        const room = limits.maxBodyBytes - bytes;
        if (chunk.byteLength > room) {
          chunks.push(chunk.subarray(0, room));
          bytes += room;
          truncated = true;
          break;
        }
        chunks.push(chunk);
        bytes += chunk.byteLength;
      }
    } catch (e) {
      // Headers arrived: keep what was read and say why the body ended early.
      return {
        response: { status: res.statusCode, headers: flatHeaders(res.headers), body: concat(chunks, bytes), bodyBytes: bytes, truncated: true },
        error: probeError(e, signal, deadline),
        headersMs,
        totalMs: elapsed(),
      };
    }
    return {
      response: { status: res.statusCode, headers: flatHeaders(res.headers), body: concat(chunks, bytes), bodyBytes: bytes, truncated },
      headersMs,
      totalMs: elapsed(),
    };
  } catch (e) {
    return { error: probeError(e, signal, deadline), headersMs, totalMs: elapsed() };
  } finally {
    clearTimeout(timer);
    if (!kept) closeConnection(client);
  }
}

function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export function probeError(e: unknown, signal?: AbortSignal, deadline?: AbortSignal): ProbeError {
  if (deadline?.aborted) return { code: 'E_DEADLINE', message: 'the run reached its overall deadline (--timeout) during this request' };
  if (signal?.aborted) return { code: 'E_TIMEOUT', message: 'the request did not complete within its time limit' };
  const err = e as { code?: string; message?: string; name?: string; cause?: { code?: string; message?: string } };
  const code = err.code ?? err.cause?.code ?? err.name ?? 'ERROR';
  const message = [err.message, err.cause?.message].filter((m, i, all) => m && all.indexOf(m) === i).join(': ');
  return { code, message: plainMessage(message || String(e)) };
}
