import { execa } from 'execa';

export interface CommandOutput {
  command: string;
  exitCode: number;
  stdout: Uint8Array;
  stderr: Uint8Array;
  durationMs: number;
  /** Set when the command could not run at all or ran out of time. */
  failure?: string;
}

/** Runs a Windows tool with no stdin, no window and a hard timeout; never throws. */
export async function runCommand(file: string, args: readonly string[], timeoutMs: number, maxBuffer = 64 * 1024 * 1024): Promise<CommandOutput> {
  const command = [file, ...args].map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ');
  const started = Date.now();
  const r = await execa(file, args, {
    encoding: 'buffer',
    stdin: 'ignore',
    windowsHide: true,
    timeout: timeoutMs,
    forceKillAfterDelay: 2000,
    reject: false,
    maxBuffer,
  });
  const durationMs = Date.now() - started;
  let failure: string | undefined;
  if (r.timedOut) failure = `did not finish within ${timeoutMs} ms`;
  else if (r.failed && r.exitCode === undefined) failure = r.originalMessage || r.shortMessage;
  return {
    command,
    exitCode: r.exitCode ?? -1,
    stdout: r.stdout as Uint8Array,
    stderr: r.stderr as Uint8Array,
    durationMs,
    failure,
  };
}
