import { cmd, powershell } from '../../src/engine/outcome.js';
import type { Result } from '../../src/engine/types.js';
import { compareReports } from '../../src/report/changes.js';
import { buildFleetReport, buildReport, type Report } from '../../src/report/model.js';

/** A report with every status, an endpoint target and server-provided text that tries to inject markup. */
export function sampleResults(): Result[] {
  const base = { area: 'http-sys', docs: 'docs/checks/X.md', durationMs: 4 } as const;
  return [
    { ...base, id: 'NDES-HSYS-001', slug: 'http-sys-max-field-length', title: 'MaxFieldLength', severity: 'high', status: 'pass', message: 'MaxFieldLength is 65534 | ok\r\nsecond line' },
    {
      ...base,
      id: 'NDES-HSYS-002',
      slug: 'http-sys-max-request-bytes',
      title: 'MaxRequestBytes | pipes & <tags>',
      severity: 'medium',
      status: 'fail',
      message: 'Value is <script>alert(1)</script> and `ticks` | pipe *bold* [link](javascript:alert(1))',
      evidence: { expected: 'REG_DWORD 65534', actual: 'a|b `c` </script><!--', source: 'registry/http-parameters.reg', codes: ['0x00000411', '404.15'] },
      remediation: {
        text: 'Set it & restart <now>.',
        commands: [cmd('reg add "HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters" /v MaxRequestBytes /t REG_DWORD /d 65534 /f'), powershell('Write-Output "```"')],
        docs: 'https://learn.microsoft.com/intune/intune-service/protect/certificates-scep-configure',
      },
    },
    { ...base, area: 'iis', id: 'NDES-IIS-001', slug: 'iis-max-url', title: 'maxUrl', severity: 'critical', status: 'error', message: 'Could not check: the bundle has no iis/applicationHost.config', error: { code: 'E_FACT_UNAVAILABLE' } },
    { ...base, area: 'iis', id: 'NDES-IIS-002', slug: 'iis-max-query', title: 'maxQueryString', severity: 'high', status: 'skip', skipReason: 'prerequisite', message: 'Skipped: prerequisite NDES-IIS-001 did not pass (error).' },
    {
      ...base,
      area: 'browser',
      id: 'NDES-IE-002',
      slug: 'ie-esc-users',
      title: 'IE ESC users',
      severity: 'low',
      status: 'warn',
      message: 'IE ESC is on for users.',
      remediation: { text: 'Turn it off.', commands: [powershell('Stop-Process -Name explorer -Force')], docs: 'javascript:alert(1)' },
    },
    {
      ...base,
      area: 'endpoint',
      id: 'NDES-NET-001',
      slug: 'net-getcacaps',
      title: 'GetCACaps answers',
      severity: 'high',
      status: 'fail',
      message: 'GetCACaps returned HTTP 500.',
      target: 'https://ndes.contoso.com/certsrv/mscep/mscep.dll',
      evidence: { codes: ['500'] },
      remediation: { text: 'Check the NDES application pool.', commands: [powershell('Restart-WebAppPool SCEP')] },
    } as Result,
    {
      ...base,
      area: 'endpoint',
      id: 'NDES-NET-001',
      slug: 'net-getcacaps',
      title: 'GetCACaps answers',
      severity: 'high',
      status: 'pass',
      message: 'GetCACaps answered.',
      target: 'https://ndes-internal.contoso.com/certsrv/mscep/mscep.dll',
    } as Result,
  ];
}

export function sampleReport(results: Result[] = sampleResults()): Report {
  return buildReport({
    mode: 'bundle',
    startedAt: new Date('2026-11-20T10:00:00.000Z'),
    finishedAt: new Date('2026-11-20T10:00:01.250Z'),
    argv: ['check', '--bundle', 'C:\\Users\\jdoe\\Desktop\\bundle.zip'],
    manifest: {
      bundleVersion: 1,
      tool: { name: 'ndes-doctor', version: '0.1.0' },
      collectedAt: '2026-11-20T09:14:02.000Z',
      host: { name: 'NDES02', os: 'Windows 10.0.20348', oemCodePage: 437, elevated: true },
      artifacts: {},
    },
    origin: 'C:\\Users\\jdoe\\Desktop\\bundle.zip',
    failOn: 'info',
    timeouts: { checkMs: 30000, runMs: 120000 },
    config: { only: [], skip: [] },
    results,
    runWarnings: ['Not elevated: <some> settings could not be read.'],
  });
}

/** The sample report compared with an earlier run: one new failure, one resolved, one changed, a certificate counting down. */
export function sampleReportWithChanges(): Report {
  const current = sampleReport();
  const results = current.results.map((r) => {
    if (r.id === 'NDES-HSYS-001') return { ...r, status: 'fail', remediation: { text: 'fix' } } as Result;
    if (r.id === 'NDES-HSYS-002') return { ...r, status: 'pass' } as Result;
    if (r.id === 'NDES-IE-002') return { ...r, status: 'fail' } as Result;
    return r;
  });
  const certificate = { role: 'tls', subject: 'CN=<ndes> & "co"', notAfter: '2026-12-10T08:00:00.000Z', daysLeft: 19 };
  const withCert = (r: Result, daysLeft: number): Result =>
    r.id === 'NDES-HSYS-001' ? { ...r, evidence: { ...r.evidence, details: { certificates: [{ ...certificate, daysLeft }] } } } : r;
  const previous = { ...current, run: { ...current.run, startedAt: '2026-11-19T10:00:00.000Z' }, results: results.map((r) => withCert(r, 20)) };
  const now = { ...current, results: current.results.map((r) => withCert(r, 19)) };
  return { ...now, changes: compareReports(now, { report: previous, source: 'history', path: 'C:\\ProgramData\\ndes-doctor\\history\\ndes-doctor-20261119T100000.000Z.json' }) };
}

/**
 * A fleet run of three servers: NDES02 with the sample findings (critical), NDES01 all passing, and
 * one probed URL that could not be checked. Two servers share check ids, so only `server` tells
 * their results apart.
 */
export function sampleFleetReport(): Report {
  const startedAt = new Date('2026-11-20T10:00:00.000Z');
  const manifest = (name: string) => ({
    bundleVersion: 1,
    tool: { name: 'ndes-doctor', version: '0.1.0' },
    collectedAt: '2026-11-20T09:14:02.000Z',
    host: { name, os: 'Windows 10.0.20348', oemCodePage: 437, elevated: true },
    artifacts: {},
  });
  const passing = sampleResults().map((r) => ({ ...r, status: 'pass', message: 'fine' }) as Result);
  return buildFleetReport({
    startedAt,
    finishedAt: new Date('2026-11-20T10:00:04.000Z'),
    argv: ['check', '--bundle', 'ndes2.zip', '--bundle', 'ndes1.zip', '--url', 'ndes3.contoso.com'],
    failOn: 'info',
    timeouts: { checkMs: 30000, runMs: 120000 },
    config: { only: [], skip: [] },
    runWarnings: [],
    servers: [
      { name: 'NDES02', mode: 'bundle', source: 'ndes2.zip', startedAt, evaluatedAt: new Date('2026-11-20T09:14:02.000Z'), finishedAt: new Date('2026-11-20T10:00:01.000Z'), manifest: manifest('NDES02'), results: sampleResults(), runWarnings: ['<b>note</b> for NDES02'] },
      { name: 'NDES01', mode: 'bundle', source: 'ndes1.zip', startedAt, finishedAt: new Date('2026-11-20T10:00:02.000Z'), manifest: manifest('NDES01'), results: passing, runWarnings: [] },
      { name: 'ndes3.contoso.com', mode: 'network', source: 'ndes3.contoso.com', startedAt, finishedAt: new Date('2026-11-20T10:00:04.000Z'), results: [], runWarnings: [], notStarted: 'Not opened before the run deadline (--timeout): nothing was checked on this server.' },
    ],
  });
}
