import type { Evidence, Outcome, Remediation, Severity } from './types.js';

export function pass(message: string, evidence?: Evidence): Outcome {
  return { status: 'pass', message, evidence };
}

export function warn(message: string, remediation: Remediation, evidence?: Evidence, severity?: Severity): Outcome {
  return { status: 'warn', message, remediation, evidence, severity };
}

export function fail(message: string, remediation: Remediation, evidence?: Evidence, severity?: Severity): Outcome {
  return { status: 'fail', message, remediation, evidence, severity };
}

export function notApplicable(message: string): Outcome {
  return { status: 'skip', message, skipReason: 'not-applicable' };
}
