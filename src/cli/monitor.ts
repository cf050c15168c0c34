import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { compareReports, type ComparableReport } from '../report/changes.js';
import { EVENT_SOURCE } from '../report/event-ids.js';
import { eventCreateCommand } from '../report/event-log.js';
import { renderHtml } from '../report/html.js';
import { renderJson } from '../report/json.js';
import type { ComparedRun, Report } from '../report/model.js';
import type { RedactOptions } from '../report/redact.js';
import { applyRedaction } from './egress.js';
import { CliError } from './errors.js';
import { writeNewFile } from './io.js';
import { DEFAULT_KEEP } from './monitoring-defaults.js';
import { parseReport } from './commands/report.js';

/** --history, --keep, --baseline and --event-log of `check`: the scheduled health check. */
export interface MonitorOptions {
  history?: string;
  keep?: number;
  baseline?: string;
  eventLog?: boolean;
  quiet: boolean;
}

/** `ndes-doctor-20260501T020000.123Z.json`: names sort in time order, and only these are ever pruned. */
const HISTORY_FILE = /^ndes-doctor-(\d{8}T\d{6}\.\d{3}Z)\.(json|html)$/;
const EVENTCREATE_TIMEOUT_MS = 30_000;

interface Previous {
  report: ComparableReport;
  source: ComparedRun['source'];
  path: string;
}

export interface Monitor {
  /** The report with `changes` since the compared run, when --history or --baseline asks for them. */
  compare(report: Report, fileRedaction: RedactOptions | undefined): Report;
  /** After the report is out: saves the run into --history and prunes it, and writes the --event-log event. */
  record(report: Report, fileRedaction: RedactOptions | undefined, reportFiles: readonly string[]): Promise<void>;
}

/** Reads what the run is compared with, and refuses unusable options, before any check runs. */
export async function openMonitor(opts: MonitorOptions): Promise<Monitor> {
  if (opts.keep !== undefined && !opts.history) throw new CliError('--keep says how many runs --history keeps: give --history <folder> too.');
  if (opts.keep !== undefined && !(Number.isInteger(opts.keep) && opts.keep >= 1)) throw new CliError(`--keep takes a whole number of runs, 1 or more; got ${opts.keep}.`);
  if (opts.eventLog && process.platform !== 'win32') {
    throw new CliError(`--event-log writes to the Windows Application log, which ${process.platform} does not have; use it on the Windows server.`);
  }
  const notes: string[] = [];
  let previous: Previous | undefined;
  if (opts.baseline) previous = { report: parseReport(await readText(opts.baseline), opts.baseline), source: 'baseline', path: opts.baseline };
  if (opts.history) {
    try {
      await mkdir(opts.history, { recursive: true });
    } catch (e) {
      throw new CliError(`--history ${opts.history}: cannot create the folder (${(e as Error).message}).`);
    }
    if (!previous) previous = await lastRun(opts.history, notes);
  }
  const compared = opts.history !== undefined || opts.baseline !== undefined;

  return {
    compare(report, fileRedaction) {
      if (!compared) return report;
      // History files are redacted as -o files are; the current run is compared in the same form,
      // so a pseudonymised target (--redact-hosts) matches its pseudonym from the earlier run.
      const changes = compareReports(applyRedaction(report, fileRedaction), previous);
      return { ...report, runWarnings: [...report.runWarnings, ...notes], changes };
    },
    async record(report, fileRedaction, reportFiles) {
      // A run that could not start judged nothing: the next run compares with the last one that did.
      const saved = opts.history && notStarted(report) === undefined ? await saveRun(opts.history, opts.keep ?? DEFAULT_KEEP, applyRedaction(report, fileRedaction), opts.quiet) : [];
      if (opts.eventLog) await writeEvent(applyRedaction(report, fileRedaction), [...reportFiles, ...saved.filter((p) => p.endsWith('.html'))], opts.quiet);
    },
  };
}

/** Why the run could not start, for a report that says so (a version of the report model that has run.notStarted). */
export function notStarted(report: Report): string | undefined {
  const reason = (report.run as { notStarted?: unknown }).notStarted;
  return typeof reason === 'string' ? reason : undefined;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new CliError(`Could not read ${file}: ${(e as Error).message}`);
  }
}

/** The newest run in the folder that reads as a report; unreadable ones are named in a run warning and passed over. */
async function lastRun(dir: string, notes: string[]): Promise<Previous | undefined> {
  const names = (await historyFiles(dir)).filter((f) => f.name.endsWith('.json')).reverse();
  for (const { name } of names) {
    const path = join(dir, name);
    try {
      return { report: parseReport(await readFile(path, 'utf8'), path), source: 'history', path };
    } catch (e) {
      notes.push(`--history: passed over ${path}, which is not a readable report (${(e as Error).message})`);
    }
  }
  return undefined;
}

async function historyFiles(dir: string): Promise<{ name: string; stamp: string }[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .flatMap((e) => {
      const m = HISTORY_FILE.exec(e.name);
      return m ? [{ name: e.name, stamp: m[1]! }] : [];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** `2026-05-01T02:00:00.123Z` -> `20260501T020000.123Z`: no colons, which Windows file names cannot hold. */
export function historyStamp(startedAt: string): string {
  return new Date(startedAt).toISOString().replace(/[-:]/g, '');
}

/** Saves the run as JSON (what the next run compares with) and HTML, then keeps the newest `keep` runs. */
async function saveRun(dir: string, keep: number, report: Report, quiet: boolean): Promise<string[]> {
  const base = join(dir, `ndes-doctor-${historyStamp(report.run.startedAt)}`);
  const paths = [`${base}.json`, `${base}.html`];
  await writeNewFile(paths[0]!, renderJson(report), false);
  await writeNewFile(paths[1]!, renderHtml(report, { color: false, verbose: true }), false);
  const stamps = [...new Set((await historyFiles(dir)).map((f) => f.stamp))].sort().reverse();
  const old = new Set(stamps.slice(keep));
  const pruned = (await historyFiles(dir)).filter((f) => old.has(f.stamp));
  for (const f of pruned) await rm(join(dir, f.name), { force: true });
  if (!quiet) {
    const removed = old.size ? `; removed ${old.size} older run(s), keeping ${keep}` : '';
    process.stderr.write(`ndes-doctor: saved this run in ${dir}${removed}.\n`);
  }
  return paths;
}

/**
 * The one write to the server the tool makes, and only with --event-log: an Application event by
 * the inbox eventcreate. Failing to write it is said on stderr and leaves the exit code alone.
 */
async function writeEvent(report: Report, reportFiles: readonly string[], quiet: boolean): Promise<void> {
  const command = eventCreateCommand(report, reportFiles);
  if (!command) return;
  // execa loads only for the one run that writes an event: every other check starts without it.
  const { runCommand } = await import('../collect/windows/exec.js');
  const r = await runCommand(command.file, command.args, EVENTCREATE_TIMEOUT_MS);
  if (r.failure || r.exitCode !== 0) {
    const why = r.failure ?? (Buffer.from(r.stderr).toString('utf8').trim() || Buffer.from(r.stdout).toString('utf8').trim() || `exit code ${r.exitCode}`);
    process.stderr.write(`ndes-doctor: --event-log: could not write the Application event (${why}); the report and the exit code are unaffected.\n`);
    return;
  }
  if (!quiet) process.stderr.write(`ndes-doctor: wrote Application event ${command.id} (source ${EVENT_SOURCE}).\n`);
}
