import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/parse/text.js';

const SAMPLE = 'Schlüssel: Größe\r\n    MaxFieldLength    REG_DWORD    0xfffe\r\n';
const AS_LF = 'Schlüssel: Größe\n    MaxFieldLength    REG_DWORD    0xfffe\n';

const bytes = (...parts: (Buffer | number[])[]) => new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p))));

describe('decodeText', () => {
  it('reads UTF-16LE with a BOM (reg export) and drops the BOM', () => {
    const text = decodeText(bytes([0xff, 0xfe], Buffer.from(SAMPLE, 'utf16le')));
    expect(text).toBe(AS_LF);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('reads UTF-16LE the same whether every character is Latin-1 or not', () => {
    const utf16 = (s: string) => new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]));
    expect(decodeText(utf16('"Name"="Zertifikatvorlage für Geräte ÿ"\r\n'))).toBe('"Name"="Zertifikatvorlage für Geräte ÿ"\n');
    expect(decodeText(utf16('"Name"="证书模板 Ā ÿ"\r\n'))).toBe('"Name"="证书模板 Ā ÿ"\n');
    expect(decodeText(utf16('ab').subarray(2))).toBe('ab');
  });

  it('reads UTF-16BE with a BOM', () => {
    const be = Buffer.from(SAMPLE, 'utf16le').swap16();
    expect(decodeText(bytes([0xfe, 0xff], be))).toBe(AS_LF);
  });

  it('reads UTF-8 with a BOM (PowerShell 5 Out-File -Encoding utf8)', () => {
    expect(decodeText(bytes([0xef, 0xbb, 0xbf], Buffer.from(SAMPLE, 'utf8')))).toBe(AS_LF);
  });

  it('recognises UTF-16LE without a BOM by its NUL bytes (PowerShell > redirection of some tools)', () => {
    expect(decodeText(bytes(Buffer.from(SAMPLE, 'utf16le')))).toBe(AS_LF);
  });

  it('reads BOM-less UTF-8', () => {
    expect(decodeText(bytes(Buffer.from(SAMPLE, 'utf8')))).toBe(AS_LF);
  });

  it('falls back to the OEM code page for bytes that are not UTF-8 (CP850 German console)', () => {
    const cp850 = new Uint8Array(iconv.encode(SAMPLE, 'cp850'));
    expect(cp850).toContain(0x81); // ü in CP850: not valid UTF-8 on its own
    expect(decodeText(cp850, 850)).toBe(AS_LF);
  });

  it('uses CP437 when the code page is unknown or not given', () => {
    const cp437 = new Uint8Array(iconv.encode('Größe\r\n', 'cp437'));
    expect(decodeText(cp437)).toBe('Größe\n');
    expect(decodeText(cp437, 99999)).toBe('Größe\n');
  });

  it('decodes the same bytes differently per code page (box-drawing vs accented letters)', () => {
    const b = new Uint8Array([0xb5, 0x0d, 0x0a]);
    expect(decodeText(b, 850)).toBe('Á\n');
    expect(decodeText(b, 437)).toBe('╡\n');
  });

  it('turns CRLF and lone CR into LF', () => {
    expect(decodeText(bytes(Buffer.from('a\r\nb\rc\nd', 'utf8')))).toBe('a\nb\nc\nd');
    // A lone CR before a CR LF is a line end of its own.
    expect(decodeText(bytes(Buffer.from('a\r\r\nb\n\rc\r', 'utf8')))).toBe('a\n\nb\n\nc\n');
  });

  it('keeps the line ends as written when asked, for JSON, where they are whitespace', () => {
    expect(decodeText(bytes(Buffer.from('a\r\nb\rc\nd', 'utf8')), undefined, 'as-written')).toBe('a\r\nb\rc\nd');
    expect(decodeText(bytes([0xff, 0xfe], Buffer.from(SAMPLE, 'utf16le')), undefined, 'as-written')).toBe(SAMPLE);
    expect(decodeText(bytes([0xff, 0xfe], Buffer.from(SAMPLE, 'utf16le')))).toBe(AS_LF);
  });

  it('copes with empty input and a lone BOM, and marks an odd trailing byte of UTF-16 as U+FFFD (the file was cut)', () => {
    expect(decodeText(new Uint8Array())).toBe('');
    expect(decodeText(new Uint8Array([0xff, 0xfe]))).toBe('');
    expect(decodeText(bytes([0xff, 0xfe], Buffer.from('ab', 'utf16le'), [0x63]))).toBe('ab\uFFFD');
    expect(decodeText(bytes(Buffer.from('abcd', 'utf16le'), [0x63]))).toBe('abcd\uFFFD');
  });

  it('honours the view of a Uint8Array that is a slice of a larger buffer', () => {
    const big = Buffer.from('XXXXhello\r\nYYYY', 'utf8');
    expect(decodeText(new Uint8Array(big.buffer, big.byteOffset + 4, 7))).toBe('hello\n');
  });
});
