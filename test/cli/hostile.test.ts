/**
 * The built CLI against hostile and broken input: bounded memory, no raw control characters, no
 * leaked secrets, and exit codes and outputs a monitor can trust (issue 9).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa, execaSync } from 'execa';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type Running } from '../helpers/network/servers.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'ndes-doctor-hostile-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let seq = 0;
const fresh = (name: string) => join(tmp, `${++seq}-${name}`);
/** Prints the process's peak RSS (bytes) on stderr at exit, after everything else. */
const RSS_HOOK = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\nmaxrss='+process.resourceUsage().maxRSS*1024+'\\n'))`;

function cli(args: string[], opts: { env?: Record<string, string>; rss?: boolean; timeout?: number } = {}) {
  const base = { ...process.env };
  for (const name of ['FORCE_COLOR', 'NO_COLOR', 'CI']) delete base[name];
  const node = opts.rss ? ['--import', RSS_HOOK] : [];
  return execa('node', [...node, 'bin/ndes-doctor.js', ...args], { cwd: root, reject: false, env: { ...base, ...opts.env }, extendEnv: false, stripFinalNewline: false, timeout: opts.timeout, killSignal: 'SIGKILL' });
}
const maxRss = (stderr: string) => Number(/maxrss=(\d+)/.exec(stderr)?.[1]);
const MB = 1024 * 1024;

function bundleFrom(example: string, replace: Record<string, string | Uint8Array> = {}, manifest?: (m: Record<string, unknown>) => void): string {
  const dir = fresh('bundle');
  cpSync(join(root, 'examples', example), dir, { recursive: true });
  for (const [file, bytes] of Object.entries(replace)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), bytes);
  }
  if (manifest) {
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    manifest(m);
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
  }
  return dir;
}

describe('monitoring sees the truth', () => {
  it('zero checks selected: exit 3 UNKNOWN, not 0 OK', async () => {
    const r = await cli(['check', '--bundle', 'examples/healthy', '--only', 'iis', '--skip', 'iis', '--format', 'nagios']);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toBe('NDES-DOCTOR UNKNOWN - No check to run: --only iis with --skip iis selects none; nothing was checked.\n');
    // One area selected and not skipped still runs: the other side of the rule.
    const one = await cli(['check', '--bundle', 'examples/healthy', '--only', 'iis', '--format', 'nagios']);
    expect(one.exitCode).toBe(0);
    expect(one.stdout).toMatch(/^NDES-DOCTOR OK - /);
  });

  it('a run that cannot start prints one Nagios UNKNOWN line and still writes -o files with an UNKNOWN report', async () => {
    const stale = fresh('report.json');
    writeFileSync(stale, '{"summary":{"status":"ok"}}');
    const md = fresh('report.md');
    const r = await cli(['check', '--bundle', join(tmp, 'no-such-bundle'), '--format', 'nagios', '-o', `json=${stale}`, '-o', `markdown=${md}`, '--force']);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toBe(`NDES-DOCTOR UNKNOWN - Bundle not found: ${join(tmp, 'no-such-bundle')}\n`);
    const report = JSON.parse(readFileSync(stale, 'utf8'));
    expect(report.summary).toMatchObject({ status: 'unknown', exitCode: 3 });
    expect(report.run.notStarted).toBe(`Bundle not found: ${join(tmp, 'no-such-bundle')}`);
    expect(report.results).toEqual([]);
    expect(readFileSync(md, 'utf8')).toContain('# ndes-doctor report: UNKNOWN');
  });

  it.skipIf(process.platform === 'win32')('a named pipe as the bundle, alone or beside another bundle: refused at once, the report written, the process ends', async () => {
    const fifo = fresh('pipe.zip');
    execaSync('mkfifo', [fifo]);
    const out = fresh('report.json');
    const alone = await cli(['check', '--bundle', fifo, '-f', 'nagios', '-o', `json=${out}`, '--timeout', '5'], { timeout: 15_000 });
    expect(alone.exitCode).toBe(3);
    expect(alone.stdout).toBe(`NDES-DOCTOR UNKNOWN - ${fifo} is not a folder or a regular file (it is a named pipe); give the bundle folder or its .zip file.\n`);
    expect(JSON.parse(readFileSync(out, 'utf8')).run.notStarted).toMatch(/is not a folder or a regular file/);
    const fleet = await cli(['check', '--bundle', fifo, '--bundle', 'examples/healthy', '-f', 'json', '--timeout', '5'], { timeout: 15_000 });
    expect(fleet.timedOut).toBe(false);
    expect(fleet.exitCode).toBe(3);
  }, 40_000);

  it('a zip whose manifest.json cannot be inflated: UNKNOWN with the reason and the report written, not an internal error', async () => {
    const bytes = Buffer.from(zipSync({ 'manifest.json': new Uint8Array(readFileSync(join(root, 'examples/healthy/manifest.json'))) }));
    // Compression method 99 (WinZip AES) in the local and the central header.
    bytes.writeUInt16LE(99, 8);
    bytes.writeUInt16LE(99, bytes.indexOf(Buffer.from('PK\x01\x02', 'binary')) + 10);
    const zip = fresh('aes.zip');
    writeFileSync(zip, bytes);
    const out = fresh('report.json');
    const r = await cli(['check', '--bundle', zip, '-f', 'nagios', '-o', `json=${out}`]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stdout).toBe(`NDES-DOCTOR UNKNOWN - ${zip}: manifest.json could not be read (unsupported compression method: 99).\n`);
    expect(JSON.parse(readFileSync(out, 'utf8')).run.notStarted).toBe(`${zip}: manifest.json could not be read (unsupported compression method: 99).`);
  });

  it.skipIf(process.platform === 'win32')('off Windows with --format nagios: the UNKNOWN line says why', async () => {
    const r = await cli(['check', '-f', 'nagios']);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toMatch(/^NDES-DOCTOR UNKNOWN - A live check reads this server's configuration and works only on Windows; [^\n]*\n$/);
  });

  it('argument errors with --format nagios print the UNKNOWN line too', async () => {
    const r = await cli(['check', '--bundle', 'examples/healthy', '--format', 'nagios', '--check-timeout', 'soon']);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toMatch(/^NDES-DOCTOR UNKNOWN - option '--check-timeout <seconds>' argument 'soon' is invalid\. --check-timeout takes a positive number\.\n$/);
  });

  it('--timeout above the documented maximum is a clear error; at the maximum it runs, never a TimeoutOverflowWarning', async () => {
    const over = await cli(['check', '--bundle', 'examples/healthy', '--timeout', '3000000']);
    expect(over.exitCode).toBe(3);
    expect(over.stderr).toContain('--timeout takes at most 86400 seconds (24 hours); got 3000000.');
    const atMax = await cli(['check', '--bundle', 'examples/healthy', '--timeout', '86400', '--check-timeout', '86400', '--format', 'nagios']);
    expect(atMax.exitCode).toBe(0);
    expect(atMax.stderr).not.toMatch(/Warning/);
    const help = await cli(['check', '--help']);
    expect(help.stdout).toMatch(/--timeout <seconds>\s+deadline for the whole run \(at most 86400\)/);
  });

  it('-o naming the same path twice is refused before anything runs', async () => {
    const out = fresh('same.json');
    const r = await cli(['check', '--bundle', 'examples/healthy', '-o', `json=${out}`, '-o', `html=${join(tmp, '.', `${seq}-same.json`)}`]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/-o json=.*same\.json and -o html=.*same\.json name the same file; give each report its own path\./);
    expect(existsSync(out)).toBe(false);
  });

  it('--exit-zero: the report shows the verdict and says the exit was forced to 0', async () => {
    const r = await cli(['check', '--bundle', 'examples/broken', '--only', 'http-sys', '--exit-zero']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Result: CRITICAL (exit 2, forced to 0 by --exit-zero)');
    expect(r.stdout).toContain('note: --exit-zero: the verdict is CRITICAL (exit 2), but the process exit code was forced to 0.');
    const json = JSON.parse((await cli(['check', '--bundle', 'examples/broken', '--only', 'http-sys', '--exit-zero', '-f', 'json'])).stdout);
    expect(json.summary).toMatchObject({ status: 'critical', exitCode: 2 });
    expect(json.run.exitZero).toBe(true);
    const nagios = await cli(['check', '--bundle', 'examples/broken', '--only', 'http-sys', '--exit-zero', '-f', 'nagios']);
    expect(nagios.stdout).toMatch(/^NDES-DOCTOR CRITICAL - .*\(exit forced to 0 by --exit-zero\) \|/);
    // Without it, no such note.
    expect((await cli(['check', '--bundle', 'examples/broken', '--only', 'http-sys'])).stdout).not.toContain('forced');
  });
});

describe('signals', () => {
  let silent: net.Server;
  let port: number;
  const sockets = new Set<net.Socket>();
  beforeAll(async () => {
    // Accepts connections and never answers: every probe waits.
    silent = net.createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    port = (silent.address() as net.AddressInfo).port;
  });
  afterAll(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => silent.close(() => resolve()));
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal}: the report is written, unfinished checks are errors (interrupted), exit 3`, async () => {
      const out = fresh('interrupted.json');
      const child = cli(['check', '--url', `http://127.0.0.1:${port}`, '-f', 'json', '-o', `json=${out}`, '--timeout', '600']);
      await new Promise((r) => setTimeout(r, 1_500));
      const started = Date.now();
      child.kill(signal);
      const r = await child;
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(r.exitCode).toBe(3);
      const report = JSON.parse(r.stdout);
      expect(report.run.interrupted).toBe(signal);
      expect(report.summary).toMatchObject({ status: 'unknown', exitCode: 3 });
      expect(report.results.length).toBeGreaterThan(0);
      for (const res of report.results) expect(res).toMatchObject({ status: 'error', error: { code: 'E_INTERRUPTED' } });
      expect(report.runWarnings).toContainEqual(expect.stringMatching(new RegExp(`^Interrupted by ${signal}: 0 of \\d+ checks finished`)));
      expect(JSON.parse(readFileSync(out, 'utf8')).run.interrupted).toBe(signal);
    });
  }

  it('SIGINT during a fleet: the finished server keeps its findings, the hung one is interrupted, exit 3', async () => {
    const child = cli(['check', '--bundle', 'examples/healthy', '--url', `http://127.0.0.1:${port}`, '-f', 'json', '--timeout', '600']);
    // The bundle's checks finish within this wait; the probes of the silent server never do.
    await new Promise((r) => setTimeout(r, 3_000));
    const started = Date.now();
    child.kill('SIGINT');
    const r = await child;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.exitCode).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.run).toMatchObject({ mode: 'fleet', interrupted: 'SIGINT' });
    const [bundle, hung] = report.servers as { name: string; source: string }[];
    expect(bundle).toMatchObject({ source: 'examples/healthy' });
    expect(hung).toMatchObject({ source: `http://127.0.0.1:${port}` });
    const of = (server: { name: string }) => (report.results as { server: string; status: string; error?: { code: string } }[]).filter((x) => x.server === server.name);
    expect(of(bundle!).length).toBeGreaterThan(0);
    for (const res of of(bundle!)) expect(res.error?.code).not.toBe('E_INTERRUPTED');
    expect(of(hung!).length).toBeGreaterThan(0);
    for (const res of of(hung!)) expect(res).toMatchObject({ status: 'error', error: { code: 'E_INTERRUPTED' } });
  }, 30_000);
});

describe('bounded reading', () => {
  it('a 1 GB zip bomb member: the check that needs it says file, size and cap; peak RSS stays under 400 MB', async () => {
    const zip = fresh('bomb.zip');
    // Python's zipfile (another implementation than the reader) streams a 1 GB member of zeros.
    execaSync('python3', [
      '-c',
      `import zipfile,sys\nz=zipfile.ZipFile(sys.argv[1],'w',zipfile.ZIP_DEFLATED,compresslevel=1)\nfor n,p in [('manifest.json','examples/healthy/manifest.json')]: z.write(p,n)\nwith z.open('registry/http-parameters.reg','w',force_zip64=True) as f:\n  b=bytes(1<<20)\n  for _ in range(1024): f.write(b)\nz.close()`,
      zip,
    ], { cwd: root });
    const r = await cli(['check', '--bundle', zip, '--only', 'http-sys', '-f', 'json'], { rss: true });
    expect(r.exitCode).toBe(3);
    const results = JSON.parse(r.stdout).results as { status: string; message: string; error?: { code: string } }[];
    expect(results[0]).toMatchObject({ status: 'error', error: { code: 'E_TOO_LARGE' } });
    expect(results[0]!.message).toMatch(/registry\/http-parameters\.reg is 1024\.0 MB, over the 16\.0 MB cap for a registry export/);
    expect(maxRss(r.stderr)).toBeLessThan(400 * MB);
  }, 60_000);

  it('unsafe zip entries are never read and are named in a run warning', async () => {
    const healthy = (f: string) => new Uint8Array(readFileSync(join(root, 'examples/healthy', f)));
    const zip = fresh('unsafe.zip');
    writeFileSync(zip, zipSync({ 'manifest.json': healthy('manifest.json'), '../registry/http-parameters.reg': healthy('registry/http-parameters.reg') }));
    const r = await cli(['check', '--bundle', zip, '--only', 'http-sys']);
    expect(r.stdout).toContain('note: The zip entry "../registry/http-parameters.reg" climbs out of the bundle with ".."; it was skipped, never followed or extracted.');
    expect(r.stdout).toMatch(/ERROR NDES-HSYS-001/);
  });
});

describe('nothing from a bundle reaches the terminal raw', () => {
  const OSC52 = '\u001b]52;c;aGFja2Vk\u0007';
  const CSI = '\u009b2J';
  const hostile = () =>
    bundleFrom('broken', { 'registry/http-parameters.reg': `not a registry file ${OSC52}\r\n` }, (m) => {
      (m.host as Record<string, unknown>).name = `NDES${OSC52}${CSI}`;
    });

  for (const format of ['text', 'markdown', 'junit', 'nagios'] as const) {
    it(`${format}: ESC, BEL and C1 bytes from the bundle are escaped`, async () => {
      const r = await cli(['check', '--bundle', hostile(), '--only', 'http-sys', '-f', format, '--verbose']);
      expect(r.stdout).not.toMatch(/[\u0007\u001b\u009b]/);
      // Shown as escapes (markdown escapes the backslash once more), so a reader still sees what was there.
      if (format !== 'nagios') expect(r.stdout).toMatch(/\\{1,2}x1b\\?\]52;c;aGFja2Vk\\{1,2}x07/);
    });
  }

  it("the tool's own colours stay", async () => {
    const r = await cli(['check', '--bundle', hostile(), '--only', 'http-sys'], { env: { FORCE_COLOR: '1' } });
    expect(r.stdout).toContain('\u001b[1m');
    expect(r.stdout).not.toContain('\u001b]52');
  });
});

describe('secrets never leave', () => {
  const CHALLENGE = '5D0A2B7C91E4F003';
  const page = `Das Kennwort für die Registrierungsabfrage lautet: <B> ${CHALLENGE} </B>`;

  it('an error quoting a malformed artifact shows a short redacted excerpt, on stdout and in every -o file', async () => {
    const bundle = bundleFrom('broken', { 'registry/http-parameters.reg': `Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters]\r\n${page}\r\n` });
    const outputs = ['text', 'json', 'markdown', 'html', 'junit', 'nagios'].map((f) => [f, fresh(`out.${f}`)] as const);
    const r = await cli(['check', '--bundle', bundle, '--only', 'http-sys', '--verbose', ...outputs.flatMap(([f, p]) => ['-o', `${f}=${p}`])]);
    expect(r.stdout).toMatch(/line 4: not a "name"=value line: /);
    expect(r.stdout + r.stderr).not.toContain(CHALLENGE);
    for (const [, path] of outputs) expect(readFileSync(path, 'utf8'), path).not.toContain(CHALLENGE);
  });

  it('credentials in --url and in a --targets file are never printed', async () => {
    const url = await cli(['check', '--url', 'https://svc-ndes:Hunter2Pass@ndes.contoso.com']);
    expect(url.exitCode).toBe(3);
    expect(url.stderr).toBe('ndes-doctor: --url: "https://svc-ndes:***@ndes.contoso.com": remove the user name and password from the URL; NDES endpoints are probed without credentials.\n');
    const list = fresh('targets.txt');
    writeFileSync(list, 'ndes1.contoso.com\nhttps://admin:Hunter2Pass@ndes2.contoso.com/certsrv/mscep/mscep.dll\n');
    const targets = await cli(['check', '--targets', list, '-f', 'nagios']);
    expect(targets.stdout + targets.stderr).not.toContain('Hunter2Pass');
    expect(targets.stderr).toContain(`--targets ${list} line 2: "https://admin:***@ndes2.contoso.com/certsrv/mscep/mscep.dll"`);
  });
});

describe('terminal and fleet hygiene', () => {
  it('a --targets file saved by Windows PowerShell 5.1 (UTF-16LE with BOM) is decoded, and its errors name --targets', async () => {
    const list = fresh('targets-ps51.txt');
    // What `"ndes1.contoso.com","ftp://ndes2.contoso.com" | Out-File targets.txt` writes.
    writeFileSync(list, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ndes1.contoso.com\r\nftp://ndes2.contoso.com\r\n', 'utf16le')]));
    const r = await cli(['check', '--targets', list]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toBe(`ndes-doctor: --targets ${list} line 2: "ftp://ndes2.contoso.com": only http:// and https:// URLs can be probed.\n`);
  });

  describe('eight or more targets', () => {
    let server: Running;
    beforeAll(async () => {
      server = await listen((_req, res) => {
        res.writeHead(404, { server: 'Microsoft-IIS/10.0' });
        res.end('not found');
      });
    });
    afterAll(() => server.close());

    it('print no MaxListenersExceededWarning', async () => {
      const urls = Array.from({ length: 9 }, (_, i) => ['--url', `http://127.0.0.1:${server.port}/n${i}/certsrv/mscep/mscep.dll`]).flat();
      const r = await cli(['check', ...urls, '-f', 'nagios', '--timeout', '60']);
      expect(r.stdout).toMatch(/^NDES-DOCTOR /);
      expect(r.stderr).not.toMatch(/MaxListenersExceeded|Warning/);
    }, 60_000);
  });

  it.skipIf(!existsSync('/usr/bin/script'))('no spinner on a terminal that reports 0 columns (under script): ends promptly, no cursor codes', async () => {
    // script gives the CLI a pseudo-terminal; with no terminal of its own around it, that terminal is 0x0.
    const r = await execa('script', ['-qec', 'node bin/ndes-doctor.js check --bundle examples/healthy --only http-sys', '/dev/null'], {
      cwd: root,
      reject: false,
      timeout: 30_000,
      env: { NO_COLOR: '1' },
    });
    expect(r.timedOut).toBe(false);
    expect(r.stdout).toContain('Result: OK (exit 0)');
    expect(r.stdout).not.toContain('\u001b[?25l');
    expect(r.stdout).not.toMatch(/Running \d+ checks/);
  });
});
