import { access, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { supportsColor } from 'chalk';
import { CliError } from './errors.js';

/**
 * NO_COLOR (no-color.org) wins; FORCE_COLOR asks for colour even through a pipe (CI logs);
 * otherwise colour only on a terminal that supports it.
 */
export function stdoutColor(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return !['0', 'false'].includes(env.FORCE_COLOR);
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

/** Refuses up front, so a long live run is not wasted on a report file it may not write. */
export async function ensureNewFiles(paths: readonly string[], force: boolean): Promise<void> {
  if (force) return;
  for (const path of paths) {
    const exists = await access(path).then(
      () => true,
      () => false,
    );
    if (exists) throw new CliError(`${path} already exists; use --force to overwrite it.`);
  }
}
