import { certificatesOf } from '../engine/certificates.js';
import { STATUSES } from '../engine/types.js';
import { changesOf } from './changes.js';
import type { RenderOptions } from './renderer.js';
import type { Report } from './model.js';
import { targetOf } from './view.js';

type Labels = Record<string, string>;

interface Family {
  name: string;
  help: string;
  samples: [Labels, number][];
}

/**
 * Prometheus text exposition for windows_exporter's textfile collector (or node_exporter's): one
 * gauge family per fact, no timestamps (the collector ignores them), LF line ends and a final
 * newline, which the collector needs. `target` is empty for checks about the server itself.
 */
export function renderPrometheus(report: Report, _opts?: RenderOptions): string {
  const finishedMs = Date.parse(report.run.startedAt) + report.run.durationMs;
  const families: Family[] = [
    {
      name: 'ndes_doctor_info',
      help: 'The ndes-doctor version, what it analysed (live, bundle, network, profile) and the NDES server name; always 1.',
      samples: [[{ version: report.tool.version, mode: report.run.mode, host: report.environment.host ?? '' }, 1]],
    },
    { name: 'ndes_doctor_last_run_timestamp_seconds', help: 'When the last ndes-doctor run finished, in Unix time.', samples: [[{}, finishedMs / 1000]] },
    { name: 'ndes_doctor_run_duration_seconds', help: 'How long the last ndes-doctor run took.', samples: [[{}, report.run.durationMs / 1000]] },
    {
      name: 'ndes_doctor_exit_code',
      help: 'The verdict of the last run as its exit code: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (also when --exit-zero forced the process to exit 0).',
      samples: [[{}, report.summary.exitCode]],
    },
    { name: 'ndes_doctor_checks', help: 'Checks of the last run by status.', samples: STATUSES.map((status) => [{ status }, report.summary.counts[status]]) },
    {
      name: 'ndes_doctor_check_status',
      help: 'Each check of the last run: 1 for the status it had (pass, warn, fail, skip, error), 0 for the others; severity is the finding severity.',
      samples: report.results.flatMap((r) =>
        STATUSES.map((status): [Labels, number] => [{ check: r.id, area: r.area, severity: r.severity, target: targetOf(r) ?? '', status }, r.status === status ? 1 : 0]),
      ),
    },
    ...certificateFamilies(report),
  ];
  const changes = changesOf(report);
  if (changes) {
    families.push({
      name: 'ndes_doctor_changed_findings',
      help: 'Findings compared with the previous run (--history) or the baseline (--baseline): new, resolved, changed, unchanged.',
      samples: [
        [{ kind: 'new' }, changes.new.length],
        [{ kind: 'resolved' }, changes.resolved.length],
        [{ kind: 'changed' }, changes.changed.length],
        [{ kind: 'unchanged' }, changes.unchanged],
      ],
    });
  }
  return families.filter((f) => f.samples.length > 0).map(family).join('');
}

/**
 * Time to expiry in seconds, not days: Prometheus wants base units (promtool rejects a `days`
 * metric); `/ 86400` gives days, and the not-after timestamp lets a query count from `time()`.
 */
function certificateFamilies(report: Report): Family[] {
  const evaluatedMs = Date.parse(report.run.evaluatedAt);
  const left: [Labels, number][] = [];
  const notAfter: [Labels, number][] = [];
  for (const r of report.results) {
    for (const c of certificatesOf(r)) {
      const labels = { check: r.id, target: targetOf(r) ?? '', role: c.role, subject: c.subject };
      const at = Date.parse(c.notAfter);
      left.push([labels, Math.round((at - evaluatedMs) / 1000)]);
      notAfter.push([labels, at / 1000]);
    }
  }
  return [
    {
      name: 'ndes_doctor_certificate_expires_in_seconds',
      help: 'Seconds from the run (for a bundle: its collection time) until an RA, CA or TLS certificate expires; negative once expired. Divide by 86400 for days.',
      samples: left,
    },
    { name: 'ndes_doctor_certificate_not_after_timestamp_seconds', help: 'When an RA, CA or TLS certificate expires, in Unix time.', samples: notAfter },
  ];
}

function family(f: Family): string {
  const lines = [`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} gauge`];
  const seen = new Set<string>();
  for (const [labels, value] of f.samples) {
    const set = Object.entries(labels)
      .map(([k, v]) => `${k}="${labelValue(v)}"`)
      .join(',');
    // A series given twice makes the collector reject the whole file; the first one stands.
    if (seen.has(set)) continue;
    seen.add(set);
    lines.push(`${f.name}${set ? `{${set}}` : ''} ${value}`);
  }
  return lines.join('\n') + '\n';
}

/** The exposition format escapes backslash, quote and newline; control characters become spaces, a lone surrogate (not UTF-8) U+FFFD. */
function labelValue(s: string): string {
  return s
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/[\u0000-\u001f\u007f]/g, ' ');
}
