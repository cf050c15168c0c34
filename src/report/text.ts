import { Chalk } from 'chalk';
import type { Result, Status } from '../engine/types.js';
import type { Report, ServerReport } from './model.js';
import type { RenderOptions } from './renderer.js';
import { certificateLine, changesHeadline, changesOf, findingChangeLine } from './changes.js';
import {
  areaSections,
  codeLabel,
  commandBlocks,
  countsLine,
  errorLabel,
  isFinding,
  printableReport,
  serverViews,
  SHELL_NAMES,
  TOP_FINDINGS,
  targetOf,
  topFindings,
  type AreaSection,
  type ServerView,
} from './view.js';

type Paint = InstanceType<typeof Chalk>;

/**
 * Human report for the terminal: the verdict and the most severe findings first, then each area
 * with its findings and fixes (passes collapsed unless verbose), and the verdict again at the end,
 * where a terminal leaves it in view.
 */
export function renderText(input: Report, opts: RenderOptions): string {
  const report = printableReport(input);
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const mark = marks(c);
  const env = report.environment;
  const lines: string[] = [];
  lines.push(
    c.bold(`ndes-doctor ${report.tool.version}`) +
      c.dim(` · ${report.run.mode}${report.servers ? ` · ${report.servers.length} servers` : ''}${env.profile ? ` · ${env.profile}` : ''}${env.host ? ` · ${env.host}` : ''}${env.bundle ? ` · ${env.bundle}` : ''}`),
  );
  lines.push(verdictLine(report, c), '');
  lines.push(...changesSection(report, c));
  const servers = serverViews(report);
  if (servers) {
    lines.push(...serverTable(servers, c));
    for (const view of servers) lines.push(...serverSection(view, opts.verbose, mark, c));
  } else {
    lines.push(...details(report, opts.verbose, mark, c));
  }
  lines.push(verdictLine(report, c));
  for (const w of report.runWarnings) lines.push(c.yellow(`note: ${w}`));
  if (report.redaction?.applied) {
    lines.push(c.dim(`redacted: ${report.redaction.rules.join(', ')} (${report.redaction.masked} values masked)`));
  }
  return lines.join('\n') + '\n';
}

function details(report: Report, verbose: boolean, mark: Record<Status, string>, c: Paint): string[] {
  return [...summarySection(report, mark, c), ...areaSections(report.results).flatMap((section) => areaSection(section, verbose, mark, c))];
}

/** A fleet run: one line per server with its verdict and counts, before each server's findings. */
function serverTable(servers: readonly ServerView[], c: Paint): string[] {
  const width = Math.max(6, ...servers.map((v) => v.server.name.length));
  const lines = [c.bold(`${'Server'.padEnd(width)}  Result    Exit  Fail Error  Warn  Pass  Skip  Source`)];
  for (const { server: s } of servers) {
    const n = s.counts;
    const counts = [n.fail, n.error, n.warn, n.pass, n.skip].map((x) => String(x).padStart(5)).join(' ');
    lines.push(`${s.name.padEnd(width)}  ${STATUS_PAINT[s.status](c)(s.status.toUpperCase().padEnd(8))}  ${String(s.exitCode).padStart(4)} ${counts}  ${c.dim(`${s.mode} ${s.source}`)}`);
  }
  return [...lines, ''];
}

const STATUS_PAINT = {
  ok: (c: Paint) => c.green,
  warning: (c: Paint) => c.yellow,
  critical: (c: Paint) => c.red,
  unknown: (c: Paint) => c.magenta,
} as const satisfies Record<ServerReport['status'], (c: Paint) => Paint>;

function serverSection({ server, report }: ServerView, verbose: boolean, mark: Record<Status, string>, c: Paint): string[] {
  const env = report.environment;
  const facts = [server.mode, server.source, env.os, env.connector, env.collectedAt && `collected ${env.collectedAt}`].filter(Boolean).join(' · ');
  const lines = [
    `${c.bold.inverse(` ${server.name} `)} ${STATUS_PAINT[server.status](c).bold(`${server.status.toUpperCase()} (exit ${server.exitCode})`)} ${c.dim(facts)}`,
    '',
  ];
  if (server.notStarted !== undefined) lines.push(c.magenta(`Not checked: ${server.notStarted}`), '');
  else lines.push(...details(report, verbose, mark, c));
  for (const w of server.runWarnings) lines.push(c.yellow(`note: ${w}`));
  return server.runWarnings.length ? [...lines, ''] : lines;
}

function marks(c: Paint): Record<Status, string> {
  return {
    fail: c.red('✖ FAIL'),
    error: c.magenta('! ERROR'),
    warn: c.yellow('▲ WARN'),
    skip: c.dim('- SKIP'),
    pass: c.green('✔ PASS'),
  };
}

function verdictLine(report: Report, c: Paint): string {
  const n = report.summary.counts;
  return (
    c.bold(`Result: ${report.summary.status.toUpperCase()} (exit ${report.summary.exitCode}${report.run.exitZero ? ', forced to 0 by --exit-zero' : ''})`) +
    ` · ${n.fail} fail, ${n.error} error, ${n.warn} warn, ${n.pass} pass, ${n.skip} skip`
  );
}

/** The most severe findings of the whole run, one line each, before the details. */
function summarySection(report: Report, mark: Record<Status, string>, c: Paint): string[] {
  const top = topFindings(report.results);
  if (top.length === 0) return [report.run.notStarted === undefined ? c.green('No failures, errors or warnings.') : c.magenta('Nothing was checked.'), ''];
  const lines = [c.bold('Top findings, most severe first:')];
  for (const r of top.slice(0, TOP_FINDINGS)) {
    const target = targetOf(r);
    lines.push(`  ${mark[r.status]}${' '.repeat(5 - r.status.length)} ${r.severity.padEnd(8)} ${c.bold(r.id)} ${r.title}${target ? c.dim(` · ${target}`) : ''}`);
  }
  if (top.length > TOP_FINDINGS) lines.push(c.dim(`  and ${top.length - TOP_FINDINGS} more below.`));
  return [...lines, ''];
}

function areaSection(section: AreaSection, verbose: boolean, mark: Record<Status, string>, c: Paint): string[] {
  const heading = `${section.title}${section.target ? ` · ${section.target}` : ''}`;
  const lines = [`${c.bold.underline(heading)} ${mark[section.verdict]} ${c.dim(`(${countsLine(section.counts)})`)}`, ''];
  for (const r of section.results.filter(isFinding)) lines.push(...problem(r, mark[r.status], verbose, c), '');
  const quiet = section.results.filter((r) => !isFinding(r));
  if (verbose) {
    for (const r of quiet) {
      lines.push(`${mark[r.status]} ${r.id} ${r.title}`);
      lines.push(c.dim(`    ${r.message}${r.skipReason ? ` (${r.skipReason})` : ''}`));
    }
    if (quiet.length) lines.push('');
  } else if (quiet.length) {
    const skipped = quiet.filter((r) => r.status === 'skip');
    lines.push(c.dim(`${quiet.length - skipped.length} passed, ${skipped.length} skipped (--verbose lists them).`));
    for (const r of skipped) lines.push(c.dim(`  - ${r.id} ${r.message}`));
    lines.push('');
  }
  return lines;
}

function problem(r: Result, mark: string, verbose: boolean, c: Paint): string[] {
  const out = [`${mark} ${c.bold(r.id)} ${r.title} ${c.dim(`[${r.severity}]`)}`, `    ${r.message}`];
  if (r.evidence?.expected !== undefined) out.push(c.dim(`    expected: ${r.evidence.expected}`));
  if (r.evidence?.actual !== undefined) out.push(c.dim(`    actual:   ${r.evidence.actual}`));
  if (r.evidence?.source) out.push(c.dim(`    source:   ${r.evidence.source}`));
  for (const code of r.evidence?.codes ?? []) out.push(c.dim(`    code:     ${codeLabel(code)}`));
  if (r.remediation) {
    out.push(`    ${c.cyan('fix:')} ${r.remediation.text}`);
    // Each block names its shell; the commands stand alone on their lines, so they paste as they are.
    for (const block of commandBlocks(r.remediation.commands)) {
      out.push(`    ${c.cyan(`in ${SHELL_NAMES[block.shell]}:`)}`);
      for (const line of block.lines) out.push(`      ${line}`);
    }
    if (r.remediation.docs) out.push(c.dim(`    docs: ${r.remediation.docs}`));
  }
  if (r.error) {
    out.push(c.dim(`    error: ${errorLabel(r.error.code)}`));
    if (verbose && r.error.stack) out.push(...r.error.stack.split('\n').map((l) => c.dim(`      ${l}`)));
  }
  out.push(c.dim(`    more: ndes-doctor explain ${r.id}`));
  return out;
}

/** What changed since the compared run (--history, --baseline), right after the verdict. */
function changesSection(report: Report, c: Paint): string[] {
  const changes = changesOf(report);
  if (!changes) return [];
  const lines = [c.bold(changesHeadline(changes))];
  for (const f of changes.new) lines.push(c.red(`  new       ${findingChangeLine(f)}`));
  for (const f of changes.resolved) lines.push(c.green(`  resolved  ${findingChangeLine(f)}`));
  for (const f of changes.changed) lines.push(c.yellow(`  changed   ${findingChangeLine(f)}`));
  if (changes.certificates.length) lines.push(c.bold('Certificates, soonest expiry first:'));
  for (const cert of changes.certificates) lines.push(`  ${certificateLine(cert)}`);
  return [...lines, ''];
}
