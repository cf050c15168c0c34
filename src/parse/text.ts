import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/**
 * Decodes native Windows tool output to a string with LF line ends, or with the line ends as written
 * for formats where they are only whitespace (JSON): making them LF copies the whole text.
 * Order of evidence: a byte-order mark, then the UTF-16LE shape (NUL in every odd byte),
 * then valid UTF-8, and last the console's OEM code page the output was written in.
 */
export function decodeText(bytes: Uint8Array, oemCodePage?: number, lineEnds: 'lf' | 'as-written' = 'lf'): string {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let text: string;
  // A UTF-16 file cut inside a character keeps a lone byte; show it as U+FFFD, as TextDecoder does,
  // instead of dropping it, so that parsers see the text is incomplete.
  if (buf[0] === 0xff && buf[1] === 0xfe) text = utf16le(buf.subarray(2)) + (buf.length % 2 ? '\uFFFD' : '');
  else if (buf[0] === 0xfe && buf[1] === 0xff) text = iconv.decode(buf.subarray(2), 'utf16be');
  else if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) text = buf.subarray(3).toString('utf8');
  else if (looksUtf16le(buf)) text = utf16le(buf) + (buf.length % 2 ? '\uFFFD' : '');
  else if (isUtf8(buf)) text = buf.toString('utf8');
  else text = iconv.decode(buf, codePageName(oemCodePage));
  return lineEnds === 'lf' ? lfLineEnds(text) : text;
}

/**
 * CR LF and lone CR as LF. Split and joined, not replaced: V8 keeps every match of a global replace
 * until it builds the result, which for 16 MB of empty lines came to 400 MB (split and join: 180 MB).
 */
function lfLineEnds(text: string): string {
  if (!text.includes('\r')) return text;
  const lf = text.split('\r\n').join('\n');
  return lf.includes('\r') ? lf.split('\r').join('\n') : lf;
}

/**
 * UTF-16LE text. What Windows tools write is nearly always Latin-1 in UTF-16 (regedit, PowerShell):
 * then it is read from the low bytes, which gives the same string in half the memory (V8 stores
 * Latin-1 strings one byte a character), for it and for every string parsing makes from it.
 */
function utf16le(buf: Buffer): string {
  const n = buf.length >> 1;
  for (let i = 1; i < buf.length; i += 2) if (buf[i] !== 0) return buf.toString('utf16le');
  const low = Buffer.allocUnsafe(n);
  for (let i = 0; i < n; i++) low[i] = buf[2 * i]!;
  return low.toString('latin1');
}

function looksUtf16le(buf: Buffer): boolean {
  if (buf.length < 4) return false;
  const sample = Math.min(buf.length - (buf.length % 2), 512);
  let zeros = 0;
  for (let i = 1; i < sample; i += 2) if (buf[i] === 0) zeros++;
  return zeros / (sample / 2) > 0.6;
}

function codePageName(cp: number | undefined): string {
  const name = `cp${cp ?? 437}`;
  return iconv.encodingExists(name) ? name : 'cp437';
}
