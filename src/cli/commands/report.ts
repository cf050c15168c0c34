import { readFile } from 'node:fs/promises';
import { EXIT } from '../../engine/exit-code.js';
import { FORMATS, isFormat, RENDERERS } from '../../report/index.js';
import { SCHEMA_VERSION, type Report, type ServerReport } from '../../report/model.js';
import { READABLE_SCHEMA_VERSIONS, upgradeResults } from '../../report/upgrade.js';
import { applyRedaction, redactionPlan, reviewNote } from '../egress.js';
import { CliError } from '../errors.js';
import { refuseHtmlOnTerminal, stdoutColor, writeNewFile, writeStdout } from '../io.js';

export interface ReportOptions {
  format: string;
  out?: string;
  force: boolean;
  verbose: boolean;
  quiet?: boolean;
  redact?: boolean;
  redactHosts?: boolean;
  redactUsers?: boolean;
}

/** Re-renders a saved JSON report in another format. */
export async function reportCommand(file: string, opts: ReportOptions): Promise<number> {
  if (!isFormat(opts.format)) throw new CliError(`--format takes one of ${FORMATS.join(', ')}; got "${opts.format}".`);
  if (!opts.out) refuseHtmlOnTerminal(opts.format, process.stdout.isTTY === true, opts.force, '-o <file.html>');
  const plan = redactionPlan(opts);
  const saved = parseReport(await readText(file), file);
  const report = applyRedaction(saved, opts.out ? plan.files : plan.stdout);
  const text = RENDERERS[opts.format](report, { color: opts.format === 'text' && !opts.out && stdoutColor(), verbose: opts.verbose });
  if (opts.out) {
    await writeNewFile(opts.out, text, opts.force);
    if (!opts.quiet) process.stderr.write(reviewNote([opts.out], report.redaction));
  } else {
    await writeStdout(text);
  }
  return EXIT.OK;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    throw new CliError(`Could not read ${file}: ${(e as Error).message}`);
  }
}

/**
 * Checks the shape every renderer relies on, so a wrong or hand-edited file gives one clear
 * message instead of a crash deep in a renderer.
 */
export function parseReport(text: string, file: string): Report {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new CliError(`${file} is not valid JSON (${(e as Error).message}); pass a report written with --format json or -o json=<path>.`);
  }
  const r = data as (Omit<Partial<Report>, 'schemaVersion'> & { schemaVersion?: unknown }) | null;
  if (!r || typeof r !== 'object' || !READABLE_SCHEMA_VERSIONS.includes(r.schemaVersion as number)) {
    throw new CliError(`${file} is not an ndes-doctor JSON report of schema version ${READABLE_SCHEMA_VERSIONS.slice(0, -1).join(', ')} or ${READABLE_SCHEMA_VERSIONS.at(-1)}.`);
  }
  const results = Array.isArray(r.results) ? upgradeResults(r.results) : undefined;
  const problems = [
    !r.tool || typeof r.tool.version !== 'string' ? 'tool' : '',
    !r.run || !Array.isArray(r.run.argv) || !r.run.timeouts ? 'run' : '',
    !r.summary || !r.summary.counts || typeof r.summary.status !== 'string' ? 'summary' : '',
    !r.environment || typeof r.environment !== 'object' ? 'environment' : '',
    !r.config || !Array.isArray(r.config.only) || !Array.isArray(r.config.skip) ? 'config' : '',
    !results || (results as Partial<Report['results'][number]>[]).some((x) => !x || typeof x.id !== 'string' || typeof x.status !== 'string' || typeof x.message !== 'string')
      ? 'results'
      : '',
    !Array.isArray(r.runWarnings) ? 'runWarnings' : '',
    r.servers !== undefined && !wellFormedServers(r.servers) ? 'servers' : '',
  ].filter(Boolean);
  if (problems.length) throw new CliError(`${file} is an incomplete ndes-doctor report (missing or malformed: ${problems.join(', ')}).`);
  return { ...(r as Report), schemaVersion: SCHEMA_VERSION, results: results as Report['results'], redaction: r.redaction ?? { applied: false, rules: [], masked: 0 } };
}

/** A fleet report's servers as every renderer reads them. */
function wellFormedServers(servers: unknown): boolean {
  if (!Array.isArray(servers) || servers.length === 0) return false;
  return servers.every((x: Partial<ServerReport> | null) => {
    return !!x && typeof x.name === 'string' && typeof x.status === 'string' && typeof x.exitCode === 'number' && !!x.counts && typeof x.counts === 'object' && Array.isArray(x.runWarnings);
  });
}
