import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/engine/types.js';
import { renderPrometheus } from '../../src/report/prometheus.js';
import { installed, suiteName } from '../helpers/requires.js';
import { sampleFleetReport, sampleReport, sampleReportWithChanges, sampleResults } from './sample.js';

const run = promisify(execFile);
const PROMTOOL = '/usr/bin/promtool';
const HAS_PROMTOOL = installed(`promtool (${PROMTOOL})`, existsSync(PROMTOOL), 'prometheus');

/** promtool parses the exposition as Prometheus does and lints it (names, units, HELP, TYPE). */
function promtool(text: string): { code: number; output: string } {
  const r = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { code: r.status ?? -1, output: `${r.stdout}${r.stderr}` };
}

/** Series of one family as `labels -> value`. */
function series(text: string, name: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = new RegExp(`^${name}(\\{.*\\})? (\\S+)$`).exec(line);
    if (m) out.set(m[1] ?? '', Number(m[2]));
  }
  return out;
}

async function cli(bundle: string): Promise<string> {
  const out = await run(process.execPath, ['bin/ndes-doctor.js', 'check', '--bundle', bundle, '--format', 'prometheus']).catch((e: { stdout: string }) => e);
  return out.stdout;
}

const HOSTILE = 'CN="quoted" \\ back\nslash \r\u0007 lone \uD800 end';

describe.runIf(HAS_PROMTOOL)(suiteName('renderPrometheus, checked by promtool', HAS_PROMTOOL, 'prometheus'), () => {
  it('promtool refuses a broken exposition (the check below is not hollow)', () => {
    expect(promtool('ndes_doctor_x{a="b} 1\n').code).not.toBe(0);
    expect(promtool('# TYPE ndes_doctor_certificate_expiry_days gauge\nndes_doctor_certificate_expiry_days 3\n').output).toMatch(/base unit/);
  });

  it('the example bundles give metrics promtool accepts without a lint note', async () => {
    for (const bundle of ['examples/healthy', 'examples/broken']) {
      const text = await cli(bundle);
      expect(text, bundle).toMatch(/^# HELP ndes_doctor_info /);
      expect(promtool(text), bundle).toEqual({ code: 0, output: '' });
    }
  });

  it('escapes hostile label values so the file still parses, with changes since a compared run', () => {
    const report = sampleReportWithChanges();
    report.environment.host = HOSTILE;
    const withCert = report.results.find((r) => r.evidence?.details?.['certificates'])!;
    (withCert.evidence!.details!['certificates'] as { subject: string }[])[0]!.subject = HOSTILE;
    const text = renderPrometheus(report);
    expect(promtool(text)).toEqual({ code: 0, output: '' });
    expect(text).toContain('host="CN=\\"quoted\\" \\\\ back slash    lone \uFFFD end"');
    expect(text).not.toContain('\r');
  });

  it('a fleet run of the example bundles and a report of several servers give metrics promtool accepts', async () => {
    const out = await run(process.execPath, ['bin/ndes-doctor.js', 'check', '-b', 'examples/healthy', '-b', 'examples/broken', '--format', 'prometheus']).catch((e: { stdout: string }) => e);
    expect(out.stdout).toMatch(/ndes_doctor_server_exit_code\{server="NDES02",mode="bundle",source="examples\/broken"\} 2/);
    expect(promtool(out.stdout)).toEqual({ code: 0, output: '' });
    expect(promtool(renderPrometheus(sampleFleetReport()))).toEqual({ code: 0, output: '' });
  });
});

describe('renderPrometheus', () => {
  const report = sampleReport();
  const text = renderPrometheus(report);

  it('ends with a newline and carries no timestamps, as the textfile collector needs', () => {
    expect(text.endsWith('\n')).toBe(true);
    for (const line of text.split('\n').filter((l) => l && !l.startsWith('#'))) expect(line).toMatch(/^[a-z_]+(\{.*\})? -?[\d.e+-]+$/);
  });

  it('gives every check exactly one status set to 1, its own, with severity and target', () => {
    const status = series(text, 'ndes_doctor_check_status');
    expect(status.size).toBe(report.results.length * 5);
    for (const r of report.results) {
      const set = [...status].filter(([k, v]) => v === 1 && k.includes(`check="${r.id}"`) && k.includes(`target="${r.target ?? ''}"`));
      expect(set.map(([k]) => k), r.id).toEqual([`{check="${r.id}",area="${r.area}",severity="${r.severity}",target="${r.target ?? ''}",status="${r.status}"}`]);
    }
  });

  it('states the run: verdict as exit code, counts, finish time and duration', () => {
    expect(series(text, 'ndes_doctor_exit_code').get('')).toBe(report.summary.exitCode);
    expect(series(text, 'ndes_doctor_exit_code').get('')).toBe(2);
    expect(series(text, 'ndes_doctor_checks').get('{status="fail"}')).toBe(report.summary.counts.fail);
    expect(series(text, 'ndes_doctor_last_run_timestamp_seconds').get('')).toBe(Date.parse('2026-11-20T10:00:01.250Z') / 1000);
    expect(series(text, 'ndes_doctor_run_duration_seconds').get('')).toBe(1.25);
    expect(series(text, 'ndes_doctor_info').get('{version="0.1.0",mode="bundle",host="NDES02"}')).toBe(1);
  });

  it('counts certificate expiry from the evaluation time, and gives the not-after time', () => {
    const base = sampleResults()[0]!;
    const cert = (role: string, notAfter: string, daysLeft: number) => ({ role, subject: 'CN=RA', notAfter, daysLeft });
    const certified: Result = { ...base, id: 'NDES-NET-003', target: 'https://n/certsrv/mscep/mscep.dll', evidence: { details: { certificates: [cert('ra-signing', '2026-11-30T10:00:00.000Z', 10), cert('ra-encryption', '2026-11-10T10:00:00.000Z', -10)] } } };
    // Evaluated as of the collection time of a bundle, not when the report was rendered.
    const r = sampleReport([certified]);
    r.run.evaluatedAt = '2026-11-20T10:00:00.000Z';
    const out = renderPrometheus(r);
    const left = series(out, 'ndes_doctor_certificate_expires_in_seconds');
    expect(left.get('{check="NDES-NET-003",target="https://n/certsrv/mscep/mscep.dll",role="ra-signing",subject="CN=RA"}')).toBe(10 * 86400);
    expect(left.get('{check="NDES-NET-003",target="https://n/certsrv/mscep/mscep.dll",role="ra-encryption",subject="CN=RA"}')).toBe(-10 * 86400);
    expect(series(out, 'ndes_doctor_certificate_not_after_timestamp_seconds').get('{check="NDES-NET-003",target="https://n/certsrv/mscep/mscep.dll",role="ra-signing",subject="CN=RA"}')).toBe(
      Date.parse('2026-11-30T10:00:00.000Z') / 1000,
    );
    expect(text).not.toContain('ndes_doctor_certificate_');
  });

  it('writes a series given twice once, since the collector rejects a file with duplicates', () => {
    const twice = renderPrometheus(sampleReport([sampleResults()[0]!, sampleResults()[0]!]));
    expect(series(twice, 'ndes_doctor_check_status').size).toBe(5);
  });

  it('counts changed findings only when the run was compared', () => {
    expect(text).not.toContain('ndes_doctor_changed_findings');
    const changed = series(renderPrometheus(sampleReportWithChanges()), 'ndes_doctor_changed_findings');
    expect([...changed]).toEqual([
      ['{kind="new"}', 1],
      ['{kind="resolved"}', 1],
      ['{kind="changed"}', 1],
      ['{kind="unchanged"}', 2],
    ]);
  });
});
