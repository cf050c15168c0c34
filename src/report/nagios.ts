import { EXIT } from '../engine/exit-code.js';
import type { Result } from '../engine/types.js';
import type { Report } from './model.js';
import type { RenderOptions } from './renderer.js';
import { isFinding, printable, serverViews, sortResults, type ServerView } from './view.js';

/** Monitoring systems truncate plugin output; ids past this are counted instead of listed. */
const MAX_IDS = 10;

/** One Monitoring Plugins line: `NDES-DOCTOR <STATUS> - <summary>: <ids> | <perfdata>`; a fleet run lists each server, the worst first. */
export function renderNagios(report: Report, _opts?: RenderOptions): string {
  const status = report.summary.status.toUpperCase();
  // A run that could not start has no counts to speak of: the reason is the whole message.
  if (report.run.notStarted !== undefined) return `NDES-DOCTOR ${status} - ${oneLine(report.run.notStarted)}\n`;
  const n = report.summary.counts;
  const interrupted = report.run.interrupted ? `interrupted by ${oneLine(report.run.interrupted)}; ` : '';
  const forced = report.run.exitZero ? ' (exit forced to 0 by --exit-zero)' : '';
  const servers = serverViews(report);
  const summary = servers ? fleetSummary(servers) : `${n.fail} fail, ${n.error} error, ${n.warn} warn${listedIds(report.results, MAX_IDS)}`;
  const perf = [`pass=${n.pass} warn=${n.warn} fail=${n.fail} error=${n.error} skip=${n.skip}`, ...(servers ?? []).map((v) => `'${perfLabel(v.server.name)}'=${v.server.exitCode};${SERVER_EXIT_THRESHOLDS};0;3`)];
  return `NDES-DOCTOR ${status} - ${interrupted}${summary}${forced} | ${perf.join(' ')}\n`;
}

/** `: NDES-HSYS-001, NDES-IIS-002, +3 more`, or nothing without findings. */
function listedIds(results: readonly Result[], max: number): string {
  const unique = [...new Set(sortResults(results).filter(isFinding).map((r) => printable(r.id).replace(/[|\s]/g, '_')))];
  if (!unique.length) return '';
  return `: ${unique.slice(0, max).join(', ')}${unique.length > max ? `, +${unique.length - max} more` : ''}`;
}

/** `3 servers: ndes02 CRITICAL (2 fail, 0 error, 1 warn: ...), ndes03 UNKNOWN (not checked: ...), ndes01 OK`: the worst first. */
function fleetSummary(servers: readonly ServerView[]): string {
  const worstFirst = [...servers].sort((a, b) => EXIT_RANK.indexOf(a.server.exitCode) - EXIT_RANK.indexOf(b.server.exitCode));
  const parts = worstFirst.map(({ server: s, report }) => {
    const name = `${oneLine(s.name)} ${s.status.toUpperCase()}`;
    if (s.notStarted !== undefined) return `${name} (not checked: ${oneLine(s.notStarted)})`;
    const n = s.counts;
    return n.fail + n.error + n.warn ? `${name} (${n.fail} fail, ${n.error} error, ${n.warn} warn${listedIds(report.results, MAX_IDS_PER_SERVER)})` : name;
  });
  return `${servers.length} servers: ${parts.join(', ')}`;
}

/**
 * Warn and crit of a server's exit code as Monitoring Plugins ranges, where "N" alerts outside 0..N:
 * exit 1 is above 0 (WARNING), exit 2 above 1 (CRITICAL). A range cannot say UNKNOWN, so exit 3 reads as CRITICAL.
 */
const SERVER_EXIT_THRESHOLDS = '0;1';

const EXIT_RANK: readonly number[] = [EXIT.CRITICAL, EXIT.UNKNOWN, EXIT.WARNING, EXIT.OK];
const MAX_IDS_PER_SERVER = 3;

/** A performance data label is quoted; a quote or `=` inside would end it. */
function perfLabel(server: string): string {
  return `${oneLine(server).replace(/['=]/g, '_')} exit`;
}

/** Plugin output is one line, and `|` starts the performance data. */
function oneLine(s: string): string {
  return printable(s.replace(/\r?\n/g, ' ')).replace(/\|/g, '/');
}
