import { CommanderError } from 'commander';
import { BundleError } from '../collect/manifest.js';
import { EXIT } from '../engine/exit-code.js';
import { UsageError } from '../engine/select.js';
import { buildProgram } from './program.js';
import { CliError } from './errors.js';

/** One top-level handler: known errors become one readable line and exit 3; stacks only with --verbose. */
export async function main(argv: string[]): Promise<void> {
  // `ndes-doctor list | head` closes the pipe early: that is the reader's choice, not a crash.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.OK);
    throw e;
  });
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  let pending: Promise<number> | undefined;
  const program = buildProgram((p) => (pending = p), argv)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const cmd of program.commands) cmd.exitOverride();
  try {
    await program.parseAsync(argv, { from: 'user' });
    process.exitCode = pending ? await pending : EXIT.OK;
  } catch (e) {
    process.exitCode = handle(e, verbose);
  }
}

function handle(e: unknown, verbose: boolean): number {
  if (e instanceof CommanderError) {
    // --help and --version end through here too, with code 0.
    return e.exitCode === 0 ? EXIT.OK : EXIT.UNKNOWN;
  }
  if (e instanceof CliError || e instanceof UsageError || e instanceof BundleError) {
    process.stderr.write(`ndes-doctor: ${e.message}\n`);
    return EXIT.UNKNOWN;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`ndes-doctor: internal error: ${err.message}\n`);
  process.stderr.write(verbose ? `${err.stack}\n` : 'Run again with --verbose for details, and report it with that output.\n');
  return EXIT.UNKNOWN;
}
