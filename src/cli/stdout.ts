// Apart from io.ts, so the commands that only print (list, explain) load no colour support.

/** Writes stdout and waits for it to drain, so a large report is never cut off by the exit. */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (err) => (err ? reject(err) : resolve()));
  });
}
