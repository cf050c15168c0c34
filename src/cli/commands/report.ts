import { readFile } from 'node:fs/promises';
import { EXIT } from '../../engine/exit-code.js';
import { FORMATS, isFormat, RENDERERS } from '../../report/index.js';
import { SCHEMA_VERSION, type Report } from '../../report/model.js';
import { withSchemaFields } from '../../report/schema-fields.js';
import { reportShapeProblems } from '../../report/shape.js';
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
  // A command that is neither a schema-1 string nor a { shell, text } makes the results malformed (null).
  const results = Array.isArray(r.results) ? (upgradeResults(r.results) ?? null) : r.results;
  // Reports written before bundles were judged as of their collection time have no evaluatedAt: they were judged at the start.
  const run = r.run && typeof r.run === 'object' && r.run.evaluatedAt === undefined ? { ...r.run, evaluatedAt: r.run.startedAt } : r.run;
  const problems = reportShapeProblems({ ...r, run, results });
  if (problems.length) {
    const where = problems.filter((p) => p.at !== p.field).map((p) => p.at);
    throw new CliError(`${file} is an incomplete ndes-doctor report (missing or malformed: ${problems.map((p) => p.field).join(', ')})${where.length ? `: ${where.join(', ')}` : ''}.`);
  }
  // Fields no schema of ours knows (hand edits, other tools) are dropped: the report is re-stamped with the current schemaVersion.
  return withSchemaFields({ ...(r as Report), schemaVersion: SCHEMA_VERSION, run: run as Report['run'], results: results as Report['results'], redaction: r.redaction ?? { applied: false, rules: [], masked: 0 } });
}
