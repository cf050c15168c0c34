import { readFile } from 'node:fs/promises';
import { EXIT } from '../../engine/exit-code.js';
import { FORMATS, isFormat, RENDERERS } from '../../report/index.js';
import { SCHEMA_VERSION, type Report } from '../../report/model.js';
import { CliError } from '../errors.js';
import { stdoutColor, writeNewFile, writeStdout } from '../io.js';

export interface ReportOptions {
  format: string;
  out?: string;
  force: boolean;
  verbose: boolean;
}

/** Re-renders a saved JSON report in another format. */
export async function reportCommand(file: string, opts: ReportOptions): Promise<number> {
  if (!isFormat(opts.format)) throw new CliError(`--format takes one of ${FORMATS.join(', ')}; got "${opts.format}".`);
  let report: Report;
  try {
    report = JSON.parse(await readFile(file, 'utf8')) as Report;
  } catch (e) {
    throw new CliError(`Could not read ${file} as a JSON report: ${(e as Error).message}`);
  }
  if (report?.schemaVersion !== SCHEMA_VERSION || !Array.isArray(report.results)) {
    throw new CliError(`${file} is not an ndes-doctor JSON report of schema version ${SCHEMA_VERSION}.`);
  }
  const text = RENDERERS[opts.format](report, { color: opts.format === 'text' && !opts.out && stdoutColor(), verbose: opts.verbose });
  if (opts.out) await writeNewFile(opts.out, text, opts.force);
  else await writeStdout(text);
  return EXIT.OK;
}
