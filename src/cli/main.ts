import { CommanderError } from 'commander';
import { BundleError } from '../collect/manifest.js';
import { SourceError } from '../collect/errors.js';
import { EXIT } from '../engine/exit-code.js';
import { UsageError } from '../engine/select.js';
import { plainMessage } from '../parse/errors.js';
import { printable } from '../report/printable.js';
import { buildProgram, shortcut } from './program.js';
import { CliError } from './errors.js';

/** One top-level handler: known errors become one readable line and exit 3; stacks only with --verbose. */
export async function main(argv: string[]): Promise<void> {
  // Kept for the end: the command still finishes its work (-o files, --history) and gives its verdict.
  const stdout: { failure?: NodeJS.ErrnoException } = {};
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    stdout.failure ??= e;
  });
  const verbose = argv.includes('--verbose') || argv.includes('-v');
  try {
    const action = shortcut(argv);
    process.exitCode = await (action ? action() : parse(argv));
  } catch (e) {
    process.exitCode = handle(e, verbose);
    // A monitor reads stdout: give it its one UNKNOWN line even when the arguments themselves were wrong.
    if (process.exitCode === EXIT.UNKNOWN && wantsNagios(argv) && !stdout.failure) {
      process.stdout.write(`NDES-DOCTOR UNKNOWN - ${printable(errorText(e)).replace(/\s*\n\s*/g, ' ').replace(/\|/g, '/')}\n`);
    }
  }
  // A stream emits 'error' on a later tick than the failed write, which --help's last write may be.
  await new Promise((resolve) => setImmediate(resolve));
  // `ndes-doctor check | head` closes the pipe early: the reader's choice, so the verdict stands.
  // Any other failed write (a full disk) lost the output its reader expects: that run is UNKNOWN.
  if (stdout.failure && stdout.failure.code !== 'EPIPE') {
    process.stderr.write(`ndes-doctor: could not write to stdout: ${printable(stdout.failure.message)}\n`);
    process.exitCode = EXIT.UNKNOWN;
  }
}

async function parse(argv: string[]): Promise<number> {
  let pending: Promise<number> | undefined;
  const program = buildProgram((p) => (pending = p), argv)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const cmd of program.commands) cmd.exitOverride();
  await program.parseAsync(argv, { from: 'user' });
  return pending ? await pending : EXIT.OK;
}

/** `check -f nagios`, `--format nagios` or `--format=nagios`, read before commander has parsed anything. */
function wantsNagios(argv: readonly string[]): boolean {
  if (argv[0] !== 'check') return false;
  return argv.some((a, i) => a === '--format=nagios' || ((a === '--format' || a === '-f') && argv[i + 1] === 'nagios'));
}

function errorText(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.replace(/^error: /, '').trim() || 'the run could not start';
}

function handle(e: unknown, verbose: boolean): number {
  if (e instanceof CommanderError) {
    // --help and --version end through here too, with code 0.
    return e.exitCode === 0 ? EXIT.OK : EXIT.UNKNOWN;
  }
  if (e instanceof CliError || e instanceof UsageError || e instanceof BundleError || e instanceof SourceError) {
    process.stderr.write(`ndes-doctor: ${printable(e.message)}\n`);
    return EXIT.UNKNOWN;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`ndes-doctor: internal error: ${printable(plainMessage(err))}\n`);
  process.stderr.write(verbose ? `${err.stack}\n` : 'Run again with --verbose for details, and report it with that output.\n');
  return EXIT.UNKNOWN;
}
