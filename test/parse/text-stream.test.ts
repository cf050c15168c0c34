import { describe, expect, it } from 'vitest';
import { chunksOf, TextStream } from '../../src/parse/text-stream.js';

function decode(bytes: Uint8Array, size: number): { text: string; encoding?: string } {
  const s = new TextStream();
  let text = '';
  for (let i = 0; i < bytes.length; i += size) text += s.push(bytes.subarray(i, i + size));
  text += s.end();
  return { text, encoding: s.encoding };
}

describe('TextStream', () => {
  const sample = 'Zertifikat für Gerät – 証明書 <Event/>';
  const cases: [string, Uint8Array, string][] = [
    ['UTF-8', new Uint8Array(Buffer.from(sample, 'utf8')), 'utf-8'],
    ['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(sample, 'utf8')]), 'utf-8'],
    ['UTF-16LE with BOM', new Uint8Array([0xff, 0xfe, ...Buffer.from(sample, 'utf16le')]), 'utf-16le'],
    ['UTF-16LE without BOM', new Uint8Array(Buffer.from(`<Events>${sample}`, 'utf16le')), 'utf-16le'],
  ];

  it.each(cases)('decodes %s split at every byte', (_, bytes, encoding) => {
    for (const size of [1, 2, 3, 5, bytes.length]) {
      const { text, encoding: found } = decode(bytes, size);
      expect(text.endsWith(sample)).toBe(true);
      expect(found).toBe(encoding);
    }
  });

  it('decodes input shorter than the four bytes it looks at', () => {
    expect(decode(new Uint8Array(Buffer.from('ab')), 1).text).toBe('ab');
    expect(decode(new Uint8Array(), 1).text).toBe('');
  });
});

describe('chunksOf', () => {
  it('views the bytes in order without copying', () => {
    const bytes = new Uint8Array([1, 2, 3, 4, 5]);
    const chunks = [...chunksOf(bytes, 2)];
    expect(chunks.map((c) => [...c])).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks[0]!.buffer).toBe(bytes.buffer);
  });
});
