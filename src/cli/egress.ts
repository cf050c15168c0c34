import type { Redaction, Report } from '../report/model.js';
import { redactReport, type RedactOptions } from '../report/redact.js';
import { CliError } from './errors.js';

/** `--redact` / `--no-redact` (undefined when neither is given), `--redact-hosts` and `--redact-users`. */
export interface RedactFlags {
  redact?: boolean;
  redactHosts?: boolean;
  redactUsers?: boolean;
}

export interface RedactionPlan {
  files: RedactOptions | undefined;
  stdout: RedactOptions | undefined;
}

/**
 * Files leave the machine (tickets, shares), so they are redacted unless --no-redact; stdout is
 * the operator's own terminal, so only --redact or --redact-hosts masks it.
 */
export function redactionPlan(flags: RedactFlags): RedactionPlan {
  const hosts = flags.redactHosts === true;
  const users = flags.redactUsers === true;
  if (flags.redact === false && (hosts || users)) throw new CliError(`${hosts ? '--redact-hosts' : '--redact-users'} cannot be combined with --no-redact.`);
  const options = { hosts, users };
  return {
    files: flags.redact === false ? undefined : options,
    stdout: flags.redact === true || hosts || users ? options : undefined,
  };
}

export function applyRedaction(report: Report, options: RedactOptions | undefined): Report {
  return options ? redactReport(report, options) : report;
}

/** The one-line stderr note after report files are written. */
export function reviewNote(paths: readonly string[], redaction: Redaction): string {
  const files = paths.join(', ');
  if (!redaction.applied) return `ndes-doctor: wrote ${files} without redaction (--no-redact): review before sharing.\n`;
  return (
    `ndes-doctor: wrote ${files}; redacted ${redaction.masked} value(s) (${redaction.rules.join(', ')}). ` +
    'Redaction is best-effort: review before sharing.\n'
  );
}
