import { AREAS, type Result } from '../engine/types.js';
import type { Report } from './model.js';
import type { RenderOptions } from './renderer.js';
import { codeLabel, errorLabel, printableReport, serverViews, targetOf } from './view.js';

/**
 * JUnit XML for CI dashboards: one testsuite per area (per server and area in a fleet run), one
 * testcase per check. JUnit has no warning state, so a warn passes and carries its finding in
 * system-out; a server that could not be checked, or a run that could not start, is a suite with one
 * erroring testcase.
 */
export function renderJunit(input: Report, _opts?: RenderOptions): string {
  const report = printableReport(input);
  const n = report.summary.counts;
  const servers = serverViews(report);
  // A run that could not start is one error, or CI would show the empty file as passed.
  const notChecked = servers ? servers.filter((v) => v.server.notStarted !== undefined).length : Number(report.run.notStarted !== undefined);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="ndes-doctor" tests="${report.results.length + notChecked}" failures="${n.fail}" errors="${n.error + notChecked}" skipped="${n.skip}" time="${seconds(report.run.durationMs)}" timestamp="${attr(report.run.startedAt)}">`,
  ];
  if (!servers && report.run.notStarted !== undefined) out.push(...notCheckedSuite(report.environment.host ?? 'NDES server', report.run.notStarted, report.run.startedAt));
  else if (!servers) out.push(...suites(report.results, report.environment.host, report.run.startedAt));
  for (const { server, report: one } of servers ?? []) {
    if (server.notStarted === undefined) out.push(...suites(one.results, server.host ?? server.name, report.run.startedAt, server.name));
    else out.push(...notCheckedSuite(server.name, server.notStarted, report.run.startedAt));
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

function suites(results: readonly Result[], host: string | undefined, startedAt: string, server?: string): string[] {
  const byArea = new Map<string, Result[]>();
  for (const r of results) {
    if (!byArea.has(r.area)) byArea.set(r.area, []);
    byArea.get(r.area)!.push(r);
  }
  const out: string[] = [];
  for (const [area, rs] of byArea) {
    const count = (s: Result['status']) => rs.filter((r) => r.status === s).length;
    const title = (AREAS as Record<string, { title: string }>)[area]?.title ?? area;
    out.push(
      `  <testsuite name="${attr(server ? `${server}: ${title}` : title)}" id="${attr(server ? `${server}/${area}` : area)}" tests="${rs.length}" failures="${count('fail')}" errors="${count('error')}" skipped="${count('skip')}" time="${seconds(rs.reduce((t, r) => t + r.durationMs, 0))}"${host ? ` hostname="${attr(host)}"` : ''} timestamp="${attr(startedAt)}">`,
    );
    for (const r of rs) out.push(...testcase(r, server));
    out.push('  </testsuite>');
  }
  return out;
}

function notCheckedSuite(server: string, reason: string, startedAt: string): string[] {
  return [
    `  <testsuite name="${attr(server)}" id="${attr(server)}" tests="1" failures="0" errors="1" skipped="0" time="0.000" timestamp="${attr(startedAt)}">`,
    `    <testcase classname="${attr(server)}" name="${attr(`${server} could be checked`)}" time="0.000">`,
    `      <error message="${attr(reason)}" type="E_NOT_STARTED">${body(reason)}</error>`,
    '    </testcase>',
    '  </testsuite>',
  ];
}

function testcase(r: Result, server?: string): string[] {
  const target = targetOf(r);
  const name = `${r.id} ${r.title}${target ? ` [${target}]` : ''}`;
  const open = `    <testcase classname="${attr(server ? `${server}.${r.area}` : r.area)}" name="${attr(name)}" time="${seconds(r.durationMs)}"`;
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
