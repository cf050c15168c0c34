import { setMaxListeners } from 'node:events';
import { resolve } from 'node:path';
import type { Ora } from 'ora';
import { CHECKS } from '../../checks/index.js';
import { withoutCredentials } from '../../collect/network/targets.js';
import { SourceError } from '../../collect/errors.js';
import { planSources, type EndpointOptions, type PlannedSource } from '../../collect/source.js';
import { analyse, type AnalyseSettings } from '../../engine/analyse.js';
import type { AnyCheck } from '../../engine/check.js';
import { EXIT } from '../../engine/exit-code.js';
import { analyseFleet } from '../../engine/fleet.js';
import { selectChecks, UsageError } from '../../engine/select.js';
import { SEVERITIES, type Severity } from '../../engine/types.js';
import { FORMATS, isFormat, RENDERERS, type Format } from '../../report/index.js';
import { jsonPieces } from '../../report/json.js';
import { buildFleetReport, buildReport, type Report, type ReportInput, type RunMode } from '../../report/model.js';
import { printable } from '../../report/printable.js';
import { applyRedaction, redactionPlan, reviewNote, type RedactionPlan } from '../egress.js';
import { CliError } from '../errors.js';
import { parseSince } from '../since.js';
import { ensureNewFiles, refuseHtmlOnTerminal, stdoutColor, writeNewFile, writeStdout } from '../io.js';
import { openMonitor, type MonitorOptions } from '../monitor.js';

/** The report options `check` and `lint-profile` share. */
export interface ReportFlags {
  format: string;
  output: string[];
  force: boolean;
  failOn: string;
  exitZero: boolean;
  verbose: boolean;
  quiet: boolean;
  redact?: boolean;
  redactHosts?: boolean;
  redactUsers?: boolean;
  /** Start of the log window for a live check (duration or date). */
  since?: string;
}

export interface CheckCommandOptions extends EndpointOptions, ReportFlags, MonitorOptions {
  bundle: string[];
  only: string[];
  skip: string[];
  timeout: number;
  checkTimeout: number;
  concurrency: number;
  externalName?: string;
}

export interface OutputTarget {
  format: Format;
  path: string;
}

export function parseOutputs(specs: readonly string[]): OutputTarget[] {
  const outputs = specs.map((spec) => {
    const m = /^([a-z]+)=(.+)$/.exec(spec);
    if (!m || !isFormat(m[1]!)) {
      throw new CliError(`--output takes <format>=<path> with a format among ${FORMATS.join(', ')}; got "${spec}".`);
    }
    return { format: m[1], path: m[2]! };
  });
  // Two reports written to one file would leave only the last: refuse rather than lose one.
  const seen = new Map<string, string>();
  for (const o of outputs) {
    const key = resolve(o.path);
    const same = process.platform === 'win32' || process.platform === 'darwin' ? key.toLowerCase() : key;
    const earlier = seen.get(same);
    if (earlier !== undefined) throw new CliError(`-o ${earlier} and -o ${o.format}=${o.path} name the same file; give each report its own path.`);
    seen.set(same, `${o.format}=${o.path}`);
  }
  return outputs;
}

/** The NDES-PRF checks judge an Intune profile, which only lint-profile reads: `check` leaves them out, and says so when asked for them alone. */
function withoutProfileChecks(selected: AnyCheck[], only: readonly string[]): AnyCheck[] {
  const server = selected.filter((c) => !c.requires.includes('profile'));
  if (only.length > 0 && server.length === 0 && selected.length > 0) {
    throw new CliError(`${only.join(', ')}: these checks judge an Intune SCEP profile, not the server; run them with "ndes-doctor lint-profile <profile.json>".`);
  }
  return server;
}

function parseSeverity(s: string): Severity {
  if ((SEVERITIES as readonly string[]).includes(s)) return s as Severity;
  throw new CliError(`--fail-on takes one of ${SEVERITIES.join(', ')}; got "${s}".`);
}

export interface ReportPlan {
  format: Format;
  outputs: OutputTarget[];
  redaction: RedactionPlan;
  failOn: Severity;
}

/** Reads the report flags, and refuses existing --output files before any work is done. */
export async function reportPlan(opts: ReportFlags): Promise<ReportPlan> {
  if (!isFormat(opts.format)) throw new CliError(`--format takes one of ${FORMATS.join(', ')}; got "${opts.format}".`);
  refuseHtmlOnTerminal(opts.format, process.stdout.isTTY === true, opts.force, '-o html=<file.html>');
  const outputs = parseOutputs(opts.output);
  await ensureNewFiles(outputs.map((o) => o.path), opts.force);
  return { format: opts.format, outputs, redaction: redactionPlan(opts), failOn: parseSeverity(opts.failOn) };
}

/** Writes the --output files (redacted unless --no-redact) and the report on stdout; returns the exit code. */
export async function emitReport(report: Report, plan: ReportPlan, opts: ReportFlags): Promise<number> {
  if (opts.exitZero && report.summary.exitCode !== EXIT.OK) {
    report.runWarnings.push(`--exit-zero: the verdict is ${report.summary.status.toUpperCase()} (exit ${report.summary.exitCode}), but the process exit code was forced to 0.`);
  }
  // Only when a file is written: redacting a fleet's report is a full copy of it, at the run's peak memory.
  if (plan.outputs.length > 0) {
    const fileReport = applyRedaction(report, plan.redaction.files);
    for (const target of plan.outputs) {
      await writeNewFile(target.path, RENDERERS[target.format](fileReport, { color: false, verbose: true }), opts.force);
    }
    if (!opts.quiet) process.stderr.write(reviewNote(plan.outputs.map((o) => o.path), fileReport.redaction));
  }
  // A run that never started has nothing to show a person beyond the stderr line; machine formats still get their report.
  if (report.run.notStarted === undefined || plan.format !== 'text') {
    const stdoutReport = applyRedaction(report, plan.redaction.stdout);
    await writeStdout(plan.format === 'json' ? jsonPieces(stdoutReport) : RENDERERS[plan.format](stdoutReport, { color: plan.format === 'text' && stdoutColor(), verbose: opts.verbose }));
  }
  return opts.exitZero ? EXIT.OK : report.summary.exitCode;
}

/** The checks this run can do: only the endpoint checks have data when probing URLs from anywhere. */
function runnable(opts: CheckCommandOptions, mode: RunMode): AnyCheck[] {
  const selected = withoutProfileChecks(selectChecks(CHECKS, opts.only, opts.skip), opts.only);
  const checks = checksFor(selected, mode);
  if (checks.length > 0) return checks;
  const terms = [opts.only.length ? `--only ${opts.only.join(',')}` : '', opts.skip.length ? `--skip ${opts.skip.join(',')}` : ''].filter(Boolean).join(' with ');
  if (selected.length > 0) throw new CliError(`No check to run: probing URLs runs only the endpoint checks, and ${terms} selects none of them.`);
  throw new CliError(`No check to run: ${terms} selects none; nothing was checked.`);
}

/** Runs the selected checks, writes every requested report, and returns the exit code. */
export async function checkCommand(opts: CheckCommandOptions, argv: string[]): Promise<number> {
  const plan = await reportPlan(opts);
  const monitor = await openMonitor(opts);
  const startedAt = new Date();
  const base = {
    startedAt,
    argv: safeArgv(argv),
    failOn: plan.failOn,
    timeouts: { checkMs: opts.checkTimeout * 1000, runMs: opts.timeout * 1000 },
    config: { only: opts.only, skip: opts.skip },
    exitZero: opts.exitZero,
  };
  const finish = async (report: Report) => {
    // A run that never started has nothing to compare: every earlier finding would look resolved.
    const compared = report.run.notStarted === undefined ? monitor.compare(report, plan.redaction.files) : report;
    const code = await emitReport(compared, plan, opts);
    await monitor.record(compared, plan.redaction.files, plan.outputs.map((o) => o.path));
    return code;
  };

  const signals = watchSignals();
  try {
    let sources: PlannedSource[];
    try {
      // Checks are selected before anything is opened or probed, so a typo costs nothing.
      withoutProfileChecks(selectChecks(CHECKS, opts.only, opts.skip), opts.only);
      sources = await planSources({ ...opts, since: opts.since === undefined ? undefined : parseSince(opts.since, new Date()) });
      if (sources.length === 1) runnable(opts, sources[0]!.mode);
    } catch (e) {
      if (!(e instanceof CliError || e instanceof UsageError || e instanceof SourceError)) throw e;
      // A scheduled run must not leave yesterday's report in place, nor print nothing for its monitor.
      const reason = e.message;
      const code = await finish(buildReport({ ...base, mode: guessMode(opts), finishedAt: new Date(), results: [], runWarnings: [`Could not start: ${reason}`], notStarted: reason }));
      process.stderr.write(`ndes-doctor: ${printable(reason)}\n`);
      return code;
    }
    const settings = {
      startedAt,
      concurrency: opts.concurrency,
      checkTimeoutMs: opts.checkTimeout * 1000,
      deadline: startedAt.getTime() + opts.timeout * 1000,
      externalName: opts.externalName,
      signal: signals.signal,
    };
    const single = sources.length === 1 ? sources[0]! : undefined;
    const report = single ? await checkOne(single, opts, settings, base) : await checkFleet(sources, opts, settings, base);
    const interrupted = signals.received;
    if (interrupted) {
      const done = report.results.filter((r) => r.error?.code !== 'E_INTERRUPTED').length;
      report.runWarnings.push(`Interrupted by ${interrupted}: ${done} of ${report.results.length} checks finished; the others are errors (E_INTERRUPTED), so the status is UNKNOWN.`);
    }
    return await finish(report);
  } finally {
    signals.dispose();
  }
}

type RunBase = Omit<ReportInput, 'mode' | 'finishedAt' | 'results' | 'runWarnings'>;
type Settings = Omit<AnalyseSettings, 'onResult'> & { signal: AbortSignal };

/** One server (live or a bundle), or the probed URLs together: a report without `servers`. */
async function checkOne(planned: PlannedSource, opts: CheckCommandOptions, s: Settings, base: RunBase): Promise<Report> {
  const checks = runnable(opts, planned.mode);
  let source;
  try {
    source = await planned.open(s.signal);
  } catch (e) {
    if (!(e instanceof SourceError)) throw e;
    process.stderr.write(`ndes-doctor: ${printable(e.message)}\n`);
    return buildReport({ ...base, mode: planned.mode, finishedAt: new Date(), results: [], runWarnings: [`Could not start: ${e.message}`], notStarted: e.message });
  }
  const spinner = await progress(opts, `Running ${checks.length} checks`);
  s.signal.addEventListener('abort', () => spinner?.stop(), { once: true });
  let finished = 0;
  const { results, evaluatedAt, connector, runWarnings } = await analyse(source, planned.mode, checks, {
    ...s,
    onResult: (r) => {
      if (spinner) spinner.text = `Checked ${++finished}/${checks.length}: ${r.id} ${r.status}`;
    },
  });
  spinner?.stop();
  await source.close?.();
  const interrupted = s.signal.aborted ? String(s.signal.reason) : undefined;
  return buildReport({
    ...base,
    mode: planned.mode,
    evaluatedAt,
    finishedAt: new Date(),
    manifest: source.manifest,
    origin: source.origin,
    connector,
    results,
    runWarnings,
    ...(interrupted && { interrupted }),
  });
}

/** Several servers at once: each is reported as soon as it is done, and a slow one holds none of the others back. */
async function checkFleet(sources: PlannedSource[], opts: CheckCommandOptions, s: Settings, base: RunBase): Promise<Report> {
  const selected = withoutProfileChecks(selectChecks(CHECKS, opts.only, opts.skip), opts.only);
  const spinner = await progress(opts, `Checking ${sources.length} servers`);
  s.signal.addEventListener('abort', () => spinner?.stop(), { once: true });
  let done = 0;
  const servers = await analyseFleet(sources, (mode) => checksFor(selected, mode), s, (server) => {
    const verdict = server.notStarted === undefined ? `${server.results.length} checks` : 'not checked';
    // The name may come from a bundle's manifest.json: escape sequences in it must not reach the terminal, nor a line break end the spinner's line.
    if (spinner) spinner.text = `${++done}/${sources.length} servers done; last: ${printable(server.name.replace(/\s+/g, ' '))} (${verdict})`;
  });
  spinner?.stop();
  const interrupted = s.signal.aborted ? String(s.signal.reason) : undefined;
  return buildFleetReport({ ...base, finishedAt: new Date(), servers, runWarnings: [], ...(interrupted && { interrupted }) });
}

/** The checks a source can feed: only the endpoint checks have data when probing URLs from anywhere. */
function checksFor(selected: AnyCheck[], mode: RunMode): AnyCheck[] {
  return mode === 'network' ? selected.filter((c) => c.area === 'endpoint') : selected;
}

function guessMode(opts: CheckCommandOptions): RunMode {
  const probes = opts.url?.length || opts.targets;
  if (opts.bundle.length > 1 || (opts.bundle.length === 1 && probes)) return 'fleet';
  if (opts.bundle.length === 1) return 'bundle';
  return probes ? 'network' : 'live';
}

/** A credential in a URL argument is never useful in a report, redacted or not. */
function safeArgv(argv: readonly string[]): string[] {
  return argv.map(withoutCredentials);
}

/**
 * SIGINT and SIGTERM end the run gracefully: checks still running become E_INTERRUPTED and the
 * report of what finished is written. A second signal stops at once.
 */
function watchSignals() {
  const controller = new AbortController();
  // One listener per running check: many is expected, not a leak.
  setMaxListeners(0, controller.signal);
  let received: NodeJS.Signals | undefined;
  const on = (name: NodeJS.Signals) => () => {
    if (received) process.exit(EXIT.UNKNOWN);
    received = name;
    controller.abort(name);
  };
  const handlers = { SIGINT: on('SIGINT'), SIGTERM: on('SIGTERM') };
  process.on('SIGINT', handlers.SIGINT);
  process.on('SIGTERM', handlers.SIGTERM);
  return {
    signal: controller.signal,
    get received() {
      return received;
    },
    dispose() {
      process.off('SIGINT', handlers.SIGINT);
      process.off('SIGTERM', handlers.SIGTERM);
    },
  };
}

/**
 * A spinner only on a terminal with a real size: under `script` or some CI wrappers stderr is a TTY
 * that reports 0 columns, where ora redraws endlessly. NO_COLOR turns its colour off too.
 */
export function spinnerAllowed(stream: { isTTY?: boolean; columns?: number; rows?: number }, quiet: boolean): boolean {
  return !quiet && stream.isTTY === true && (stream.columns ?? 0) > 0 && (stream.rows ?? 0) > 0;
}

export async function progress(opts: { quiet: boolean }, text: string): Promise<Ora | undefined> {
  if (!spinnerAllowed(process.stderr, opts.quiet)) return undefined;
  const { default: ora } = await import('ora');
  return ora({ stream: process.stderr, text, ...(process.env.NO_COLOR && { color: false }) }).start();
}
