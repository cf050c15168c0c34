import { SEVERITIES, type Result, type Severity } from './types.js';

export const EXIT = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type OverallStatus = 'ok' | 'warning' | 'critical' | 'unknown';

export const OVERALL_BY_EXIT = {
  0: 'ok',
  1: 'warning',
  2: 'critical',
  3: 'unknown',
} as const satisfies Record<ExitCode, OverallStatus>;

export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

/**
 * Monitoring Plugins convention, precedence 2 > 3 > 1 > 0: a confirmed breakage outranks
 * "could not check", which outranks a warning. A fail below --fail-on counts as a warning.
 */
export function exitCodeFor(results: readonly Result[], failOn: Severity): ExitCode {
  // Nothing checked is not "all fine".
  if (results.length === 0) return EXIT.UNKNOWN;
  if (results.some((r) => r.status === 'fail' && atOrAbove(r.severity, failOn))) return EXIT.CRITICAL;
  if (results.some((r) => r.status === 'error')) return EXIT.UNKNOWN;
  if (results.some((r) => r.status === 'warn' || r.status === 'fail')) return EXIT.WARNING;
  return EXIT.OK;
}

/** The most urgent of several verdicts, in the same precedence (2 > 3 > 1 > 0); none at all is unknown. */
export function worstExitCode(codes: readonly ExitCode[]): ExitCode {
  return ([EXIT.CRITICAL, EXIT.UNKNOWN, EXIT.WARNING, EXIT.OK] as const).find((c) => codes.includes(c)) ?? EXIT.UNKNOWN;
}
