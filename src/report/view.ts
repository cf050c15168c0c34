import { AREAS, ERROR_CODES, SEVERITIES, type Command, type Result, type Shell, type Status } from '../engine/types.js';
import { describeCode } from '../knowledge/index.js';
import type { Report, ServerReport } from './model.js';
import { printable } from './printable.js';
import { ownValue } from '../parse/own-value.js';

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

/** The server of a fleet run a result is about; read defensively like `targetOf`. */
export function serverOf(r: Result): string | undefined {
  const s = (r as { server?: unknown }).server;
  return typeof s === 'string' && s !== '' ? s : undefined;
}

/** `0x00000411 SCEP request rejected`-style label, or the bare code when the knowledge base does not know it. */
export function codeLabel(code: string): string {
  return describeCode(code) ?? code;
}

export function errorLabel(code: string): string {
  const text = ownValue(ERROR_CODES as Record<string, string>, code);
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

export const STATUS_WORD = { fail: 'FAIL', error: 'ERROR', warn: 'WARN', skip: 'SKIP', pass: 'PASS' } as const satisfies Record<Status, string>;

/** The order counts are shown in: the findings, then the rest. */
export const COUNT_ORDER: readonly Status[] = ['fail', 'error', 'warn', 'pass', 'skip'];

/** How many findings the summary at the top of a report lists before "and N more". */
export const TOP_FINDINGS = 10;

/**
 * Every finding across areas and targets, most severe first: severity (critical first), then fail
 * before error before warn, then report order. What the summary at the top of a report lists.
 */
export function topFindings(results: readonly Result[]): Result[] {
  return results
    .filter(isFinding)
    .map((r, i) => ({ r, i }))
    .sort((a, b) => SEVERITIES.indexOf(a.r.severity) - SEVERITIES.indexOf(b.r.severity) || STATUS_ORDER[a.r.status] - STATUS_ORDER[b.r.status] || a.i - b.i)
    .map(({ r }) => r);
}

/** One area of the report (the endpoint area once per probed target), with its own verdict. */
export interface AreaSection {
  area: string;
  title: string;
  target?: string;
  /** The worst status in the area: fail, error, warn, then pass; skip when every check was skipped. */
  verdict: Status;
  counts: Record<Status, number>;
  /** Findings first (fail, error, warn, most severe first), then passes and skips. */
  results: Result[];
}

/**
 * Results grouped by area in the catalogue's order (areas a newer version added, after them), and
 * the endpoint area split by probed target: the details part of every human format.
 */
export function areaSections(results: readonly Result[]): AreaSection[] {
  const known = Object.keys(AREAS);
  const groups = new Map<string, Result[]>();
  for (const r of results) {
    const key = `${r.area}\u0000${targetOf(r) ?? ''}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(r);
  }
  const rank = (area: string) => (known.includes(area) ? known.indexOf(area) : known.length);
  return [...groups.values()]
    .map((rs, order) => ({ rs, order }))
    .sort((a, b) => rank(a.rs[0]!.area) - rank(b.rs[0]!.area) || a.order - b.order)
    .map(({ rs }) => {
      const counts = Object.fromEntries(COUNT_ORDER.map((s) => [s, rs.filter((r) => r.status === s).length])) as Record<Status, number>;
      const area = rs[0]!.area;
      const target = targetOf(rs[0]!);
      return {
        area,
        title: (AREAS as Record<string, { title: string }>)[area]?.title ?? area,
        ...(target && { target }),
        verdict: COUNT_ORDER.find((s) => counts[s] > 0) ?? 'skip',
        counts,
        results: sortResults(rs),
      };
    });
}

/** `2 fail, 1 warn, 3 pass`: the non-zero counts in display order, or `no checks`. */
export function countsLine(counts: Record<Status, number>, separator = ', '): string {
  return COUNT_ORDER.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`).join(separator) || 'no checks';
}

export const SHELL_NAMES = { cmd: 'Command Prompt (cmd)', powershell: 'PowerShell' } as const satisfies Record<Shell, string>;

/** A run of consecutive commands for one shell: pasted together into one prompt. */
export interface CommandBlock {
  shell: Shell;
  lines: string[];
}

export function commandBlocks(commands: readonly Command[] = []): CommandBlock[] {
  const blocks: CommandBlock[] = [];
  for (const c of commands) {
    const last = blocks.at(-1);
    if (last?.shell === c.shell) last.lines.push(c.text);
    else blocks.push({ shell: c.shell, lines: [c.text] });
  }
  return blocks;
}

/** One server of a fleet run, and the part of the report about it shaped as a report of its own. */
export interface ServerView {
  server: ServerReport;
  report: Report;
}

/**
 * The servers of a fleet report, each as a report of its own so every format renders a server's
 * findings as it renders a single run; undefined for a report of one server.
 */
export function serverViews(report: Report): ServerView[] | undefined {
  const servers = Array.isArray(report.servers) && report.servers.length > 0 ? report.servers : undefined;
  if (!servers) return undefined;
  const { notStarted: _none, ...run } = report.run;
  return servers.map((server) => ({
    server,
    report: {
      ...report,
      run: { ...run, mode: server.mode, evaluatedAt: server.evaluatedAt, durationMs: server.durationMs, ...(server.notStarted !== undefined && { notStarted: server.notStarted }) },
      summary: { ...report.summary, status: server.status, exitCode: server.exitCode, counts: server.counts },
      environment: {
        platform: report.environment.platform,
        node: report.environment.node,
        ...(server.host && { host: server.host }),
        ...(server.os && { os: server.os }),
        ...(server.connector && { connector: server.connector }),
        ...(server.mode === 'bundle' && { bundle: server.source }),
        ...(server.collectedAt && { collectedAt: server.collectedAt }),
        ...(server.collectedBy && { collectedBy: server.collectedBy }),
      },
      results: report.results.filter((r) => serverOf(r) === server.name),
      runWarnings: server.runWarnings,
      changes: undefined,
      servers: undefined,
    },
  }));
}

/** What a server section of a fleet report shows about the server before its findings. */
export function serverFacts(server: ServerReport): [string, string | undefined][] {
  return [
    ['Source', `${server.mode} ${server.source}`],
    ['OS', server.os],
    ['Connector', server.connector],
    ['Collected at', server.collectedAt],
    ['Evaluated at', server.evaluatedAt],
  ];
}
