import { certificatesOf } from '../engine/certificates.js';
import { STATUSES, type Result } from '../engine/types.js';
import { changesOf } from './changes.js';
import type { RenderOptions } from './renderer.js';
import type { Report } from './model.js';
import { serverOf, targetOf } from './view.js';

type Labels = Record<string, string>;

interface Family {
  name: string;
  help: string;
  samples: [Labels, number][];
}

/**
 * Prometheus text exposition for windows_exporter's textfile collector (or node_exporter's): one
 * gauge family per fact, no timestamps (the collector ignores them), LF line ends and a final
 * newline, which the collector needs. `target` is empty for checks about the server itself. A
 * fleet run adds a `server` label to every per-check and per-certificate series, and per-server
 * verdicts.
 */
export function renderPrometheus(report: Report, _opts?: RenderOptions): string {
  const finishedMs = Date.parse(report.run.startedAt) + report.run.durationMs;
  const fleet = report.servers !== undefined;
  const where = (r: Result): Labels => ({ ...(fleet && { server: serverOf(r) ?? '' }), target: targetOf(r) ?? '' });
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
        STATUSES.map((status): [Labels, number] => [{ check: r.id, area: r.area, severity: r.severity, ...where(r), status }, r.status === status ? 1 : 0]),
      ),
    },
    ...serverFamilies(report),
    ...certificateFamilies(report, where),
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
function certificateFamilies(report: Report, where: (r: Result) => Labels): Family[] {
  // Each server of a fleet is judged as of its own time (a bundle's collection).
  const evaluatedAt = new Map((report.servers ?? []).map((s) => [s.name, Date.parse(s.evaluatedAt)]));
  const left: [Labels, number][] = [];
  const notAfter: [Labels, number][] = [];
  for (const r of report.results) {
    const evaluatedMs = evaluatedAt.get(serverOf(r) ?? '') ?? Date.parse(report.run.evaluatedAt);
    for (const c of certificatesOf(r)) {
      const labels = { check: r.id, ...where(r), role: c.role, subject: c.subject };
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

/** A fleet run: each server's verdict and counts, so one alert rule can name the server. */
function serverFamilies(report: Report): Family[] {
  const servers = report.servers ?? [];
  if (!servers.length) return [];
  return [
    {
      name: 'ndes_doctor_server_exit_code',
      help: 'Each server of a fleet run (several --bundle, or --bundle with --url) by its own verdict: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (not checked).',
      samples: servers.map((s) => [{ server: s.name, mode: s.mode, source: s.source }, s.exitCode]),
    },
    {
      name: 'ndes_doctor_server_checks',
      help: 'Checks of each server of a fleet run by status.',
      samples: servers.flatMap((s) => STATUSES.map((status): [Labels, number] => [{ server: s.name, status }, s.counts[status]])),
    },
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
