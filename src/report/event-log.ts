import { changesOf } from './changes.js';
import { EVENT_SOURCE, EVENTS } from './event-ids.js';
import type { Report } from './model.js';
import { isFinding, sortResults } from './view.js';

/** Kept short: monitoring consoles show the first lines, and the full report is a file. */
export const EVENT_DESCRIPTION_MAX = 1000;
const MAX_FINDINGS = 10;

export interface EventCommand {
  file: string;
  args: string[];
  id: number;
}

/** The inbox `eventcreate` call that records this run in the Application log, or undefined for an OK run. */
export function eventCreateCommand(report: Report, reportFiles: readonly string[] = []): EventCommand | undefined {
  const status = report.summary.status;
  if (status === 'ok') return undefined;
  const { id, type } = EVENTS[status];
  return { file: 'eventcreate.exe', args: ['/L', 'APPLICATION', '/SO', EVENT_SOURCE, '/T', type, '/ID', String(id), '/D', eventDescription(report, reportFiles)], id };
}

/**
 * One line: verdict and counts, what changed, where the report is, then the findings most severe
 * first, which a long list cuts short rather than the rest. No double quotes or control characters,
 * which would not survive the Windows command line.
 */
export function eventDescription(report: Report, reportFiles: readonly string[] = []): string {
  const n = report.summary.counts;
  const host = report.environment.host ? ` on ${report.environment.host}` : '';
  const parts = [`ndes-doctor ${report.summary.status.toUpperCase()} (exit ${report.summary.exitCode})${host}: ${n.fail} fail, ${n.error} error, ${n.warn} warn.`];
  const servers = report.servers ?? [];
  if (servers.length) parts.push(`Servers: ${servers.map((x) => `${x.name} ${x.status.toUpperCase()}`).join(', ')}.`);
  // Read defensively: run.notStarted is set by report models that record a run that could not start.
  const notStarted = (report.run as { notStarted?: unknown }).notStarted;
  if (typeof notStarted === 'string') parts.push(`Could not start: ${notStarted}`);
  const changes = changesOf(report);
  if (changes?.since) parts.push(`Since the ${changes.since.source === 'baseline' ? 'baseline' : 'previous run'}: ${changes.new.length} new, ${changes.resolved.length} resolved, ${changes.changed.length} changed.`);
  if (reportFiles.length) parts.push(`Report: ${reportFiles.join(', ')}.`);
  parts.push('Fixes: ndes-doctor explain <check id>.');
  const findings = sortResults(report.results).filter(isFinding);
  const listed = findings.slice(0, MAX_FINDINGS).map((r) => `${r.status.toUpperCase()} ${r.id} ${r.title} [${r.severity}]${r.server || r.target ? ` on ${[r.server, r.target].filter(Boolean).join(' ')}` : ''}`);
  if (findings.length > MAX_FINDINGS) listed.push(`+${findings.length - MAX_FINDINGS} more`);
  if (listed.length) parts.push(`${listed.join('; ')}.`);
  const line = parts
    .join(' ')
    .replace(/"/g, "'")
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/ {2,}/g, ' ');
  if (line.length <= EVENT_DESCRIPTION_MAX) return line;
  // Cut before a surrogate pair rather than through it.
  const cut = /[\uD800-\uDBFF]/.test(line[EVENT_DESCRIPTION_MAX - 2]!) ? EVENT_DESCRIPTION_MAX - 2 : EVENT_DESCRIPTION_MAX - 1;
  return `${line.slice(0, cut)}…`;
}
