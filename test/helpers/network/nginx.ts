import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NGINX = '/usr/sbin/nginx';

/**
 * Starts a server that must be told its port, on a port that was free a moment ago. Between
 * freePort() and the server's bind, a test in another worker may take that port; the server then
 * exits, and it is started again on another port.
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await start(await freePort());
    } catch (e) {
      if (i >= attempts) throw e;
    }
  }
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, log: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${safeRead(log)}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nginx did not listen on 127.0.0.1:${port}: ${safeRead(log)}`);
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '(no error log)';
  }
}

/**
 * Debian's nginx as a foreground reverse proxy on 127.0.0.1, everything it writes kept in a temp dir.
 * `headerBuffers` is large_client_header_buffers (nginx default "4 8k": a request line over 8 KB gets 414);
 * `locations` are server-block directives placed before the proxying `location /`.
 */
export async function startNginx(upstreamPort: number, headerBuffers?: string, locations = ''): Promise<{ port: number; origin: string; stop(): Promise<void> }> {
  return onFreePort((port) => startNginxOn(port, upstreamPort, headerBuffers, locations));
}

async function startNginxOn(port: number, upstreamPort: number, headerBuffers: string | undefined, locations: string): Promise<{ port: number; origin: string; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'ndes-doctor-nginx-'));
  for (const d of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi', 'logs']) mkdirSync(join(dir, d));
  const errorLog = join(dir, 'logs', 'error.log');
  const conf = `
daemon off;
master_process off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${errorLog} warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  ${headerBuffers ? `large_client_header_buffers ${headerBuffers};` : ''}
  server {
    listen 127.0.0.1:${port};
    ${locations}
    location / { proxy_pass http://127.0.0.1:${upstreamPort}; proxy_http_version 1.1; }
  }
}
`;
  const confFile = join(dir, 'nginx.conf');
  writeFileSync(confFile, conf);
  const child = spawn(NGINX, ['-p', dir, '-e', errorLog, '-c', confFile], { stdio: 'ignore' });
  try {
    await waitForPort(port, child, errorLog);
  } catch (e) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
