import { CERTIFICATE_ROLES, certificatesOf, type CertificateExpiry } from '../engine/certificates.js';
import type { ExitCode, OverallStatus } from '../engine/exit-code.js';
import { ownValue } from '../parse/own-value.js';
import type { Result, Severity, Status } from '../engine/types.js';
import type { CertificateCountdown, Changes, ComparedRun, FindingChange } from './model.js';
import { FINDING_STATUSES, serverOf, sortResults, targetOf } from './view.js';

/** What comparing needs of a report; structural, so a saved report of another version compares too. */
export interface ComparableReport {
  run: { startedAt: string };
  summary: { status: OverallStatus; exitCode: ExitCode };
  results: readonly Result[];
}

const isFinding = (s: Status | null) => s !== null && FINDING_STATUSES.includes(s);

/** A finding's identity across runs: the check, the server of a fleet and the probed URL it ran on. */
function findingKey(r: Result): string {
  return `${r.id}\u0000${serverOf(r) ?? ''}\u0000${targetOf(r) ?? ''}`;
}

function certificateKey(r: Result, c: CertificateExpiry): string {
  return `${findingKey(r)}\u0000${c.role}\u0000${c.subject}`;
}

/** Compares a run with an earlier one; `previous` undefined is a first run, which only counts certificates down. */
export function compareReports(current: ComparableReport, previous?: { report: ComparableReport; source: ComparedRun['source']; path: string }): Changes {
  const before = new Map<string, Result>();
  for (const r of previous?.report.results ?? []) if (!before.has(findingKey(r))) before.set(findingKey(r), r);
  const changes: Changes = {
    since: previous
      ? { source: previous.source, path: previous.path, startedAt: previous.report.run.startedAt, status: previous.report.summary.status, exitCode: previous.report.summary.exitCode }
      : null,
    new: [],
    resolved: [],
    changed: [],
    unchanged: 0,
    certificates: countdown(current.results, previous?.report.results ?? []),
  };
  if (!previous) return changes;

  const seen = new Set<string>();
  for (const r of sortResults(current.results)) {
    const key = findingKey(r);
    if (seen.has(key)) continue;
    seen.add(key);
    const from = before.get(key)?.status ?? null;
    const change = { ...identity(r), from, to: r.status, message: r.message };
    if (isFinding(r.status) && !isFinding(from)) changes.new.push(change);
    else if (isFinding(from) && r.status === 'pass') changes.resolved.push(change);
    else if (isFinding(from) && from !== r.status) changes.changed.push(change);
    else if (isFinding(from)) changes.unchanged++;
  }
  for (const r of sortResults([...before.values()])) {
    if (!seen.has(findingKey(r)) && isFinding(r.status)) changes.changed.push({ ...identity(r), from: r.status, to: null, message: r.message });
  }
  return changes;
}

function identity(r: Result): Pick<FindingChange, 'id' | 'server' | 'target' | 'title' | 'severity'> {
  return { id: r.id, ...where(r), title: r.title, severity: r.severity };
}

function where(r: Result): Pick<FindingChange, 'server' | 'target'> {
  const server = serverOf(r);
  const target = targetOf(r);
  return { ...(server && { server }), ...(target && { target }) };
}

function countdown(current: readonly Result[], previous: readonly Result[]): CertificateCountdown[] {
  const before = new Map<string, CertificateExpiry>();
  for (const r of previous) for (const c of certificatesOf(r)) before.set(certificateKey(r, c), c);
  const out = new Map<string, CertificateCountdown>();
  for (const r of current) {
    for (const c of certificatesOf(r)) {
      const key = certificateKey(r, c);
      const was = before.get(key);
      const entry: CertificateCountdown = {
        id: r.id,
        ...where(r),
        ...c,
        ...(was && { previousDaysLeft: was.daysLeft, previousNotAfter: was.notAfter }),
      };
      // Two certificates alike in role and subject: the one that expires first is the one to watch.
      if (!out.has(key) || out.get(key)!.daysLeft > c.daysLeft) out.set(key, entry);
    }
  }
  return [...out.values()].sort((a, b) => a.daysLeft - b.daysLeft || a.id.localeCompare(b.id));
}

/** `changes` of a saved report, or undefined when it has none or not in this shape (another version, a hand edit). */
export function changesOf(report: { changes?: unknown }): Changes | undefined {
  const c = report.changes as Partial<Changes> | undefined;
  if (!c || typeof c !== 'object') return undefined;
  const lists = [c.new, c.resolved, c.changed, c.certificates];
  if (!lists.every(Array.isArray) || typeof c.unchanged !== 'number' || (c.since !== null && typeof c.since !== 'object')) return undefined;
  return c as Changes;
}

const WORD = { fail: 'FAIL', error: 'ERROR', warn: 'WARN', skip: 'SKIP', pass: 'PASS' } as const satisfies Record<Status, string>;

export function statusWord(s: Status | null): string {
  return s === null ? 'not run' : WORD[s];
}

/** `Since the run of 2026-05-01T02:00:00.000Z (WARNING, --history): 2 new, 1 resolved, 0 changed, 3 unchanged.` */
export function changesHeadline(c: Changes): string {
  if (!c.since) return 'First run recorded in the history folder: the next run is compared with this one.';
  const what = c.since.source === 'baseline' ? `the baseline ${c.since.path}` : 'the previous run';
  return (
    `Since ${what} (${c.since.startedAt}, ${c.since.status.toUpperCase()}): ` +
    `${c.new.length} new, ${c.resolved.length} resolved, ${c.changed.length} changed, ${c.unchanged} unchanged.`
  );
}

/** `FAIL NDES-HSYS-001 MaxFieldLength [high] (was PASS)`, the server of a fleet and the target appended when there are. */
export function findingChangeLine(f: FindingChange): string {
  return `${statusWord(f.to)} ${f.id} ${f.title} [${f.severity}] (was ${statusWord(f.from)})${onWhat(f)}`;
}

function onWhat(x: { server?: string; target?: string }): string {
  return x.server || x.target ? ` on ${[x.server, x.target].filter(Boolean).join(' ')}` : '';
}

/** `RA signing certificate (...) "CN=..." (NDES-NET-003): 41 days left, to 2026-06-11; 48 at the compared run`. */
export function certificateLine(c: CertificateCountdown): string {
  const left = c.daysLeft < 0 ? `EXPIRED ${-c.daysLeft} days ago` : `${c.daysLeft} days left`;
  let before = '';
  if (c.previousNotAfter !== undefined && c.previousNotAfter !== c.notAfter) {
    before = Date.parse(c.notAfter) > Date.parse(c.previousNotAfter) ? `; renewed since (was ${c.previousDaysLeft} days)` : `; was ${c.previousDaysLeft} days`;
  } else if (c.previousDaysLeft !== undefined) {
    before = `; ${c.previousDaysLeft} at the compared run`;
  }
  // A saved report is input: a role this version does not know (or "constructor") is shown as written.
  return `${ownValue(CERTIFICATE_ROLES, c.role) ?? c.role} "${c.subject}" (${c.id}${onWhat(c)}): ${left}, to ${c.notAfter.slice(0, 10)}${before}`;
}
