/**
 * Just enough DER to rewrite a certificate: parse a value into its tag-length-value tree, change
 * some leaves, and encode it again. An unchanged node encodes to its original bytes exactly.
 */

export interface DerNode {
  /** The identifier octets (class, constructed bit, tag number), as they were. */
  tag: Uint8Array;
  constructed: boolean;
  /** Children of a constructed node; undefined for a primitive one. */
  children?: DerNode[];
  /** The content octets of a primitive node. */
  content: Uint8Array;
  /** The whole encoding as read; dropped when the node or one below it changes. */
  raw?: Uint8Array;
}

export class DerError extends Error {
  override name = 'DerError';
}

/** Parses exactly one DER value that fills `bytes`; throws DerError otherwise. */
export function parseDer(bytes: Uint8Array): DerNode {
  const [node, end] = readNode(bytes, 0, 0);
  if (end !== bytes.length) throw new DerError(`${bytes.length - end} bytes after the DER value`);
  return node;
}

/** Parses, or undefined when the bytes are not one DER value. */
export function tryParseDer(bytes: Uint8Array): DerNode | undefined {
  try {
    return parseDer(bytes);
  } catch (e) {
    if (e instanceof DerError) return undefined;
    throw e;
  }
}

const MAX_DEPTH = 64;

function readNode(bytes: Uint8Array, at: number, depth: number): [DerNode, number] {
  if (depth > MAX_DEPTH) throw new DerError('nested too deep');
  const start = at;
  if (at >= bytes.length) throw new DerError('truncated');
  const first = bytes[at++]!;
  // High tag numbers continue while the top bit is set.
  if ((first & 0x1f) === 0x1f) {
    while (at < bytes.length && bytes[at]! & 0x80) at++;
    at++;
  }
  const tag = bytes.slice(start, at);
  if (at >= bytes.length) throw new DerError('truncated');
  let length = bytes[at++]!;
  if (length & 0x80) {
    const n = length & 0x7f;
    // Indefinite lengths are BER, not DER; four bytes are already 4 GB.
    if (n === 0 || n > 4) throw new DerError('not a DER length');
    length = 0;
    for (let i = 0; i < n; i++) {
      if (at >= bytes.length) throw new DerError('truncated');
      length = length * 256 + bytes[at++]!;
    }
  }
  const end = at + length;
  if (end > bytes.length) throw new DerError('truncated');
  const constructed = (first & 0x20) !== 0;
  const content = bytes.subarray(at, end);
  const node: DerNode = { tag, constructed, content, raw: bytes.subarray(start, end) };
  if (constructed) {
    node.children = [];
    let p = at;
    while (p < end) {
      const [child, next] = readNode(bytes, p, depth + 1);
      node.children.push(child);
      p = next;
    }
  }
  return [node, end];
}

export function encodeDer(node: DerNode): Uint8Array {
  if (node.raw) return node.raw;
  const content = node.children ? concat(node.children.map(encodeDer)) : node.content;
  return concat([node.tag, lengthOctets(content.length), content]);
}

function lengthOctets(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const octets: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) octets.unshift(v % 256);
  return Uint8Array.of(0x80 | octets.length, ...octets);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A new primitive node with the same tag and other content. */
export function withContent(node: DerNode, content: Uint8Array): DerNode {
  return { tag: node.tag, constructed: false, content };
}

/** A new constructed node with the same tag and other children. */
export function withChildren(node: DerNode, children: DerNode[]): DerNode {
  return { tag: node.tag, constructed: true, children, content: new Uint8Array(0) };
}

/** The first identifier octet: class, constructed bit and a low tag number. */
export function tagByte(node: DerNode): number {
  return node.tag[0]!;
}

export const TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  T61_STRING: 0x14,
  IA5_STRING: 0x16,
  VISIBLE_STRING: 0x1a,
  BMP_STRING: 0x1e,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;
