import type { Result } from '../engine/types.js';
import type { Report } from './model.js';
import type { RenderOptions } from './renderer.js';
import { certificateLine, changesHeadline, changesOf, findingChangeLine } from './changes.js';
import {
  areaSections,
  codeLabel,
  commandBlocks,
  COUNT_ORDER,
  countsLine,
  errorLabel,
  isFinding,
  isWebUrl,
  printableReport,
  serverFacts,
  serverViews,
  SHELL_NAMES,
  STATUS_WORD,
  TOP_FINDINGS,
  targetOf,
  topFindings,
  type AreaSection,
  type ServerView,
} from './view.js';

/** Markdown for a support ticket or chat: verdict and top findings, then each area with its findings and fixes, then the run's facts. */
export function renderMarkdown(input: Report, _opts?: RenderOptions): string {
  const report = printableReport(input);
  const env = report.environment;
  const out: string[] = [];
  const servers = serverViews(report);
  out.push(`# ndes-doctor report: ${report.summary.status.toUpperCase()}${env.host ? ` · ${text(env.host)}` : ''}${servers ? ` · ${servers.length} servers` : ''}`, '');
  out.push(
    `**${report.summary.status.toUpperCase()}** (exit ${report.summary.exitCode}${report.run.exitZero ? ', forced to 0 by --exit-zero' : ''}): ` +
      `failures at or above severity \`${report.summary.failOn}\` exit 2.`,
    '',
  );
  out.push(`| ${COUNT_ORDER.map((s) => STATUS_WORD[s]).join(' | ')} |`, `|${COUNT_ORDER.map(() => '---:').join('|')}|`);
  out.push(`| ${COUNT_ORDER.map((s) => report.summary.counts[s]).join(' | ')} |`, '');
  out.push(...changesSection(report));
  if (servers) {
    out.push(...serverTable(servers));
    for (const view of servers) out.push(...serverSection(view));
  } else {
    out.push(...summarySection(report));
    for (const section of areaSections(report.results)) out.push(...areaSection(section));
  }

  if (report.runWarnings.length) {
    out.push('## Run warnings', '');
    for (const w of report.runWarnings) out.push(`- ${text(w)}`);
    out.push('');
  }
  out.push('## Environment and run', '', '| | |', '|---|---|');
  const rows: [string, string | undefined][] = [
    ['Tool', `${report.tool.name} ${report.tool.version}`],
    ['Host', env.host],
    ['OS', env.os],
    ['Connector', env.connector],
    ['Mode', report.run.mode],
    ['Profile', env.profile],
    ['Bundle', env.bundle],
    ['Collected', env.collectedAt],
    ['Evaluated as of', report.run.evaluatedAt],
    ['Started', report.run.startedAt],
    ['Duration', `${report.run.durationMs} ms`],
    ['Elevated', report.run.elevated === null ? 'unknown' : report.run.elevated ? 'yes' : 'no'],
    ['Command', report.run.argv.length ? `ndes-doctor ${report.run.argv.join(' ')}` : undefined],
    ['Redaction', redactionLine(report)],
  ];
  for (const [k, v] of rows) if (v !== undefined) out.push(`| ${k} | ${cell(v)} |`);
  out.push('');
  return out.join('\n');
}

/** A fleet run: each server's verdict and counts, linked to its section. */
function serverTable(servers: readonly ServerView[]): string[] {
  const out = ['## Servers', '', `| Server | Result | Exit | ${COUNT_ORDER.map((s) => STATUS_WORD[s]).join(' | ')} | Source |`, `|---|---|---:|${COUNT_ORDER.map(() => '---:').join('|')}|---|`];
  for (const { server: s } of servers) {
    out.push(`| ${cell(s.name)} | ${s.status.toUpperCase()} | ${s.exitCode} | ${COUNT_ORDER.map((x) => s.counts[x]).join(' | ')} | ${s.mode} ${cell(s.source)} |`);
  }
  return [...out, ''];
}

/** One server of a fleet: its facts, then its findings as a report of one server shows them. */
function serverSection({ server, report }: ServerView): string[] {
  const out = [`# Server ${text(server.name)}: ${server.status.toUpperCase()} (exit ${server.exitCode})`, ''];
  out.push('| | |', '|---|---|', ...serverFacts(server).filter(([, v]) => v !== undefined).map(([k, v]) => `| ${k} | ${cell(v!)} |`), '');
  if (server.notStarted !== undefined) return [...out, `**Not checked:** ${text(server.notStarted)}`, ''];
  out.push(...summarySection(report));
  for (const section of areaSections(report.results)) out.push(...areaSection(section));
  if (server.runWarnings.length) out.push(...server.runWarnings.map((w) => `- ${text(w)}`), '');
  return out;
}

function redactionLine(report: Report): string {
  return report.redaction?.applied
    ? `${report.redaction.rules.join(', ')}; ${report.redaction.masked} values masked. Redaction is best-effort: review before sharing.`
    : 'not applied';
}

/** The most severe findings across areas and targets. */
function summarySection(report: Report): string[] {
  const top = topFindings(report.results);
  const out = ['## Top findings', ''];
  if (top.length === 0) return [...out, report.run.notStarted === undefined ? 'No failures, errors or warnings.' : 'Nothing was checked.', ''];
  out.push('| Severity | Status | Check | Title |', '|---|---|---|---|');
  for (const r of top.slice(0, TOP_FINDINGS)) {
    const target = targetOf(r);
    out.push(`| ${r.severity} | ${STATUS_WORD[r.status]} | ${cell(r.id)} | ${cell(r.title)}${target ? ` (${cell(target)})` : ''} |`);
  }
  out.push('');
  if (top.length > TOP_FINDINGS) out.push(`And ${top.length - TOP_FINDINGS} more in the areas below.`, '');
  return out;
}

function areaSection(section: AreaSection): string[] {
  const out = [`## ${text(section.title)}${section.target ? ` · ${inline(section.target)}` : ''}: ${STATUS_WORD[section.verdict]}`, ''];
  out.push(`${countsLine(section.counts)}.`, '');
  for (const r of section.results.filter(isFinding)) out.push(...finding(r));
  const quiet = section.results.filter((r) => !isFinding(r));
  if (quiet.length) {
    out.push('| Status | Check | Title | Note |', '|---|---|---|---|');
    for (const r of quiet) {
      const note = r.status === 'skip' ? `${r.message}${r.skipReason ? ` (${r.skipReason})` : ''}` : r.message;
      out.push(`| ${STATUS_WORD[r.status]} | ${cell(r.id)} | ${cell(r.title)} | ${cell(note)} |`);
    }
    out.push('');
  }
  return out;
}

function finding(r: Result): string[] {
  const out = [`### ${STATUS_WORD[r.status]} ${text(r.id)}: ${text(r.title)}`, ''];
  out.push(`- **Severity:** ${r.severity}`);
  out.push(`- **Message:** ${text(r.message)}`);
  if (r.evidence?.expected !== undefined) out.push(`- **Expected:** ${inline(r.evidence.expected)}`);
  if (r.evidence?.actual !== undefined) out.push(`- **Actual:** ${inline(r.evidence.actual)}`);
  if (r.evidence?.source) out.push(`- **Source:** ${inline(r.evidence.source)}`);
  if (r.evidence?.codes?.length) out.push(`- **Codes:** ${r.evidence.codes.map((c) => text(codeLabel(c))).join('; ')}`);
  if (r.error) out.push(`- **Error:** ${text(errorLabel(r.error.code))}`);
  if (r.remediation) out.push(`- **Fix:** ${text(r.remediation.text)}`);
  if (r.remediation?.docs) out.push(`- **Docs:** ${link(r.remediation.docs)}`);
  out.push(`- **More:** ${inline(`ndes-doctor explain ${r.id}`)} (${inline(r.docs)})`);
  out.push('');
  for (const block of commandBlocks(r.remediation?.commands)) {
    out.push(`In ${SHELL_NAMES[block.shell]}:`, '', ...fence(block.lines.join('\n'), block.shell), '');
  }
  return out;
}

/** Escapes characters that markdown would read as formatting, links or HTML. */
export function text(s: string): string {
  return s.replace(/\r?\n/g, ' ').replace(/[\\`*_[\]<>#|~&]/g, '\\$&');
}

/**
 * A table cell: `text` already flattens line breaks (which would end the row) and escapes `|` and
 * `\`. Never a code span: there `\` stays literal, so data ending in `\` before a `|` closed the
 * cell in some renderers (marked, micromark) and let the rest be read as markup.
 */
export const cell = text;

/** A code span, outside tables only, whose fence is longer than any backtick run inside. */
export function inline(s: string): string {
  const flat = s.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((m) => m.length));
  const tick = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${tick}${pad}${flat}${pad}${tick}`;
}

function fence(body: string, lang: string): string[] {
  const longest = Math.max(2, ...(body.match(/`{3,}/g) ?? []).map((m) => m.length));
  const tick = '`'.repeat(longest + 1);
  return [`${tick}${lang}`, body, tick];
}

function link(url: string): string {
  return isWebUrl(url) ? `<${url.replace(/[<>]/g, encodeURIComponent)}>` : inline(url);
}

/** What changed since the compared run (--history, --baseline), right after the verdict. */
function changesSection(report: Report): string[] {
  const changes = changesOf(report);
  if (!changes) return [];
  const out = ['## Changes', '', text(changesHeadline(changes)), ''];
  const rows = [
    ...changes.new.map((f) => `| new | ${cell(findingChangeLine(f))} |`),
    ...changes.resolved.map((f) => `| resolved | ${cell(findingChangeLine(f))} |`),
    ...changes.changed.map((f) => `| changed | ${cell(findingChangeLine(f))} |`),
  ];
  if (rows.length) out.push('| | Check |', '|---|---|', ...rows, '');
  if (changes.certificates.length) out.push('Certificates, soonest expiry first:', '', ...changes.certificates.map((x) => `- ${text(certificateLine(x))}`), '');
  return out;
}
