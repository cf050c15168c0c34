import { Chalk } from 'chalk';
import type { Result } from '../engine/types.js';
import type { Report } from './model.js';
import type { RenderOptions } from './index.js';

const ORDER = { fail: 0, error: 1, warn: 2, skip: 3, pass: 4 } as const;
const SEV = { critical: 0, high: 1, medium: 2, low: 3, info: 4 } as const;

/** Human report: problems first (fail, error, warn) with remediation inline, passes collapsed unless verbose. */
export function renderText(report: Report, opts: RenderOptions): string {
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const mark = { fail: c.red('✖ FAIL'), error: c.magenta('! ERROR'), warn: c.yellow('▲ WARN'), skip: c.dim('- SKIP'), pass: c.green('✔ PASS') };
  const lines: string[] = [];
  const env = report.environment;
  lines.push(c.bold(`ndes-doctor ${report.tool.version}`) + c.dim(` · ${report.run.mode}${env.host ? ` · ${env.host}` : ''}${env.bundle ? ` · ${env.bundle}` : ''}`));
  lines.push('');
  const sorted = [...report.results].sort((a, b) => ORDER[a.status] - ORDER[b.status] || SEV[a.severity] - SEV[b.severity]);
  const problems = sorted.filter((r) => r.status === 'fail' || r.status === 'error' || r.status === 'warn');
  for (const r of problems) lines.push(...problem(r, mark[r.status], c), '');
  const quiet = sorted.filter((r) => r.status === 'pass' || r.status === 'skip');
  if (opts.verbose) {
    for (const r of quiet) {
      lines.push(`${mark[r.status]} ${r.id} ${r.title}`);
      lines.push(c.dim(`    ${r.message}`));
    }
  } else if (quiet.length) {
    const skipped = quiet.filter((r) => r.status === 'skip');
    lines.push(c.dim(`${quiet.length - skipped.length} passed, ${skipped.length} skipped (--verbose lists them).`));
    for (const r of skipped) lines.push(c.dim(`  - ${r.id} ${r.message}`));
  }
  lines.push('');
  const n = report.summary.counts;
  lines.push(
    c.bold(`Result: ${report.summary.status.toUpperCase()} (exit ${report.summary.exitCode})`) +
      ` · ${n.fail} fail, ${n.error} error, ${n.warn} warn, ${n.pass} pass, ${n.skip} skip`,
  );
  for (const w of report.runWarnings) lines.push(c.yellow(`note: ${w}`));
  return lines.join('\n') + '\n';
}

function problem(r: Result, mark: string, c: InstanceType<typeof Chalk>): string[] {
  const out = [`${mark} ${c.bold(r.id)} ${r.title} ${c.dim(`[${r.severity}]`)}`, `    ${r.message}`];
  if (r.evidence?.expected !== undefined) out.push(c.dim(`    expected: ${r.evidence.expected}`));
  if (r.evidence?.actual !== undefined) out.push(c.dim(`    actual:   ${r.evidence.actual}`));
  if (r.evidence?.source) out.push(c.dim(`    source:   ${r.evidence.source}`));
  if (r.remediation) {
    out.push(`    ${c.cyan('fix:')} ${r.remediation.text}`);
    for (const cmd of r.remediation.commands ?? []) out.push(`      ${c.cyan('>')} ${cmd}`);
    if (r.remediation.docs) out.push(c.dim(`    docs: ${r.remediation.docs}`));
  }
  if (r.error) out.push(c.dim(`    error code: ${r.error.code}`));
  out.push(c.dim(`    more: ndes-doctor explain ${r.id}`));
  return out;
}
