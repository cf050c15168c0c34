import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/engine/types.js';
import { renderNagios } from '../../src/report/nagios.js';
import { sampleReport, sampleResults } from './sample.js';

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
