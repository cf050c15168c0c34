import type { Report } from './model.js';
import type { RenderOptions } from './renderer.js';
import { isFinding, printable, sortResults } from './view.js';

/** Monitoring systems truncate plugin output; ids past this are counted instead of listed. */
const MAX_IDS = 10;

/** One Monitoring Plugins line: `NDES-DOCTOR <STATUS> - <summary>: <ids> | <perfdata>`. */
export function renderNagios(report: Report, _opts?: RenderOptions): string {
  const status = report.summary.status.toUpperCase();
  // A run that could not start has no counts to speak of: the reason is the whole message.
  if (report.run.notStarted !== undefined) return `NDES-DOCTOR ${status} - ${oneLine(report.run.notStarted)}\n`;
  const n = report.summary.counts;
  const ids = sortResults(report.results)
    .filter(isFinding)
    .map((r) => printable(r.id).replace(/[|\s]/g, '_'));
  const unique = [...new Set(ids)];
  const listed = unique.slice(0, MAX_IDS).join(', ') + (unique.length > MAX_IDS ? `, +${unique.length - MAX_IDS} more` : '');
  const interrupted = report.run.interrupted ? `interrupted by ${oneLine(report.run.interrupted)}; ` : '';
  const forced = report.run.exitZero ? ' (exit forced to 0 by --exit-zero)' : '';
  const summary = `${interrupted}${n.fail} fail, ${n.error} error, ${n.warn} warn${listed ? `: ${listed}` : ''}${forced}`;
  const perf = `pass=${n.pass} warn=${n.warn} fail=${n.fail} error=${n.error} skip=${n.skip}`;
  return `NDES-DOCTOR ${status} - ${summary} | ${perf}\n`;
}

/** Plugin output is one line, and `|` starts the performance data. */
function oneLine(s: string): string {
  return printable(s.replace(/\r?\n/g, ' ')).replace(/\|/g, '/');
}
