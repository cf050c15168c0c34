import { setMaxListeners } from 'node:events';
import { resolve } from 'node:path';
import type { Ora } from 'ora';
import { CHECKS } from '../../checks/index.js';
import { openBundle, type ArtifactSource } from '../../collect/bundle.js';
import { BundleError, type Manifest } from '../../collect/manifest.js';
import { withoutCredentials } from '../../collect/network/targets.js';
import { describeConnector } from '../../facts/connector.js';
import { FACTS } from '../../facts/index.js';
import type { AnyCheck } from '../../engine/check.js';
import { EXIT } from '../../engine/exit-code.js';
import { runChecksPerTarget } from '../../engine/per-target.js';
import { selectChecks, UsageError } from '../../engine/select.js';
import { SEVERITIES, type Result, type Severity } from '../../engine/types.js';
import { runtimeWarning } from '../../knowledge/node-lifecycle.js';
import { FORMATS, isFormat, RENDERERS, type Format } from '../../report/index.js';
import { buildReport, type Report, type RunMode } from '../../report/model.js';
import { printable } from '../../report/printable.js';
import { applyRedaction, redactionPlan, reviewNote, type RedactionPlan } from '../egress.js';
import { CliError } from '../errors.js';
import { parseSince } from '../since.js';
import type { EndpointOptions } from './check-endpoint.js';
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
  bundle?: string;
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

/** Every endpoint option, so one added to EndpointOptions and not here fails to compile. */
const ENDPOINT_OPTIONS = { url: true, targets: true, caFile: true, resolve: true, probeEnroll: true, saveBundle: true } as const satisfies Record<keyof EndpointOptions, true>;

function endpointOptionGiven(opts: EndpointOptions): boolean {
  return Object.keys(ENDPOINT_OPTIONS).some((name) => {
    const value = opts[name as keyof EndpointOptions];
    return value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0);
  });
}

async function openSource(opts: CheckCommandOptions, interrupt: AbortSignal): Promise<{ source: ArtifactSource; mode: RunMode }> {
  // The probes' code (undici, TLS) loads only when an endpoint option is given: a bundle never needs it.
  const endpoint = endpointOptionGiven(opts) ? await import('./check-endpoint.js') : undefined;
  const inputs = endpoint ? await endpoint.endpointInputs(opts) : [];
  if (inputs.length > 0 && opts.bundle) throw new CliError('--url and --targets probe endpoints now, --bundle analyses saved data: use one or the other.');
  if (opts.since !== undefined && (inputs.length > 0 || opts.bundle)) {
    throw new CliError('--since sets the log window of a live check on the server; a bundle holds the logs collected with it, and --url reads no logs.');
  }
  if (endpoint && inputs.length > 0) return { source: await endpoint.networkSource(inputs, opts, interrupt), mode: 'network' };
  if (opts.bundle) {
    try {
      return { source: await openBundle(opts.bundle), mode: 'bundle' };
    } catch (e) {
      if (e instanceof BundleError) throw new CliError(e.message);
      throw e;
    }
  }
  if (process.platform !== 'win32') {
    throw new CliError(
      `A live check reads this server's configuration and works only on Windows; on ${process.platform}, analyse a bundle ` +
        'made on the server with "ndes-doctor collect" by passing --bundle <folder|zip>, or probe an NDES endpoint with --url <https://ndes-host>.',
    );
  }
  const since = opts.since === undefined ? undefined : parseSince(opts.since, new Date());
  const { liveSource } = await import('../../collect/windows/live.js');
  const { liveWithProbeOptions } = await import('./check-endpoint.js');
  return { source: liveWithProbeOptions(await liveSource({ since }), opts), mode: 'live' };
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
  const fileReport = applyRedaction(report, plan.redaction.files);
  for (const target of plan.outputs) {
    await writeNewFile(target.path, RENDERERS[target.format](fileReport, { color: false, verbose: true }), opts.force);
  }
  if (plan.outputs.length && !opts.quiet) process.stderr.write(reviewNote(plan.outputs.map((o) => o.path), fileReport.redaction));
  // A run that never started has nothing to show a person beyond the stderr line; machine formats still get their report.
  if (report.run.notStarted === undefined || plan.format !== 'text') {
    const stdoutReport = applyRedaction(report, plan.redaction.stdout);
    await writeStdout(RENDERERS[plan.format](stdoutReport, { color: plan.format === 'text' && stdoutColor(), verbose: opts.verbose }));
  }
  return opts.exitZero ? EXIT.OK : report.summary.exitCode;
}

/** The checks this run can do: only the endpoint checks have data when probing URLs from anywhere. */
function runnable(opts: CheckCommandOptions, mode: RunMode): AnyCheck[] {
  const selected = withoutProfileChecks(selectChecks(CHECKS, opts.only, opts.skip), opts.only);
  const checks = mode === 'network' ? selected.filter((c) => c.area === 'endpoint') : selected;
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

  const signals = watchSignals();
  try {
    let opened;
    let checks: AnyCheck[];
    try {
      // Checks are selected before anything is opened or probed, so a typo costs nothing.
      withoutProfileChecks(selectChecks(CHECKS, opts.only, opts.skip), opts.only);
      opened = await openSource(opts, signals.signal);
      checks = runnable(opts, opened.mode);
    } catch (e) {
      if (!(e instanceof CliError || e instanceof UsageError)) throw e;
      await opened?.source.close?.();
      // A scheduled run must not leave yesterday's report in place, nor print nothing for its monitor.
      const reason = e.message;
      const report = buildReport({ ...base, mode: guessMode(opts), finishedAt: new Date(), results: [], runWarnings: [`Could not start: ${reason}`], notStarted: reason });
      const code = await emitReport(report, plan, opts);
      await monitor.record(report, plan.redaction.files, plan.outputs.map((o) => o.path));
      process.stderr.write(`ndes-doctor: ${printable(reason)}\n`);
      return code;
    }
    const { source, mode } = opened;
    const spinner = await progress(opts, checks.length);
    signals.signal.addEventListener('abort', () => spinner?.stop(), { once: true });
    let finished = 0;
    const { results, evaluatedAt, connector, runWarnings } = await analyse(source, mode, checks, {
      startedAt,
      concurrency: opts.concurrency,
      checkTimeoutMs: opts.checkTimeout * 1000,
      deadline: startedAt.getTime() + opts.timeout * 1000,
      externalName: opts.externalName,
      signal: signals.signal,
      onResult: (r) => {
        if (spinner) spinner.text = `Checked ${++finished}/${checks.length}: ${r.id} ${r.status}`;
      },
    });
    spinner?.stop();
    await source.close?.();
    const interrupted = signals.received;
    if (interrupted) {
      const done = results.filter((r) => r.error?.code !== 'E_INTERRUPTED').length;
      runWarnings.push(`Interrupted by ${interrupted}: ${done} of ${results.length} checks finished; the others are errors (E_INTERRUPTED), so the status is UNKNOWN.`);
    }
    const report = monitor.compare(
      buildReport({
        ...base,
        mode,
        evaluatedAt,
        finishedAt: new Date(),
        manifest: source.manifest,
        origin: source.origin,
        connector,
        results,
        runWarnings,
        ...(interrupted && { interrupted }),
      }),
      plan.redaction.files,
    );
    const code = await emitReport(report, plan, opts);
    await monitor.record(report, plan.redaction.files, plan.outputs.map((o) => o.path));
    return code;
  } finally {
    signals.dispose();
  }
}

export interface AnalyseSettings {
  startedAt: Date;
  concurrency: number;
  checkTimeoutMs: number;
  deadline: number;
  externalName?: string;
  signal?: AbortSignal;
  onResult?: (r: Result) => void;
}

/**
 * Runs the checks on a source and gathers what the report says about the run: the judging time, the
 * connector's version and the notes. `check` and the report `collect` puts in its bundle share it, so
 * a check of that bundle later says the same.
 */
export async function analyse(source: ArtifactSource, mode: RunMode, checks: AnyCheck[], s: AnalyseSettings) {
  const evaluatedAt = mode === 'bundle' ? (collectionTime(source.manifest.collectedAt) ?? s.startedAt) : s.startedAt;
  const results = await runChecksPerTarget(checks, source, {
    concurrency: s.concurrency,
    checkTimeoutMs: s.checkTimeoutMs,
    deadline: s.deadline,
    context: { now: evaluatedAt, options: { externalName: s.externalName } },
    ...(s.signal && { signal: s.signal }),
    ...(s.onResult && { onResult: s.onResult }),
  });
  const connector = mode === 'network' ? undefined : await connectorOf(source);

  const runWarnings: string[] = [...(source.warnings ?? [])];
  const runtime = mode === 'live' ? runtimeWarning(process.version, s.startedAt) : undefined;
  if (runtime) runWarnings.push(runtime);
  if (mode === 'live' && source.manifest.host.elevated === false) {
    runWarnings.push('Not elevated: some settings could not be read. Run the prompt as administrator for a complete check.');
  }
  if (evaluatedAt !== s.startedAt) {
    runWarnings.push(asOfCollectionNote(evaluatedAt));
  } else if (mode === 'bundle') {
    runWarnings.push(
      `The bundle's manifest has no valid collectedAt ("${source.manifest.collectedAt}"): expiry dates and "last seen" times are measured from now, not from when the bundle was taken.`,
    );
  }
  const pseudonymised = pseudonymNote(source.manifest);
  if (pseudonymised) runWarnings.push(pseudonymised);
  return { results, evaluatedAt, connector, runWarnings };
}

/** What a reader of a report made from a pseudonymised bundle needs to know about its names and fingerprints. */
export function pseudonymNote(manifest: Manifest): string | undefined {
  const r = manifest.redaction;
  const rules = (r?.applied ? r.rules : []).filter((x) => x === 'hosts' || x === 'users');
  if (!rules.length) return undefined;
  const reissued = r?.counts?.certificates ?? 0;
  return (
    `The bundle was collected with ${rules.map((x) => `--redact-${x}`).join(' and ')}: ${rules.includes('hosts') ? 'host and domain names' : 'account names'}` +
    `${rules.length > 1 ? ' and account names' : ''} are replaced by pseudonyms (host-1, DOMAIN-1\\user-1) in every file.` +
    (reissued ? ` ${reissued} certificate(s) were re-issued under them with substitute keys, so their thumbprints are not the server's.` : '')
  );
}

/** The connector's version for the report's header, read as NDES-CON-001 reads it; undefined without that data (probes only, a partial bundle). */
export async function connectorOf(source: ArtifactSource): Promise<string | undefined> {
  const spec = FACTS.connectorInstall;
  try {
    const raws = new Map(await Promise.all(spec.artifacts.map(async (id) => [id, await source.read(id)] as const)));
    return describeConnector(spec.derive((id) => raws.get(id)!));
  } catch {
    return undefined;
  }
}

export function asOfCollectionNote(evaluatedAt: Date): string {
  return `Judged as of the bundle's collection time, ${evaluatedAt.toISOString()}: expiry dates and "last seen" times are measured from then, not from today.`;
}

function guessMode(opts: CheckCommandOptions): RunMode {
  if (opts.bundle) return 'bundle';
  return opts.url?.length || opts.targets ? 'network' : 'live';
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

/** A bundle is judged as of when it was collected, so the same bundle gives the same findings later. */
export function collectionTime(collectedAt: string): Date | undefined {
  const t = new Date(collectedAt);
  return Number.isNaN(t.getTime()) ? undefined : t;
}

/**
 * A spinner only on a terminal with a real size: under `script` or some CI wrappers stderr is a TTY
 * that reports 0 columns, where ora redraws endlessly. NO_COLOR turns its colour off too.
 */
export function spinnerAllowed(stream: { isTTY?: boolean; columns?: number; rows?: number }, quiet: boolean): boolean {
  return !quiet && stream.isTTY === true && (stream.columns ?? 0) > 0 && (stream.rows ?? 0) > 0;
}

export async function progress(opts: { quiet: boolean }, total: number): Promise<Ora | undefined> {
  if (!spinnerAllowed(process.stderr, opts.quiet)) return undefined;
  const { default: ora } = await import('ora');
  return ora({ stream: process.stderr, text: `Running ${total} checks`, ...(process.env.NO_COLOR && { color: false }) }).start();
}
