import type { Report } from './model.js';
import type { RenderOptions } from './index.js';
import { sortResults, isFinding } from './view.js';

/** Monitoring systems truncate plugin output; ids past this are counted instead of listed. */
const MAX_IDS = 10;

/** One Monitoring Plugins line: `NDES-DOCTOR <STATUS> - <summary>: <ids> | <perfdata>`. */
export function renderNagios(report: Report, _opts?: RenderOptions): string {
  const n = report.summary.counts;
  const ids = sortResults(report.results)
    .filter(isFinding)
    .map((r) => r.id.replace(/[|\s]/g, '_'));
  const unique = [...new Set(ids)];
  const listed = unique.slice(0, MAX_IDS).join(', ') + (unique.length > MAX_IDS ? `, +${unique.length - MAX_IDS} more` : '');
  const summary = `${n.fail} fail, ${n.error} error, ${n.warn} warn${listed ? `: ${listed}` : ''}`;
  const perf = `pass=${n.pass} warn=${n.warn} fail=${n.fail} error=${n.error} skip=${n.skip}`;
  return `NDES-DOCTOR ${report.summary.status.toUpperCase()} - ${summary} | ${perf}\n`;
}
