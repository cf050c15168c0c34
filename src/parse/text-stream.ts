/**
 * Decodes a byte stream chunk by chunk, choosing the encoding from the first bytes the way
 * decodeText does for whole files: a byte-order mark, else the UTF-16LE shape (NUL in odd bytes),
 * else UTF-8. A character split across two chunks is carried over, so memory stays at one chunk.
 */
export class TextStream {
  private decoder: TextDecoder | undefined;
  private head: Uint8Array | undefined;
  /** UTF-16LE is decoded by Buffer (several times faster than TextDecoder); an odd last byte waits here for its pair. */
  private oddByte: number | undefined;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | undefined;

  /** Text decoded so far from `chunk`; may be empty while the first bytes are too few to tell the encoding. */
  push(chunk: Uint8Array): string {
    if (!this.decoder) {
      const bytes = this.head ? concat(this.head, chunk) : chunk;
      if (bytes.length < 4) {
        this.head = bytes;
        return '';
      }
      this.head = undefined;
      return this.start(bytes, false);
    }
    return this.encoding === 'utf-16le' ? this.utf16le(chunk, false) : this.decoder.decode(chunk, { stream: true });
  }

  end(): string {
    if (!this.decoder) return this.head ? this.start(this.head, true) : '';
    return this.encoding === 'utf-16le' ? this.utf16le(new Uint8Array(0), true) : this.decoder.decode();
  }

  /**
   * A chunk of UTF-16LE: a character cut between two chunks keeps its first byte for the next; a
   * surrogate pair cut between them joins up again in the string. A lone last byte is U+FFFD, as
   * TextDecoder makes it.
   */
  private utf16le(chunk: Uint8Array, last: boolean): string {
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.oddByte !== undefined) {
      bytes = Buffer.concat([Buffer.of(this.oddByte), bytes]);
      this.oddByte = undefined;
    }
    const even = bytes.length & ~1;
    if (even < bytes.length) {
      if (last) return bytes.toString('utf16le', 0, even) + '\uFFFD';
      this.oddByte = bytes[even];
    }
    return bytes.toString('utf16le', 0, even);
  }

  private start(bytes: Uint8Array, last: boolean): string {
    let skip = 0;
    if (bytes[0] === 0xff && bytes[1] === 0xfe) [this.encoding, skip] = ['utf-16le', 2];
    else if (bytes[0] === 0xfe && bytes[1] === 0xff) [this.encoding, skip] = ['utf-16be', 2];
    else if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) [this.encoding, skip] = ['utf-8', 3];
    else this.encoding = looksUtf16le(bytes) ? 'utf-16le' : 'utf-8';
    this.decoder = new TextDecoder(this.encoding, { ignoreBOM: true });
    const rest = bytes.subarray(skip);
    if (this.encoding === 'utf-16le') return this.utf16le(rest, last);
    return last ? this.decoder.decode(rest) : this.decoder.decode(rest, { stream: true });
  }
}

function looksUtf16le(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length - (bytes.length % 2), 512);
  let zeros = 0;
  for (let i = 1; i < n; i += 2) if (bytes[i] === 0) zeros++;
  return n >= 4 && zeros / (n / 2) > 0.6;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * `s` in memory of its own. V8 slices strings without copying, so a value sliced from a decoded
 * chunk and kept after parsing (a digest's latest event) would keep the whole chunk alive;
 * concatenating first makes a new flat string.
 */
export function own(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** An in-memory artifact as the chunks a file stream would deliver (views, no copies). */
export function* chunksOf(bytes: Uint8Array, size = 1 << 20): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(i + size, bytes.length));
}
