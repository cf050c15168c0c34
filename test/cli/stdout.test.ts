import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeStdout } from '../../src/cli/stdout.js';

/** What writeStdout hands to process.stdout, write by write. */
function captureStdout(): Buffer[] {
  const writes: Buffer[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: Uint8Array | string, cb?: (err?: Error | null) => void) => {
    writes.push(Buffer.from(chunk));
    queueMicrotask(() => cb?.());
    return true;
  }) as typeof process.stdout.write);
  return writes;
}

afterEach(() => vi.restoreAllMocks());

describe('writeStdout', () => {
  it('writes a large report in bounded pieces that add up to its exact UTF-8 bytes', async () => {
    const writes = captureStdout();
    const text = `{\n  "message": "${'x'.repeat(200_000)} éß — 证书"\n}\n`;
    await writeStdout(text);
    expect(writes.length).toBeGreaterThan(1);
    expect(Math.max(...writes.map((w) => w.length))).toBeLessThanOrEqual(3 * 64 * 1024);
    expect(Buffer.concat(writes).equals(Buffer.from(text, 'utf8'))).toBe(true);
  });

  it('keeps a surrogate pair whole where a piece ends, on either side of the boundary', async () => {
    for (const at of [64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1]) {
      const writes = captureStdout();
      const text = 'a'.repeat(at - 1) + '🔒' + 'b'.repeat(10);
      await writeStdout(text);
      expect(Buffer.concat(writes).toString('utf8')).toBe(text);
      expect(Buffer.concat(writes).includes(Buffer.from('\uFFFD', 'utf8'))).toBe(false);
      vi.restoreAllMocks();
    }
  });

  it('gathers small pieces into few writes, and splits a large piece, in order', async () => {
    const writes = captureStdout();
    const pieces = [...Array.from({ length: 3000 }, (_, i) => `{"n": ${i}, "s": "é"},\n`), 'z'.repeat(150_000), '🔒', 'end\n'];
    await writeStdout(pieces);
    expect(writes.length).toBeGreaterThan(2);
    expect(writes.length).toBeLessThan(20);
    expect(Buffer.concat(writes).toString('utf8')).toBe(pieces.join(''));
  });

  it('writes a short text in one piece', async () => {
    const writes = captureStdout();
    await writeStdout('PASS\n');
    expect(writes.map(String)).toEqual(['PASS\n']);
  });

  it('stops at the first failed write and resolves, so the command still ends with its verdict', async () => {
    for (const code of ['EPIPE', 'ENOSPC']) {
      let attempts = 0;
      vi.spyOn(process.stdout, 'write').mockImplementation(((_c: unknown, cb?: (err?: Error | null) => void) => {
        attempts++;
        queueMicrotask(() => cb?.(Object.assign(new Error(code), { code })));
        return false;
      }) as typeof process.stdout.write);
      await expect(writeStdout('x'.repeat(300_000))).resolves.toBeUndefined();
      expect(attempts, code).toBe(1);
      vi.restoreAllMocks();
    }
  });
});
