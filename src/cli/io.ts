import { writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { supportsColor } from 'chalk';
import { CliError } from './errors.js';

export function stdoutColor(): boolean {
  return supportsColor !== false && supportsColor.level > 0 && process.stdout.isTTY === true;
}

/** Writes stdout and waits for it to drain, so a large report is never cut off by the exit. */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (err) => (err ? reject(err) : resolve()));
  });
}

export async function writeNewFile(path: string, text: string, force: boolean): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFile(path, text, { flag: force ? 'w' : 'wx' });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EEXIST') throw new CliError(`${path} already exists; use --force to overwrite it.`);
    throw new CliError(`Could not write ${path}: ${err.message}`);
  }
}
