import { ARTIFACT_IDS } from '../../collect/artifacts.js';
import { writeBundle } from '../../collect/bundle.js';
import { redactBundleFiles } from '../../collect/redact.js';
import { EXIT } from '../../engine/exit-code.js';
import { runtimeWarning } from '../../knowledge/node-lifecycle.js';
import { CliError } from '../errors.js';
import { ensureNewFiles } from '../io.js';
import { parseSince } from '../since.js';

export interface CollectOptions {
  out: string;
  force: boolean;
  quiet: boolean;
  /** false with --no-redact */
  redact: boolean;
  /** Start of the log window (duration or date); default 7 days. */
  since?: string;
}

/** Gathers every known artifact from this Windows server into a bundle folder or zip. */
export async function collectCommand(opts: CollectOptions): Promise<number> {
  if (process.platform !== 'win32') {
    throw new CliError(
      `collect reads a Windows NDES server's configuration; run it on the server itself (this is ${process.platform}).`,
    );
  }
  const since = opts.since === undefined ? undefined : parseSince(opts.since, new Date());
  await ensureNewFiles([opts.out], opts.force);
  const { liveSource } = await import('../../collect/windows/live.js');
  const source = await liveSource({ since });
  const raws = await Promise.all(ARTIFACT_IDS.map((id) => source.read(id)));
  if (opts.force) {
    const { rm } = await import('node:fs/promises');
    await rm(opts.out, { recursive: true, force: true });
  }
  const { files, redaction } = opts.redact
    ? redactBundleFiles(source.files)
    : { files: source.files, redaction: { applied: false, rules: [], masked: 0 } };
  await writeBundle(opts.out, { ...source.manifest, redaction }, files);
  const failed = raws.filter((r) => r.status === 'unavailable');
  if (!opts.quiet) {
    const runtime = runtimeWarning(process.version, new Date());
    if (runtime) process.stderr.write(`Warning: ${runtime}\n`);
    process.stderr.write(`Wrote ${files.size} artifacts to ${opts.out}` + (failed.length ? `; ${failed.length} could not be collected (see manifest.json).` : '.') + '\n');
    process.stderr.write(
      redaction.applied
        ? `Masked ${redaction.masked} secret value(s) (passwords in configuration files, SCEP messages in IIS logs); review the bundle before sharing it.\n`
        : 'Not redacted (--no-redact): configuration files may hold encrypted passwords and IIS logs SCEP messages; review before sharing.\n',
    );
    for (const f of failed) process.stderr.write(`  - ${f.message}\n`);
  }
  return EXIT.OK;
}
