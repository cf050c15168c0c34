import { access, link, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { supportsColor } from 'chalk';
import { CliError } from './errors.js';

export { writeStdout } from './stdout.js';

/**
 * NO_COLOR (no-color.org) wins; FORCE_COLOR asks for colour even through a pipe (CI logs);
 * otherwise colour only on a terminal that supports it.
 */
export function stdoutColor(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined) return !['0', 'false'].includes(env.FORCE_COLOR);
  return supportsColor !== false && supportsColor.level > 0 && process.stdout.isTTY === true;
}

/**
 * An html report on a terminal is a screenful of markup nobody reads, and is easily a mistake for
 * `-o` (report's default format is html): like tools that write binary output, refuse unless forced.
 */
export function refuseHtmlOnTerminal(format: string, stdoutIsTerminal: boolean, force: boolean, toFile: string): void {
  if (format === 'html' && stdoutIsTerminal && !force) {
    throw new CliError(`Not writing the html report to a terminal: write it to a file with ${toFile}, redirect stdout, or add --force.`);
  }
}

/**
 * Writes beside the target and then renames (or, without --force, hard-links) it into place, so a
 * reader never sees half a file: windows_exporter's textfile collector reads whatever is there when
 * Prometheus scrapes, and a share or web server may serve the html while a scheduled run rewrites it.
 */
export async function writeNewFile(path: string, text: string, force: boolean): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(tmp, text, { flag: 'wx' });
    if (force) await renameRetrying(tmp, path);
    else await linkNew(tmp, path, text);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EEXIST' && !force) throw new CliError(`${path} already exists; use --force to overwrite it.`);
    throw new CliError(`Could not write ${path}: ${err.message}`);
  } finally {
    await rm(tmp, { force: true }).catch(() => undefined);
  }
}

/** A hard link fails when the name exists, atomically; where links are not supported, an exclusive create. */
async function linkNew(tmp: string, path: string, text: string): Promise<void> {
  try {
    await link(tmp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw e;
    await writeFile(path, text, { flag: 'wx' });
  }
}

/** On Windows a rename over a file another process has open fails for a moment (EPERM, EACCES, EBUSY): try again briefly. */
async function renameRetrying(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await rename(from, to);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (attempt >= 20 || !['EPERM', 'EACCES', 'EBUSY'].includes(code ?? '')) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
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
