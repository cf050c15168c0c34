// Apart from io.ts, so the commands that only print (list, explain) load no colour support.

/**
 * UTF-16 units written at a time. Node encodes a string written whole into a buffer sized for three
 * bytes a unit: 11 MB for the 3.6 MB JSON report of a 200-target fleet, at the run's peak memory.
 */
const CHUNK = 64 * 1024;

/** Writes stdout and waits for it to drain, so a large report is never cut off by the exit. */
export async function writeStdout(text: string): Promise<void> {
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + CHUNK);
    // A surrogate pair is never split, or each half would be written as U+FFFD.
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    await writeBytes(Buffer.from(text.slice(start, end), 'utf8'));
    start = end;
  }
}

const isHighSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;

function writeBytes(bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(bytes, (err) => (err ? reject(err) : resolve()));
  });
}
