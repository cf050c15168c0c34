import net from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, describe, expect, test } from 'vitest';
import { httpExchange } from '../../../src/collect/network/http.js';
import { probeTargets } from '../../../src/collect/network/probe.js';
import { listenOn, type Running } from '../../helpers/network/servers.js';

const servers: Running[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** A raw TCP "server", so it can misbehave below HTTP. */
async function raw(onSocket: (s: net.Socket) => void) {
  const s = await listenOn(net.createServer(onSocket), 'http');
  servers.push(s);
  return s;
}

const LIMITS = { connectTimeoutMs: 1_000, headersTimeoutMs: 1_500, bodyTimeoutMs: 1_000, requestTimeoutMs: 3_000, maxBodyBytes: 64 * 1024, maxHeaderBytes: 16 * 1024 };
const get = (s: Running) => httpExchange({ origin: s.origin }, { method: 'GET', path: '/certsrv/mscep/mscep.dll' }, LIMITS);

describe('hostile servers cost bounded time and memory', () => {
  test('a never-ending body is cut at the cap', async () => {
    const s = await raw((sock) => {
      sock.once('data', () => {
        sock.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n');
        const chunk = Buffer.alloc(16 * 1024, 0x41);
        const pump = () => {
          while (!sock.destroyed && sock.write(`${chunk.length.toString(16)}\r\n${chunk.toString()}\r\n`));
          if (!sock.destroyed) sock.once('drain', pump);
        };
        pump();
      });
      sock.on('error', () => undefined);
    });
    const started = Date.now();
    const r = await get(s);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(r.response?.status).toBe(200);
    expect(r.response?.bodyBytes).toBe(LIMITS.maxBodyBytes);
    expect(r.response?.body.byteLength).toBe(LIMITS.maxBodyBytes);
    expect(r.response?.truncated).toBe(true);
  });

  test('a slow drip that keeps the idle timer alive still ends at the request time limit', async () => {
    const s = await raw((sock) => {
      sock.once('data', () => {
        sock.write('HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n');
        const t = setInterval(() => (sock.destroyed ? clearInterval(t) : sock.write('x')), 200);
        sock.on('close', () => clearInterval(t));
      });
      sock.on('error', () => undefined);
    });
    const started = Date.now();
    const r = await get(s);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(2_800);
    expect(took).toBeLessThan(5_000);
    expect(r.error?.code).toBe('E_TIMEOUT');
    expect(r.response?.truncated).toBe(true);
  });

  test('the request time limit survives garbage collection while a drip runs under a later run deadline', async () => {
    // The same as running under --expose-gc: collections are forced while the body drips.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const s = await raw((sock) => {
      sock.once('data', () => {
        sock.write('HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n');
        const t = setInterval(() => (sock.destroyed ? clearInterval(t) : sock.write('x')), 100);
        sock.on('close', () => clearInterval(t));
      });
      sock.on('error', () => undefined);
    });
    const collect = setInterval(gc, 50);
    try {
      const started = Date.now();
      const r = await httpExchange({ origin: s.origin }, { method: 'GET', path: '/certsrv/mscep/mscep.dll' }, { ...LIMITS, requestTimeoutMs: 1_500 }, AbortSignal.timeout(9_000));
      expect(r.error?.code).toBe('E_TIMEOUT');
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      clearInterval(collect);
    }
  });

  test('a server that never answers hits the headers timeout', async () => {
    const s = await raw((sock) => sock.on('error', () => undefined));
    const started = Date.now();
    const r = await get(s);
    expect(Date.now() - started).toBeLessThan(3_500);
    expect(r.error?.code).toMatch(/UND_ERR_HEADERS_TIMEOUT|E_TIMEOUT/);
  });

  test('enormous headers are refused, not buffered', async () => {
    const s = await raw((sock) => {
      sock.once('data', () => {
        sock.write('HTTP/1.1 200 OK\r\n');
        const line = `X-Junk: ${'j'.repeat(8_000)}\r\n`;
        const pump = () => {
          while (!sock.destroyed && sock.write(line));
          if (!sock.destroyed) sock.once('drain', pump);
        };
        pump();
      });
      sock.on('error', () => undefined);
    });
    const r = await get(s);
    expect(r.response).toBeUndefined();
    expect(r.error?.code).toMatch(/HEADERS_OVERFLOW|UND_ERR/);
  });

  test('a reset in the middle of the TLS handshake is a recorded finding, not a crash', async () => {
    const s = await raw((sock) => {
      sock.once('data', () => sock.resetAndDestroy());
      sock.on('error', () => undefined);
    });
    const started = Date.now();
    const [t] = await probeTargets([`https://127.0.0.1:${s.port}`], { limits: LIMITS, tlsTimeoutMs: 2_000 });
    expect(Date.now() - started).toBeLessThan(6_000);
    expect(t!.tls?.handshake).toBeUndefined();
    expect(t!.tls?.error?.code).toMatch(/ECONNRESET|EPIPE/);
    expect(t!.exchanges.length).toBeGreaterThan(0);
    expect(t!.exchanges.every((e) => e.error && !e.response)).toBe(true);
    expect(t!.notes.join(' ')).toMatch(/long-URL search not run/);
  });

  test('the overall deadline stops every request of every target', async () => {
    const s = await raw((sock) => sock.on('error', () => undefined));
    const started = Date.now();
    const targets = await probeTargets([`http://127.0.0.1:${s.port}`, `http://127.0.0.1:${s.port}/x`], {
      limits: { ...LIMITS, headersTimeoutMs: 60_000, requestTimeoutMs: 60_000 },
      deadline: AbortSignal.timeout(1_000),
    });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(targets).toHaveLength(2);
    for (const t of targets) {
      expect(t.exchanges.length).toBeGreaterThan(0);
      expect(t.exchanges.every((e) => e.error?.code === 'E_DEADLINE')).toBe(true);
    }
  });

  test('the overall deadline also stops the handshakes and connections that failed ones would start after it', async () => {
    // A port that accepts TCP and never answers: the TLS 1.3 handshake ends at the deadline, and the main one would follow
    // it; so would the requests' own connections, which would then hold the process for their time limit.
    const open = new Set<net.Socket>();
    const s = await raw((sock) => {
      open.add(sock);
      sock.on('close', () => open.delete(sock));
      sock.on('error', () => undefined);
      // Read and dropped, so that the client's end of the connection is seen.
      sock.resume();
    });
    const started = Date.now();
    const [t] = await probeTargets([`https://127.0.0.1:${s.port}`], { limits: { ...LIMITS, connectTimeoutMs: 5_000 }, tlsTimeoutMs: 5_000, deadline: AbortSignal.timeout(1_000), longUrl: false });
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(t!.tls?.error?.code).toBe('E_DEADLINE');
    expect(t!.exchanges.every((e) => e.error?.code === 'E_DEADLINE')).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(open.size).toBe(0);
  });

  test('redirects are recorded, not followed', async () => {
    let hits = 0;
    const s = await raw((sock) => {
      sock.once('data', () => {
        hits++;
        sock.end('HTTP/1.1 302 Found\r\nLocation: https://login.example.test/\r\nContent-Length: 0\r\n\r\n');
      });
      sock.on('error', () => undefined);
    });
    const r = await get(s);
    expect(r.response?.status).toBe(302);
    expect(r.response?.headers['location']).toBe('https://login.example.test/');
    expect(hits).toBe(1);
  });
});
