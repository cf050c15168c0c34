import { execFileSync, spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onFreePort } from './nginx.js';
import net from 'node:net';

const EXAMPLE = '/usr/share/doc/golang-github-micromdm-scep-dev/examples/scepserver.go';
const GOCODE = '/usr/share/gocode';
const SOURCE = `${GOCODE}/src/github.com/micromdm/scep`;

export const micromdmAvailable = () => existsSync(EXAMPLE) && existsSync(SOURCE) && existsSync('/usr/bin/go');

/**
 * Builds Debian's example SCEP server once per machine, offline: GOPATH mode, with the v2 import
 * path linked to the packaged source. The example listens on every interface; the copy is
 * patched to listen on 127.0.0.1 only.
 */
export function buildScepServer(): string {
  const root = join(tmpdir(), 'ndes-doctor-micromdm');
  const binary = join(root, 'scepserver');
  if (existsSync(binary)) return binary;
  const gopath = join(root, 'gopath');
  const link = join(gopath, 'src/github.com/micromdm/scep');
  mkdirSync(link, { recursive: true });
  if (!existsSync(join(link, 'v2'))) symlinkSync(SOURCE, join(link, 'v2'));
  const main = join(gopath, 'src/scepserver');
  mkdirSync(main, { recursive: true });
  const code = readFileSync(EXAMPLE, 'utf8').replace('port := ":" + *flPort', 'port := "127.0.0.1:" + *flPort');
  if (!code.includes('"127.0.0.1:" + *flPort')) throw new Error('scepserver.go changed: cannot bind it to 127.0.0.1');
  writeFileSync(join(main, 'main.go'), code);
  const tmp = `${binary}.${process.pid}`;
  execFileSync('go', ['build', '-o', tmp, '.'], {
    cwd: main,
    env: { ...process.env, GO111MODULE: 'off', GOPATH: `${gopath}:${GOCODE}`, GOCACHE: join(root, 'cache'), GOFLAGS: '' },
    stdio: 'pipe',
    timeout: 300_000,
  });
  copyFileSync(tmp, binary);
  execFileSync('chmod', ['+x', binary]);
  rmSync(tmp, { force: true });
  return binary;
}

/**
 * `caIssuedAt` is when scepserver made its CA, by its own clock: a Go binary reads the time without
 * libc, so it may differ from Node's (under faketime it does). Judging at that time keeps the CA's
 * validity out of the result.
 */
export async function startScepServer(challenge: string | null = 'not-the-real-one'): Promise<{ origin: string; caIssuedAt: Date; stop(): Promise<void> }> {
  const binary = buildScepServer();
  const dir = mkdtempSync(join(tmpdir(), 'ndes-doctor-scep-'));
  const depot = join(dir, 'depot');
  execFileSync(binary, ['ca', '-init', '-depot', depot, '-keySize', '2048', '-organization', 'micromdm test'], { stdio: 'pipe', timeout: 60_000 });
  const { port, child } = await onFreePort(async (port) => {
    const child = spawn(binary, ['-depot', depot, '-port', String(port), ...(challenge ? ['-challenge', challenge] : [])], { stdio: 'ignore' });
    const until = Date.now() + 10_000;
    for (;;) {
      const ok = await new Promise<boolean>((resolve) => {
        const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
        s.on('error', () => resolve(false));
      });
      if (ok) return { port, child };
      if (child.exitCode !== null || Date.now() > until) {
        child.kill('SIGKILL');
        throw new Error(`scepserver did not start (exit ${child.exitCode})`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }).catch((e: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  });
  const caIssuedAt = new Date(new X509Certificate(readFileSync(join(depot, 'ca.pem'))).validFrom);
  return {
    origin: `http://127.0.0.1:${port}`,
    caIssuedAt,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
