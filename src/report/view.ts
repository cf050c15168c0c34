import { ERROR_CODES, SEVERITIES, type Result, type Status } from '../engine/types.js';
import { describeCode } from '../knowledge/index.js';
import type { Report } from './model.js';
import { printable } from './printable.js';

export { printable };

/** Findings come in exit-code precedence (fail, error, warn), then the quiet ones. */
const STATUS_ORDER = { fail: 0, error: 1, warn: 2, skip: 3, pass: 4 } as const satisfies Record<Status, number>;

export const FINDING_STATUSES: readonly Status[] = ['fail', 'error', 'warn'];

export function isFinding(r: Result): boolean {
  return FINDING_STATUSES.includes(r.status);
}

/** Stable sort by status precedence, then severity; the declared order breaks ties. */
export function sortResults(results: readonly Result[]): Result[] {
  return [...results].sort(
    (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity),
  );
}

/**
 * The probed URL of an endpoint check run once per target. Read defensively because a saved
 * report may come from a version whose Result type has no such field.
 */
export function targetOf(r: Result): string | undefined {
  const t = (r as { target?: unknown }).target;
  return typeof t === 'string' && t !== '' ? t : undefined;
}

export interface TargetGroup {
  /** Undefined for results that are about the server itself rather than one probed URL. */
  target: string | undefined;
  results: Result[];
}

/** Server results first, then one group per target in order of first appearance. */
export function groupByTarget(results: readonly Result[]): TargetGroup[] {
  const groups = new Map<string | undefined, Result[]>([[undefined, []]]);
  for (const r of results) {
    const t = targetOf(r);
    if (!groups.has(t)) groups.set(t, []);
    groups.get(t)!.push(r);
  }
  return [...groups].filter(([, rs]) => rs.length > 0).map(([target, rs]) => ({ target, results: rs }));
}

/** `0x00000411 SCEP request rejected`-style label, or the bare code when the knowledge base does not know it. */
export function codeLabel(code: string): string {
  return describeCode(code) ?? code;
}

export function errorLabel(code: string): string {
  const text = (ERROR_CODES as Record<string, string>)[code];
  return text ? `${code}: ${text}` : code;
}

/** Only http(s) links become clickable; anything else is shown as text so a report cannot carry a script URL. */
export function isWebUrl(s: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(s);
}

/** The report with every string made printable, for the formats read in a terminal or log (text, markdown, junit, nagios). */
export function printableReport(report: Report): Report {
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return printable(value);
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [printable(k), walk(v)]));
    return value;
  };
  return walk(report) as Report;
}
