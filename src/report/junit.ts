import { AREAS, type Result } from '../engine/types.js';
import type { Report } from './model.js';
import type { RenderOptions } from './renderer.js';
import { codeLabel, errorLabel, printableReport, targetOf } from './view.js';

/**
 * JUnit XML for CI dashboards: one testsuite per area, one testcase per check. JUnit has no
 * warning state, so a warn passes and carries its finding in system-out.
 */
export function renderJunit(input: Report, _opts?: RenderOptions): string {
  const report = printableReport(input);
  const byArea = new Map<string, Result[]>();
  for (const r of report.results) {
    if (!byArea.has(r.area)) byArea.set(r.area, []);
    byArea.get(r.area)!.push(r);
  }
  const n = report.summary.counts;
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ndes-doctor" tests="${report.results.length}" failures="${n.fail}" errors="${n.error}" skipped="${n.skip}" time="${seconds(report.run.durationMs)}" timestamp="${attr(report.run.startedAt)}">`,
  ];
  for (const [area, results] of byArea) {
    const count = (s: Result['status']) => results.filter((r) => r.status === s).length;
    const title = (AREAS as Record<string, { title: string }>)[area]?.title ?? area;
    out.push(
      `  <testsuite name="${attr(title)}" id="${attr(area)}" tests="${results.length}" failures="${count('fail')}" errors="${count('error')}" skipped="${count('skip')}" time="${seconds(results.reduce((t, r) => t + r.durationMs, 0))}"${report.environment.host ? ` hostname="${attr(report.environment.host)}"` : ''} timestamp="${attr(report.run.startedAt)}">`,
    );
    for (const r of results) out.push(...testcase(r));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

function testcase(r: Result): string[] {
  const target = targetOf(r);
  const name = `${r.id} ${r.title}${target ? ` [${target}]` : ''}`;
  const open = `    <testcase classname="${attr(r.area)}" name="${attr(name)}" time="${seconds(r.durationMs)}"`;
  const detail = details(r);
  switch (r.status) {
    case 'pass':
      return [`${open}/>`];
    case 'warn':
      return [`${open}>`, `      <system-out>${body(`WARN [${r.severity}]\n${detail}`)}</system-out>`, '    </testcase>'];
    case 'fail':
      return [`${open}>`, `      <failure message="${attr(r.message)}" type="${attr(r.severity)}">${body(detail)}</failure>`, '    </testcase>'];
    case 'error':
      return [
        `${open}>`,
        `      <error message="${attr(r.message)}" type="${attr(r.error?.code ?? 'E_INTERNAL')}">${body(detail)}</error>`,
        '    </testcase>',
      ];
    case 'skip':
      return [`${open}>`, `      <skipped message="${attr(r.skipReason ? `${r.message} (${r.skipReason})` : r.message)}"/>`, '    </testcase>'];
  }
}

function details(r: Result): string {
  const lines = [r.message];
  if (r.evidence?.expected !== undefined) lines.push(`expected: ${r.evidence.expected}`);
  if (r.evidence?.actual !== undefined) lines.push(`actual: ${r.evidence.actual}`);
  if (r.evidence?.source) lines.push(`source: ${r.evidence.source}`);
  for (const c of r.evidence?.codes ?? []) lines.push(`code: ${codeLabel(c)}`);
  if (r.error) lines.push(`error: ${errorLabel(r.error.code)}`);
  if (r.remediation) {
    lines.push(`fix: ${r.remediation.text}`);
    for (const cmd of r.remediation.commands ?? []) lines.push(`  ${cmd.shell}> ${cmd.text}`);
    if (r.remediation.docs) lines.push(`docs: ${r.remediation.docs}`);
  }
  lines.push(`more: ndes-doctor explain ${r.id}`);
  return lines.join('\n');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** XML 1.0 cannot carry most control characters even escaped, so server-provided text loses them. */
function clean(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD').replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export function attr(s: string): string {
  return clean(s).replace(/[&<>"']/g, (ch) => ESC[ch as keyof typeof ESC]).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

function body(s: string): string {
  return clean(s).replace(/[&<>]/g, (ch) => ESC[ch as keyof typeof ESC]);
}

const ESC = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' } as const;
