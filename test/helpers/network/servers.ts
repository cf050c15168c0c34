import { readFileSync } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Server } from 'node:net';
import type { SecureVersion } from 'node:tls';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export interface Running {
  port: number;
  origin: string;
  close(): Promise<void>;
}

export interface TlsOptions {
  key: string;
  /** Leaf first, then any intermediates the server sends. */
  certChain: string;
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  ciphers?: string;
}

/** Always on 127.0.0.1, on a port the OS picks. NDES answers with URLs up to 64 KB, so node's 16 KB header limit is raised. */
export async function listen(handler: Handler, tls?: TlsOptions): Promise<Running> {
  const server: Server = tls
    ? https.createServer({ key: tls.key, cert: tls.certChain, minVersion: tls.minVersion, maxVersion: tls.maxVersion, ciphers: tls.ciphers, maxHeaderSize: 256 * 1024 }, handler)
    : http.createServer({ maxHeaderSize: 256 * 1024 }, handler);
  return listenOn(server, tls ? 'https' : 'http');
}

export async function listenOn(server: Server, scheme: string): Promise<Running> {
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `${scheme}://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/ndes-http/${name}`, import.meta.url));

export const PAGES = {
  iis403: fixture('iis-403.html'),
  iis404: fixture('iis-404.html'),
  iis40415: fixture('iis-404.15-detailed.html'),
  httpSys400: fixture('httpsys-400-request-too-long.html'),
  httpSys414: fixture('httpsys-414.html'),
  httpSys503: fixture('httpsys-503.html'),
  ndesPage: fixture('mscep-ndes-page.html'),
  adminPassword: fixture('mscep-admin-password.html'),
  adminPasswordJa: fixture('mscep-admin-password-ja.html'),
  adminCacheFull: fixture('mscep-admin-cache-full.html'),
  adminNoPermission: fixture('mscep-admin-no-permission.html'),
  capsNdes: fixture('getcacaps-ndes.txt'),
  capsLegacy: fixture('getcacaps-legacy.txt'),
};

export interface NdesOptions {
  mscep?: 'policy-module' | 'ndes-page' | 'stopped' | 'error-500' | 'auth-401';
  /** GetCACert answers, used in turn (two different ones imitate a load balancer without affinity). */
  caCerts: Uint8Array[];
  caps?: Buffer;
  /** Longest request target (path + query) this "server" accepts, and how it refuses longer ones. */
  /** `waf-200`: a WAF in front answering 200 with its own blocking page (F5 ASM's default wording). */
  urlLimit?: { bytes: number; refuse: 'http-sys-400' | 'http-sys-414' | 'iis-404' | 'iis-404.15' | 'reset' | 'hang' | 'waf-200' };
  admin?: 'auth' | 'password' | 'password-ja' | 'cache-full' | 'no-permission';
}

const IIS = { server: 'Microsoft-IIS/10.0', 'x-powered-by': 'ASP.NET' };
const WAF_PAGE = Buffer.from('<html><head><title>Request Rejected</title></head><body>The requested URL was rejected. Please consult with your administrator.<br><br>Your support ID is: 1234567890123456789</body></html>');
const HTTPAPI = { server: 'Microsoft-HTTPAPI/2.0' };

/** Answers like IIS + NDES would, with the bodies from the fixtures. */
export function ndesResponder(o: NdesOptions): Handler {
  let turn = 0;
  const send = (res: ServerResponse, status: number, headers: Record<string, string>, body: Uint8Array) => {
    res.writeHead(status, { ...headers, 'content-length': String(body.byteLength) });
    res.end(body);
  };
  return (req, res) => {
    const target = req.url ?? '/';
    if (o.urlLimit && target.length > o.urlLimit.bytes) {
      switch (o.urlLimit.refuse) {
        case 'reset':
          req.socket.destroy();
          return;
        case 'hang':
          return;
        case 'waf-200':
          return send(res, 200, { 'content-type': 'text/html; charset=utf-8', connection: 'close' }, WAF_PAGE);
        case 'http-sys-400':
          return send(res, 400, { ...HTTPAPI, 'content-type': 'text/html; charset=us-ascii', connection: 'close' }, PAGES.httpSys400);
        case 'http-sys-414':
          return send(res, 414, { ...HTTPAPI, 'content-type': 'text/html; charset=us-ascii', connection: 'close' }, PAGES.httpSys414);
        case 'iis-404':
          return send(res, 404, { ...IIS, 'content-type': 'text/html' }, PAGES.iis404);
        case 'iis-404.15':
          return send(res, 404, { ...IIS, 'content-type': 'text/html' }, PAGES.iis40415);
      }
    }
    const url = new URL(target, 'http://x');
    const path = url.pathname.toLowerCase();
    if (path.startsWith('/certsrv/mscep_admin')) {
      if (!o.admin || o.admin === 'auth') return send(res, 401, { ...IIS, 'www-authenticate': 'Negotiate', 'content-type': 'text/html' }, Buffer.from('401 - Unauthorized'));
      const body = { password: PAGES.adminPassword, 'password-ja': PAGES.adminPasswordJa, 'cache-full': PAGES.adminCacheFull, 'no-permission': PAGES.adminNoPermission }[o.admin];
      return send(res, 200, { ...IIS, 'content-type': 'text/html' }, body);
    }
    if (path !== '/certsrv/mscep/mscep.dll' && path !== '/certsrv/mscep/mscep.dll/pkiclient.exe') {
      return send(res, 404, { ...IIS, 'content-type': 'text/html' }, PAGES.iis404);
    }
    const mode = o.mscep ?? 'policy-module';
    if (mode === 'stopped') return send(res, 503, { ...HTTPAPI, 'content-type': 'text/html; charset=us-ascii' }, PAGES.httpSys503);
    if (mode === 'error-500') return send(res, 500, { ...IIS, 'content-type': 'text/html' }, Buffer.from('<title>500 - Internal server error.</title>'));
    if (mode === 'auth-401') return send(res, 401, { ...IIS, 'www-authenticate': 'Negotiate', 'content-type': 'text/html' }, Buffer.from('401 - Unauthorized'));
    const operation = url.searchParams.get('operation');
    if (operation === 'GetCACaps') return send(res, 200, IIS, o.caps ?? PAGES.capsNdes);
    if (operation === 'GetCACert') {
      const body = o.caCerts[turn++ % o.caCerts.length]!;
      return send(res, 200, { ...IIS, 'content-type': 'application/x-x509-ca-ra-cert' }, body);
    }
    if (mode === 'ndes-page') return send(res, 200, { ...IIS, 'content-type': 'text/html' }, PAGES.ndesPage);
    return send(res, 403, { ...IIS, 'content-type': 'text/html' }, PAGES.iis403);
  };
}
