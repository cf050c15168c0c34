// Apart from io.ts, so the commands that only print (list, explain) load no colour support.

/**
 * UTF-16 units written at a time. Node encodes a string written whole into a buffer sized for three
 * bytes a unit: 11 MB for the 3.6 MB JSON report of a 200-target fleet, at the run's peak memory.
 */
const CHUNK = 64 * 1024;

/**
 * Writes stdout, the text whole or in pieces (a report rendered piece by piece), and waits for it to
 * drain, so a large report is never cut off by the exit. When a write fails (the reader closed the
 * pipe, the disk is full) the rest is not written and the promise still resolves: the command
 * finishes and main, which hears stdout's 'error', decides the exit code.
 */
export async function writeStdout(text: string | Iterable<string>): Promise<void> {
  let pending = '';
  for (const piece of typeof text === 'string' ? [text] : text) {
    pending += piece;
    while (pending.length >= CHUNK) {
      // A surrogate pair is never split, or each half would be written as U+FFFD.
      const end = isHighSurrogate(pending.charCodeAt(CHUNK - 1)) ? CHUNK - 1 : CHUNK;
      if (!(await writeBytes(Buffer.from(pending.slice(0, end), 'utf8')))) return;
      pending = pending.slice(end);
    }
  }
  if (pending.length > 0) await writeBytes(Buffer.from(pending, 'utf8'));
}

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;

/** Whether the bytes were written. */
function writeBytes(bytes: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    process.stdout.write(bytes, (err) => resolve(!err));
  });
}
