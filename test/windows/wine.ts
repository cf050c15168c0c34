import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The Windows Node.js under test: the line the standalone exe is built on (package.json exeNodeVersion). */
export const WINE_NODE_VERSION: string = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).exeNodeVersion;

/**
 * $WINE (.ci/run points it at Wine 10 in a Debian 13 root, .ci/wine/wine64), else a Wine on this
 * machine: Debian installs the 64-bit loader off PATH, other distributions put `wine64` or `wine` on it.
 */
const FOUND_WINE = [process.env.WINE, '/usr/lib/wine/wine64', '/usr/bin/wine64', '/usr/local/bin/wine64', '/usr/bin/wine'].find(
  (p): p is string => p !== undefined && existsSync(p),
);

/** Wine 8.0 (Debian 12) cannot start node.exe 24 or later: V8 aborts in SegmentedTable::InitializeTable. */
const MINIMUM_WINE = 10;
export const WINE_VERSION = FOUND_WINE ? /^wine-(\d+)/.exec(execFileSync(FOUND_WINE, ['--version'], { encoding: 'utf8' }))?.[1] : undefined;
export const WINE = Number(WINE_VERSION) >= MINIMUM_WINE ? FOUND_WINE : undefined;
export const WINE_DESCRIPTION = `Wine ${MINIMUM_WINE} or later (found ${FOUND_WINE ? `Wine ${WINE_VERSION} at ${FOUND_WINE}` : 'none'}; set WINE to its wine64)`;

/** A throwaway Wine prefix, its own wineserver, and helpers to seed it like an NDES server. */
export class WinePrefix {
  private runs = 0;

  constructor(
    readonly dir: string,
    private readonly scratch: string,
  ) {}

  get env(): Record<string, string> {
    // The Intune reachability probe would go to the internet; tests stay on loopback.
    return { WINEPREFIX: this.dir, WINEDEBUG: '-all', NDES_DOCTOR_INTUNE_ENDPOINTS: 'none' };
  }

  /**
   * Runs a Windows program. Its stdout and stderr go to files: Windows node.exe under Wine fails
   * with EBADF when its stdout is a pipe.
   */
  async run(args: readonly string[], timeoutMs = 120_000, env: Record<string, string> = {}): Promise<{ exitCode: number; stdout: string; stderr: string }> {
    const out = join(this.scratch, `out-${++this.runs}.txt`);
    const err = `${out}.err`;
    const fds = [openSync(out, 'w'), openSync(err, 'w')] as const;
    try {
      // Plain file descriptors, not execa's { file }: that still hands the child a pipe.
      const child = spawn(WINE!, args, { env: { ...process.env, ...this.env, ...env }, stdio: ['ignore', fds[0], fds[1]], timeout: timeoutMs });
      const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
      if (signal) throw new Error(`wine ${args.join(' ')} ended by ${signal} (time limit ${timeoutMs} ms)`);
      return { exitCode: code ?? -1, stdout: readFileSync(out, 'utf8'), stderr: readFileSync(err, 'utf8') };
    } finally {
      fds.forEach((fd) => closeSync(fd));
    }
  }

  /** A fresh prefix that reports Windows 10, as a supported server would (node.exe refuses older ones). */
  async create(): Promise<void> {
    for (const args of [['wineboot', '-i'], ['winecfg', '-v', 'win10']]) {
      const r = await this.run(args, 180_000);
      if (r.exitCode !== 0) throw new Error(`wine ${args.join(' ')} exited ${r.exitCode}: ${r.stderr}`);
    }
  }

  /** Runs reg.exe commands in one cmd.exe (one Wine process start instead of one per command). */
  async reg(commands: readonly string[]): Promise<void> {
    const script = join(this.scratch, 'seed.cmd');
    // A failed reg add must fail the seeding, not leave a half-seeded server behind.
    const lines = ['@echo off', ...commands.flatMap((c) => [`reg ${c}`, 'if errorlevel 1 exit /b 1']), 'exit /b 0'];
    writeFileSync(script, lines.join('\r\n') + '\r\n');
    const r = await this.run(['cmd', '/d', '/c', toWindowsPath(script)]);
    if (r.exitCode !== 0) throw new Error(`seeding the registry failed (exit ${r.exitCode}): ${r.stdout}${r.stderr}`);
  }

  /** Writes a file at a Windows path on drive C:, as a server's disk would hold it. */
  writeFile(windowsPath: string, bytes: string | Uint8Array): void {
    const m = /^C:\\(.*)$/i.exec(windowsPath);
    if (!m) throw new Error(`not a C: path: ${windowsPath}`);
    // Wine's file system is case-insensitive, so C:\Windows\System32 is drive_c/windows/system32.
    const path = join(this.dir, 'drive_c', ...m[1]!.split('\\').map((s, i, a) => (i < a.length - 1 ? s.toLowerCase() : s)));
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, bytes);
  }

  /** Stops this prefix's wineserver, which outlives the programs it ran. */
  async stop(): Promise<void> {
    const server = join(dirname(WINE!), 'wineserver');
    await execa(existsSync(server) ? server : 'wineserver', ['-k'], { env: this.env, reject: false, timeout: 30_000 });
  }
}

/** Wine maps the Linux root to drive Z:. */
export function toWindowsPath(linuxPath: string): string {
  return `Z:${linuxPath.replaceAll('/', '\\')}`;
}

const HTTP = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters';
const IE_ESC = 'HKLM\\SOFTWARE\\Microsoft\\Active Setup\\Installed Components';
const IE_ESC_ADMINS = `${IE_ESC}\\{A509B1A7-37EF-4b3f-8CFC-4F3A74704073}`;
const IE_ESC_USERS = `${IE_ESC}\\{A509B1A8-37EF-4b3f-8CFC-4F3A74704073}`;
const MSCEP = 'HKLM\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP';
const NDP = 'HKLM\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full';
const TLS12 = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2';
const NETFX = ['HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319', 'HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319'];
const UNINSTALL_CONNECTOR = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\{3C2D1E0F-5A6B-4C7D-8E9F-0A1B2C3D4E5F}';
const CONNECTOR = 'HKLM\\SOFTWARE\\Microsoft\\MicrosoftIntune\\PFXCertificateConnector';
const CBS_REBOOT = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending';

const dword = (key: string, name: string, value: number) => `add "${key}" /v ${name} /t REG_DWORD /d ${value} /f`;
const sz = (key: string, name: string, value: string) => `add "${key}" /v ${name} /t REG_SZ /d "${value}" /f`;

/** A configured NDES server, as far as its registry goes: what the healthy example bundle holds. */
export const HEALTHY_REGISTRY: readonly string[] = [
  dword(HTTP, 'MaxFieldLength', 65534),
  dword(HTTP, 'MaxRequestBytes', 65534),
  dword(IE_ESC_ADMINS, 'IsInstalled', 0),
  dword(IE_ESC_USERS, 'IsInstalled', 0),
  sz(MSCEP, 'SignatureTemplate', 'IntuneSCEP'),
  sz(MSCEP, 'EncryptionTemplate', 'IntuneSCEP'),
  sz(MSCEP, 'GeneralPurposeTemplate', 'IntuneSCEP'),
  sz(`${MSCEP}\\CAInfo`, 'Configuration', 'CA01.corp.contoso.com\\Contoso Issuing CA 1'),
  dword(NDP, 'Release', 528449),
  sz(NDP, 'Version', '4.8.04161'),
  ...['Client', 'Server'].flatMap((side) => [dword(`${TLS12}\\${side}`, 'Enabled', 1), dword(`${TLS12}\\${side}`, 'DisabledByDefault', 0)]),
  ...NETFX.flatMap((key) => [dword(key, 'SchUseStrongCrypto', 1), dword(key, 'SystemDefaultTlsVersions', 1)]),
  sz(UNINSTALL_CONNECTOR, 'DisplayName', 'Certificate Connector for Microsoft Intune'),
  sz(UNINSTALL_CONNECTOR, 'DisplayVersion', '6.2510.3.2002'),
  sz(UNINSTALL_CONNECTOR, 'Publisher', 'Microsoft Corporation'),
  sz(UNINSTALL_CONNECTOR, 'InstallDate', '20260305'),
  dword(CONNECTOR, 'EnableSCEP', 1),
  dword(CONNECTOR, 'EnableRevocation', 1),
  sz(CONNECTOR, 'BaseServiceAddress', 'https://manage.microsoft.com/'),
];

/** What turns the healthy registry into the broken one; each line is one finding the suite expects. */
export const BREAK_REGISTRY: readonly string[] = [
  `delete "${HTTP}" /v MaxFieldLength /f`, // NDES-HSYS-001: HTTP.sys default 16384
  dword(HTTP, 'MaxRequestBytes', 16384), // NDES-HSYS-002
  dword(IE_ESC_ADMINS, 'IsInstalled', 1), // NDES-IE-001
  dword(NDP, 'Release', 378389), // NDES-SRV-006: .NET 4.5
  dword(`${TLS12}\\Server`, 'Enabled', 0), // NDES-SRV-007
  dword(CBS_REBOOT, 'Seeded', 1), // NDES-SRV-009: the key's presence marks a pending reboot
  `delete "${MSCEP}" /f`, // NDES-MSCEP-001: NDES never configured
];

export const APPLICATION_HOST = 'C:\\Windows\\System32\\inetsrv\\config\\applicationHost.config';
/** Where IIS writes the Default Web Site's W3C log and HTTP.sys its error log, by default. */
export const IIS_LOG_DIR = 'C:\\inetpub\\logs\\LogFiles\\W3SVC1';
export const HTTPERR_LOG = 'C:\\Windows\\System32\\LogFiles\\HTTPERR\\httperr1.log';

/** The W3C files a bundle's logs/iis/w3svc.log was made of, split at the collector's #Remark lines. */
export function iisLogFiles(collected: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const part of collected.split(/^#Remark: ndes-doctor: /m).filter(Boolean)) {
    const [path, ...rest] = part.split('\r\n');
    files.set(path!.replace(/^.*\\/, ''), rest.join('\r\n'));
  }
  return files;
}
export const SITE_WEB_CONFIG = 'C:\\inetpub\\wwwroot\\web.config';
export const MSCEP_WEB_CONFIG = 'C:\\Windows\\System32\\CertSrv\\mscep\\web.config';

/** A web.config as IIS Manager writes it (UTF-8 with BOM, CRLF), with these request limits. */
export function webConfig(maxUrl: number, maxQueryString: number): string {
  return (
    '\ufeff<?xml version="1.0" encoding="UTF-8"?>\r\n<configuration>\r\n    <system.webServer>\r\n        <security>\r\n' +
    `            <requestFiltering>\r\n                <requestLimits maxUrl="${maxUrl}" maxQueryString="${maxQueryString}" />\r\n` +
    '            </requestFiltering>\r\n        </security>\r\n    </system.webServer>\r\n</configuration>\r\n'
  );
}
