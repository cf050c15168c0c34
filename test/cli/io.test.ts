import { mkdtempSync, openSync, readFileSync, readSync, readdirSync, rmSync, statSync, writeFileSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeNewFile } from '../../src/cli/io.js';

const dir = mkdtempSync(join(tmpdir(), 'ndes-doctor-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeNewFile', () => {
  it('replaces a file whole with --force: a reader of the old file never sees the new one half written', async () => {
    const path = join(dir, 'ndes.prom');
    writeFileSync(path, 'old complete content\n');
    const before = statSync(path).ino;
    // Like windows_exporter reading while the scheduled run rewrites: the open file keeps its content.
    const fd = openSync(path, 'r');
    try {
      await writeNewFile(path, 'new content\n'.repeat(10_000), true);
      const buf = Buffer.alloc(100);
      const n = readSync(fd, buf, 0, 100, 0);
      expect(buf.subarray(0, n).toString()).toBe('old complete content\n');
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(path, 'utf8')).toBe('new content\n'.repeat(10_000));
    expect(statSync(path).ino).not.toBe(before);
    expect(readdirSync(dir)).toEqual(['ndes.prom']);
  });

  it('refuses an existing file without --force, leaves it as it was, and leaves no temporary file', async () => {
    const path = join(dir, 'keep.json');
    writeFileSync(path, 'yesterday');
    await expect(writeNewFile(path, 'today', false)).rejects.toThrow(`${path} already exists; use --force to overwrite it.`);
    expect(readFileSync(path, 'utf8')).toBe('yesterday');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('creates a new file and its folder', async () => {
    const path = join(dir, 'a', 'b', 'new.html');
    await writeNewFile(path, '<p>x</p>', false);
    expect(readFileSync(path, 'utf8')).toBe('<p>x</p>');
    expect(readdirSync(join(dir, 'a', 'b'))).toEqual(['new.html']);
  });

  it('says which file it could not write', async () => {
    const blocker = join(dir, 'file-not-folder');
    writeFileSync(blocker, '');
    await expect(writeNewFile(join(blocker, 'x.json'), '{}', true)).rejects.toThrow(/^Could not write .*file-not-folder\/x\.json: /);
  });
});
