import { CliError } from './errors.js';

const UNITS_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/**
 * `--since`: a duration back from `now` (`90m`, `36h`, `7d`, `2w`) or a date (`2026-11-01`, read as
 * UTC midnight) or an ISO 8601 time. The start of the window must lie in the past.
 */
export function parseSince(value: string, now: Date): Date {
  const text = value.trim();
  const duration = /^(\d+(?:\.\d+)?)\s*([mhdw])$/i.exec(text);
  let at: Date;
  if (duration) {
    at = new Date(now.getTime() - Number(duration[1]) * UNITS_MS[duration[2]!.toLowerCase() as keyof typeof UNITS_MS]);
  } else if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    at = new Date(`${text}T00:00:00Z`);
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.test(text)) {
    at = new Date(/(Z|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}Z`);
  } else {
    throw new CliError(`--since takes a duration (90m, 36h, 7d, 2w) or a date (2026-11-01, or an ISO 8601 time); got "${value}".`);
  }
  if (Number.isNaN(at.getTime())) throw new CliError(`--since: "${value}" is not a valid date.`);
  if (at.getTime() >= now.getTime()) throw new CliError(`--since: "${value}" is not in the past.`);
  return at;
}
