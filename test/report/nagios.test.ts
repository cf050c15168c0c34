import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/engine/types.js';
import { renderNagios } from '../../src/report/nagios.js';
import { sampleFleetReport, sampleReport, sampleResults } from './sample.js';

describe('renderNagios', () => {
  it('prints one Monitoring Plugins line: status word, findings by status then severity, perfdata', () => {
    const line = renderNagios(sampleReport(), { color: false, verbose: false });
    expect(line).toBe(
      'NDES-DOCTOR CRITICAL - 2 fail, 1 error, 1 warn: NDES-NET-001, NDES-HSYS-002, NDES-IIS-001, NDES-IE-002 | pass=2 warn=1 fail=2 error=1 skip=1\n',
    );
  });

  it('says OK with no id list when nothing is wrong', () => {
    const ok = sampleResults().filter((r) => r.status === 'pass' || r.status === 'skip');
    expect(renderNagios(sampleReport(ok), { color: false, verbose: false })).toBe('NDES-DOCTOR OK - 0 fail, 0 error, 0 warn | pass=2 warn=0 fail=0 error=0 skip=1\n');
  });

  it('matches summary.status for warning and unknown', () => {
    const [, , error, , warn] = sampleResults();
    expect(renderNagios(sampleReport([warn!]), { color: false, verbose: false })).toMatch(/^NDES-DOCTOR WARNING - /);
    expect(renderNagios(sampleReport([error!, warn!]), { color: false, verbose: false })).toMatch(/^NDES-DOCTOR UNKNOWN - 0 fail, 1 error, 1 warn/);
  });

  it('caps the id list and keeps to one line', () => {
    const many: Result[] = Array.from({ length: 14 }, (_, i) => ({ ...sampleResults()[1]!, id: `NDES-IIS-${String(i + 1).padStart(3, '0')}` }));
    const line = renderNagios(sampleReport(many), { color: false, verbose: false });
    expect(line).toContain('NDES-IIS-010, +4 more | ');
    expect(line.trimEnd()).not.toContain('\n');
    expect(line.split('|')).toHaveLength(2);
  });
});

/** The state a Monitoring Plugins host gives a value with warn and crit ranges of the plain "N" form: alert outside 0..N. */
function stateByThresholds(value: number, warn: string, crit: string): number {
  const outside = (range: string) => value < 0 || value > Number(range);
  return outside(crit) ? 2 : outside(warn) ? 1 : 0;
}

describe('renderNagios per-server perfdata', () => {
  const perf = [...renderNagios(sampleFleetReport()).matchAll(/'([^']+) exit'=(\d);([^;]*);([^;]*);0;3/g)];

  it('gives every server its exit code with thresholds of the plain range form', () => {
    expect(perf.map(([, name, value]) => [name, value])).toEqual([
      ['NDES02', '2'],
      ['NDES01', '0'],
      ['ndes3.contoso.com', '3'],
    ]);
    for (const [, , , warn, crit] of perf) expect(`${warn};${crit}`).toMatch(/^\d+;\d+$/);
  });

  it('has thresholds that read exit 0 as OK, 1 as WARNING and 2 as CRITICAL, each on its own side of the bounds', () => {
    for (const [, , , warn, crit] of perf) {
      expect([0, 1, 2].map((code) => stateByThresholds(code, warn!, crit!))).toEqual([0, 1, 2]);
      // UNKNOWN has no range of its own: a server that could not be checked alerts as critical, never passes.
      expect(stateByThresholds(3, warn!, crit!)).toBe(2);
    }
  });
});
