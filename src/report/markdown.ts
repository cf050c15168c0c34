import type { Result, Status } from '../engine/types.js';
import type { Report } from './model.js';
import type { RenderOptions } from './index.js';
import { certificateLine, changesHeadline, changesOf, findingChangeLine } from './changes.js';
import { codeLabel, errorLabel, groupByTarget, isFinding, isWebUrl, printableReport, sortResults } from './view.js';

const STATUS_WORD = { fail: 'FAIL', error: 'ERROR', warn: 'WARN', skip: 'SKIP', pass: 'PASS' } as const;
const DISPLAY_ORDER: readonly Status[] = ['fail', 'error', 'warn', 'pass', 'skip'];

/** Markdown for a support ticket or chat: summary, findings with fixes, then a compact list of the rest. */
export function renderMarkdown(input: Report, _opts?: RenderOptions): string {
  const report = printableReport(input);
  const env = report.environment;
  const out: string[] = [];
  out.push(`# ndes-doctor report: ${report.summary.status.toUpperCase()}`, '');
  out.push('| | |', '|---|---|');
  const rows: [string, string | undefined][] = [
    ['Tool', `${report.tool.name} ${report.tool.version}`],
    ['Host', env.host],
    ['OS', env.os],
    ['Mode', report.run.mode],
    ['Profile', env.profile],
    ['Bundle', env.bundle],
    ['Collected', env.collectedAt],
    ['Started', report.run.startedAt],
    ['Duration', `${report.run.durationMs} ms`],
    ['Elevated', report.run.elevated === null ? 'unknown' : report.run.elevated ? 'yes' : 'no'],
    ['Command', report.run.argv.length ? `ndes-doctor ${report.run.argv.join(' ')}` : undefined],
  ];
  for (const [k, v] of rows) if (v !== undefined) out.push(`| ${k} | ${cell(v)} |`);
  out.push('');
  out.push(...changesSection(report));

  out.push('## Summary', '');
  out.push(`| ${DISPLAY_ORDER.map((s) => STATUS_WORD[s]).join(' | ')} | Status | Exit code |`);
  out.push(`|${DISPLAY_ORDER.map(() => '---:').join('|')}|---|---:|`);
  out.push(
    `| ${DISPLAY_ORDER.map((s) => report.summary.counts[s]).join(' | ')} | ${report.summary.status.toUpperCase()} | ${report.summary.exitCode} |`,
  );
  out.push('', `Failures at or above severity \`${report.summary.failOn}\` exit 2.`, '');

  for (const group of groupByTarget(report.results)) {
    const sorted = sortResults(group.results);
    const findings = sorted.filter(isFinding);
    const quiet = sorted.filter((r) => !isFinding(r));
    const prefix = group.target ? ` for ${inline(group.target)}` : '';
    out.push(`## Findings${prefix}`, '');
    if (!findings.length) out.push('No failures, errors or warnings.', '');
    for (const r of findings) out.push(...finding(r));
    if (quiet.length) {
      out.push(`## Passed and skipped${prefix}`, '');
      out.push('| Status | Check | Title | Note |', '|---|---|---|---|');
      for (const r of quiet) {
        const note = r.status === 'skip' ? `${r.message}${r.skipReason ? ` (${r.skipReason})` : ''}` : r.message;
        out.push(`| ${STATUS_WORD[r.status]} | ${cell(r.id)} | ${cell(r.title)} | ${cell(note)} |`);
      }
      out.push('');
    }
  }

  if (report.runWarnings.length) {
    out.push('## Run warnings', '');
    for (const w of report.runWarnings) out.push(`- ${text(w)}`);
    out.push('');
  }
  if (report.redaction?.applied) {
    out.push(
      `_Redacted (${text(report.redaction.rules.join(', '))}; ${report.redaction.masked} values masked). Redaction is best-effort: review before sharing._`,
      '',
    );
  }
  return out.join('\n');
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
  const commands = r.remediation?.commands ?? [];
  if (commands.length) out.push(...fence(commands.join('\n'), 'powershell'), '');
  return out;
}

/** Escapes characters that markdown would read as formatting, links or HTML. */
export function text(s: string): string {
  return s.replace(/\r?\n/g, ' ').replace(/[\\`*_[\]<>#|~&]/g, '\\$&');
}

/** A table cell: `text` already flattens line breaks (which would end the row) and escapes `|`. */
export const cell = text;

/** A code span whose fence is longer than any backtick run inside; `|` stays escaped for tables. */
export function inline(s: string): string {
  const flat = s.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((m) => m.length));
  const tick = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${tick}${pad}${flat.replace(/\|/g, '\\|')}${pad}${tick}`;
}

function fence(body: string, lang: string): string[] {
  const longest = Math.max(2, ...(body.match(/`{3,}/g) ?? []).map((m) => m.length));
  const tick = '`'.repeat(longest + 1);
  return [`${tick}${lang}`, body, tick];
}

function link(url: string): string {
  return isWebUrl(url) ? `<${url.replace(/[<>]/g, encodeURIComponent)}>` : inline(url);
}

/** What changed since the compared run (--history, --baseline), before the summary. */
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
