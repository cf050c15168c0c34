import type { Ora } from 'ora';
import { CHECKS } from '../../checks/index.js';
import type { AnyCheck } from '../../engine/check.js';
import { openBundle, type ArtifactSource } from '../../collect/bundle.js';
import { BundleError } from '../../collect/manifest.js';
import { exitCodeFor, EXIT } from '../../engine/exit-code.js';
import { runChecksPerTarget } from '../../engine/per-target.js';
import { selectChecks } from '../../engine/select.js';
import { SEVERITIES, type Severity } from '../../engine/types.js';
import { FORMATS, isFormat, RENDERERS, type Format } from '../../report/index.js';
import { runtimeWarning } from '../../knowledge/node-lifecycle.js';
import { buildReport, type Report, type RunMode } from '../../report/model.js';
import { applyRedaction, redactionPlan, reviewNote, type RedactionPlan } from '../egress.js';
import { CliError } from '../errors.js';
import { endpointInputs, liveWithProbeOptions, networkSource, type EndpointOptions } from './check-endpoint.js';
import { ensureNewFiles, stdoutColor, writeNewFile, writeStdout } from '../io.js';
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
  return specs.map((spec) => {
    const m = /^([a-z]+)=(.+)$/.exec(spec);
    if (!m || !isFormat(m[1]!)) {
      throw new CliError(`--output takes <format>=<path> with a format among ${FORMATS.join(', ')}; got "${spec}".`);
    }
    return { format: m[1], path: m[2]! };
  });
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

async function openSource(opts: CheckCommandOptions): Promise<{ source: ArtifactSource; mode: RunMode }> {
  const inputs = await endpointInputs(opts);
  if (inputs.length > 0 && opts.bundle) throw new CliError('--url and --targets probe endpoints now, --bundle analyses saved data: use one or the other.');
  if (inputs.length > 0) return { source: await networkSource(inputs, opts), mode: 'network' };
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
  const { liveSource } = await import('../../collect/windows/live.js');
  return { source: liveWithProbeOptions(await liveSource(), opts), mode: 'live' };
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
  const outputs = parseOutputs(opts.output);
  await ensureNewFiles(outputs.map((o) => o.path), opts.force);
  return { format: opts.format, outputs, redaction: redactionPlan(opts), failOn: parseSeverity(opts.failOn) };
}

/** Writes the --output files (redacted unless --no-redact) and the report on stdout; returns the exit code. */
export async function emitReport(report: Report, plan: ReportPlan, opts: ReportFlags): Promise<number> {
  const fileReport = applyRedaction(report, plan.redaction.files);
  for (const target of plan.outputs) {
    await writeNewFile(target.path, RENDERERS[target.format](fileReport, { color: false, verbose: true }), opts.force);
  }
  if (plan.outputs.length && !opts.quiet) process.stderr.write(reviewNote(plan.outputs.map((o) => o.path), fileReport.redaction));
  const stdoutReport = applyRedaction(report, plan.redaction.stdout);
  await writeStdout(RENDERERS[plan.format](stdoutReport, { color: plan.format === 'text' && stdoutColor(), verbose: opts.verbose }));
  return opts.exitZero ? EXIT.OK : exitCodeFor(report.results, plan.failOn);
}

/** Runs the selected checks, writes every requested report, and returns the exit code. */
export async function checkCommand(opts: CheckCommandOptions, argv: string[]): Promise<number> {
  const plan = await reportPlan(opts);
  const monitor = await openMonitor(opts);
  const checks = withoutProfileChecks(selectChecks(CHECKS, opts.only, opts.skip), opts.only);
  const startedAt = new Date();
  const { source, mode } = await openSource(opts);
  const evaluatedAt = mode === 'bundle' ? (collectionTime(source.manifest.collectedAt) ?? startedAt) : startedAt;

  const spinner = await progress(opts, checks.length);
  let finished = 0;
  // Only the endpoint checks have data when probing URLs from anywhere.
  const results = await runChecksPerTarget(mode === 'network' ? checks.filter((c) => c.area === 'endpoint') : checks, source, {
    concurrency: opts.concurrency,
    checkTimeoutMs: opts.checkTimeout * 1000,
    deadline: startedAt.getTime() + opts.timeout * 1000,
    context: { now: evaluatedAt, options: { externalName: opts.externalName } },
    onResult: (r) => {
      if (spinner) spinner.text = `Checked ${++finished}/${checks.length}: ${r.id} ${r.status}`;
    },
  });
  spinner?.stop();

  const runWarnings: string[] = [];
  const runtime = mode === 'live' ? runtimeWarning(process.version, startedAt) : undefined;
  if (runtime) runWarnings.push(runtime);
  if (mode === 'live' && source.manifest.host.elevated === false) {
    runWarnings.push('Not elevated: some settings could not be read. Run the prompt as administrator for a complete check.');
  }
  if (evaluatedAt !== startedAt) runWarnings.push(asOfCollectionNote(evaluatedAt));
  const report: Report = monitor.compare(buildReport({
    mode,
    startedAt,
    evaluatedAt,
    finishedAt: new Date(),
    argv,
    manifest: source.manifest,
    origin: source.origin,
    failOn: plan.failOn,
    timeouts: { checkMs: opts.checkTimeout * 1000, runMs: opts.timeout * 1000 },
    config: { only: opts.only, skip: opts.skip },
    results,
    runWarnings,
  }), plan.redaction.files);
  const code = await emitReport(report, plan, opts);
  await monitor.record(report, plan.redaction.files, plan.outputs.map((o) => o.path));
  return code;
}

export function asOfCollectionNote(evaluatedAt: Date): string {
  return `Judged as of the bundle's collection time, ${evaluatedAt.toISOString()}: expiry dates and "last seen" times are measured from then, not from today.`;
}

/** A bundle is judged as of when it was collected, so the same bundle gives the same findings later. */
export function collectionTime(collectedAt: string): Date | undefined {
  const t = new Date(collectedAt);
  return Number.isNaN(t.getTime()) ? undefined : t;
}

export async function progress(opts: { quiet: boolean }, total: number): Promise<Ora | undefined> {
  if (opts.quiet || !process.stderr.isTTY) return undefined;
  const { default: ora } = await import('ora');
  return ora({ stream: process.stderr, text: `Running ${total} checks` }).start();
}
