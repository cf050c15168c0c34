import { describe, expect, it } from 'vitest';
import { exitCodeFor, worstExitCode } from '../../src/engine/exit-code.js';
import type { Result, Severity, Status } from '../../src/engine/types.js';

const r = (status: Status, severity: Severity = 'high'): Result => ({
  id: `NDES-X-${status}`,
  slug: 'x',
  area: 'iis',
  title: 'x',
  severity,
  status,
  message: '',
  docs: '',
  durationMs: 0,
});

describe('exitCodeFor', () => {
  it('is 0 when everything passed or was skipped', () => {
    expect(exitCodeFor([r('pass'), r('skip')], 'info')).toBe(0);
  });
  it('is 1 for warnings only', () => {
    expect(exitCodeFor([r('pass'), r('warn')], 'info')).toBe(1);
  });
  it('puts a fail (2) above an error (3) above a warning (1)', () => {
    expect(exitCodeFor([r('warn'), r('error'), r('fail')], 'info')).toBe(2);
    expect(exitCodeFor([r('warn'), r('error')], 'info')).toBe(3);
  });
  it('counts a fail below --fail-on as a warning', () => {
    expect(exitCodeFor([r('fail', 'low')], 'high')).toBe(1);
    expect(exitCodeFor([r('fail', 'critical')], 'high')).toBe(2);
    expect(exitCodeFor([r('fail', 'low'), r('error')], 'high')).toBe(3);
  });
});

describe('worstExitCode (several servers in one run)', () => {
  it('takes the most urgent code in the precedence 2 > 3 > 1 > 0', () => {
    expect(worstExitCode([0, 0])).toBe(0);
    expect(worstExitCode([0, 1, 0])).toBe(1);
    expect(worstExitCode([1, 3, 0])).toBe(3);
    expect(worstExitCode([3, 2, 1])).toBe(2);
    expect(worstExitCode([2, 0])).toBe(2);
  });

  it('is unknown when there is no server at all', () => {
    expect(worstExitCode([])).toBe(3);
  });
});
