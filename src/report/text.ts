import { Chalk } from 'chalk';
import type { Result } from '../engine/types.js';
import type { Report } from './model.js';
import type { RenderOptions } from './index.js';
import { certificateLine, changesHeadline, changesOf, findingChangeLine } from './changes.js';
import { codeLabel, errorLabel, groupByTarget, isFinding, printableReport, sortResults } from './view.js';

type Paint = InstanceType<typeof Chalk>;

/** Human report: problems first (fail, error, warn) with remediation inline, passes collapsed unless verbose. */
export function renderText(input: Report, opts: RenderOptions): string {
  const report = printableReport(input);
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const lines: string[] = [];
  const env = report.environment;
  lines.push(
    c.bold(`ndes-doctor ${report.tool.version}`) +
      c.dim(` · ${report.run.mode}${env.profile ? ` · ${env.profile}` : ''}${env.host ? ` · ${env.host}` : ''}${env.bundle ? ` · ${env.bundle}` : ''}`),
  );
  lines.push('');
  lines.push(...changesSection(report, c));
  for (const group of groupByTarget(report.results)) {
    if (group.target) lines.push(c.bold.underline(`Target ${group.target}`), '');
    lines.push(...section(group.results, opts.verbose, c));
  }
  const n = report.summary.counts;
  lines.push(
    c.bold(`Result: ${report.summary.status.toUpperCase()} (exit ${report.summary.exitCode}${report.run.exitZero ? ', forced to 0 by --exit-zero' : ''})`) +
      ` · ${n.fail} fail, ${n.error} error, ${n.warn} warn, ${n.pass} pass, ${n.skip} skip`,
  );
  for (const w of report.runWarnings) lines.push(c.yellow(`note: ${w}`));
  if (report.redaction?.applied) {
    lines.push(c.dim(`redacted: ${report.redaction.rules.join(', ')} (${report.redaction.masked} values masked)`));
  }
  return lines.join('\n') + '\n';
}

function section(results: readonly Result[], verbose: boolean, c: Paint): string[] {
  const mark = {
    fail: c.red('✖ FAIL'),
    error: c.magenta('! ERROR'),
    warn: c.yellow('▲ WARN'),
    skip: c.dim('- SKIP'),
    pass: c.green('✔ PASS'),
  };
  const lines: string[] = [];
  const sorted = sortResults(results);
  for (const r of sorted.filter(isFinding)) lines.push(...problem(r, mark[r.status], verbose, c), '');
  const quiet = sorted.filter((r) => !isFinding(r));
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
    for (const cmd of r.remediation.commands ?? []) out.push(`      ${c.cyan('>')} ${cmd}`);
    if (r.remediation.docs) out.push(c.dim(`    docs: ${r.remediation.docs}`));
  }
  if (r.error) {
    out.push(c.dim(`    error: ${errorLabel(r.error.code)}`));
    if (verbose && r.error.stack) out.push(...r.error.stack.split('\n').map((l) => c.dim(`      ${l}`)));
  }
  out.push(c.dim(`    more: ndes-doctor explain ${r.id}`));
  return out;
}

/** What changed since the compared run (--history, --baseline), before the findings. */
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
