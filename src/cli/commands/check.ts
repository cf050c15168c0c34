import type { Ora } from 'ora';
import { CHECKS } from '../../checks/index.js';
import { openBundle, type ArtifactSource } from '../../collect/bundle.js';
import { BundleError } from '../../collect/manifest.js';
import { exitCodeFor, EXIT } from '../../engine/exit-code.js';
import { runChecksPerTarget } from '../../engine/per-target.js';
import { selectChecks } from '../../engine/select.js';
import { SEVERITIES, type Severity } from '../../engine/types.js';
import { FORMATS, isFormat, RENDERERS, type Format } from '../../report/index.js';
import { buildReport, type Report, type RunMode } from '../../report/model.js';
import { applyRedaction, redactionPlan, reviewNote } from '../egress.js';
import { CliError } from '../errors.js';
import { endpointInputs, liveWithProbeOptions, networkSource, type EndpointOptions } from './check-endpoint.js';
import { ensureNewFiles, stdoutColor, writeNewFile, writeStdout } from '../io.js';

export interface CheckCommandOptions extends EndpointOptions {
  bundle?: string;
  only: string[];
  skip: string[];
  format: string;
  output: string[];
  force: boolean;
  failOn: string;
  exitZero: boolean;
  timeout: number;
  checkTimeout: number;
  concurrency: number;
  externalName?: string;
  verbose: boolean;
  quiet: boolean;
  redact?: boolean;
  redactHosts?: boolean;
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

/** Runs the selected checks, writes every requested report, and returns the exit code. */
export async function checkCommand(opts: CheckCommandOptions, argv: string[]): Promise<number> {
  if (!isFormat(opts.format)) throw new CliError(`--format takes one of ${FORMATS.join(', ')}; got "${opts.format}".`);
  const format = opts.format;
  const outputs = parseOutputs(opts.output);
  await ensureNewFiles(outputs.map((o) => o.path), opts.force);
  const redaction = redactionPlan(opts);
  const failOn = parseSeverity(opts.failOn);
  const checks = selectChecks(CHECKS, opts.only, opts.skip);
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

  await source.close?.();
  const runWarnings: string[] = [...(source.warnings ?? [])];
  if (mode === 'live' && source.manifest.host.elevated === false) {
    runWarnings.push('Not elevated: some settings could not be read. Run the prompt as administrator for a complete check.');
  }
  if (evaluatedAt !== startedAt) {
    runWarnings.push(
      `Judged as of the bundle's collection time, ${evaluatedAt.toISOString()}: expiry dates and "last seen" times are measured from then, not from today.`,
    );
  }
  const report: Report = buildReport({
    mode,
    startedAt,
    evaluatedAt,
    finishedAt: new Date(),
    argv,
    manifest: source.manifest,
    origin: source.origin,
    failOn,
    timeouts: { checkMs: opts.checkTimeout * 1000, runMs: opts.timeout * 1000 },
    config: { only: opts.only, skip: opts.skip },
    results,
    runWarnings,
  });
  const fileReport = applyRedaction(report, redaction.files);
  for (const target of outputs) {
    await writeNewFile(target.path, RENDERERS[target.format](fileReport, { color: false, verbose: true }), opts.force);
  }
  if (outputs.length && !opts.quiet) process.stderr.write(reviewNote(outputs.map((o) => o.path), fileReport.redaction));
  const stdoutReport = applyRedaction(report, redaction.stdout);
  await writeStdout(RENDERERS[format](stdoutReport, { color: format === 'text' && stdoutColor(), verbose: opts.verbose }));
  return opts.exitZero ? EXIT.OK : exitCodeFor(results, failOn);
}

/** A bundle is judged as of when it was collected, so the same bundle gives the same findings later. */
function collectionTime(collectedAt: string): Date | undefined {
  const t = new Date(collectedAt);
  return Number.isNaN(t.getTime()) ? undefined : t;
}

async function progress(opts: CheckCommandOptions, total: number): Promise<Ora | undefined> {
  if (opts.quiet || !process.stderr.isTTY) return undefined;
  const { default: ora } = await import('ora');
  return ora({ stream: process.stderr, text: `Running ${total} checks` }).start();
}
