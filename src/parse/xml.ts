import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { excerpt, ParseError, plainMessage } from './errors.js';

/** XML that is not well-formed or not a configuration document. */
export class XmlParseError extends ParseError {
  override name = 'XmlParseError';
}

/** One XML element with its attributes and child elements; text and comments are dropped. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Parses a configuration-style XML document into its root element.
 * A DOCTYPE is refused outright: configuration files never need one, and it is how entity-expansion
 * attacks arrive. Only the five predefined entities and character references are decoded.
 */
export function parseXml(text: string): XmlElement {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new XmlParseError('the file is empty');
  if (/<!DOCTYPE|<!ENTITY/i.test(withoutComments(body))) {
    throw new XmlParseError('the file contains a DOCTYPE or ENTITY declaration, which configuration files never have; refusing to read it');
  }
  let roots: XmlElement[];
  try {
    const valid = XMLValidator.validate(body);
    if (valid !== true) {
      throw new XmlParseError(`not well-formed XML (line ${valid.err.line}, column ${valid.err.col}): ${excerpt(valid.err.msg, 160)}`);
    }
    roots = toElements(xmlParser().parse(body) as unknown[]);
  } catch (e) {
    if (e instanceof XmlParseError) throw e;
    // The validator passes a few shapes the parser then refuses (a NUL inside a processing
    // instruction), and thousands of nested elements overflow the stack.
    throw new XmlParseError(`not well-formed XML: ${excerpt(plainMessage(e), 160)}`);
  }
  if (roots.length !== 1) throw new XmlParseError(`expected one root element, found ${roots.length}`);
  return roots[0]!;
}

function xmlParser(): XMLParser {
  return new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    processEntities: false,
    htmlEntities: false,
    parseAttributeValue: false,
    parseTagValue: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    allowBooleanAttributes: true,
  });
}

/** The text outside `<!-- -->` comments, found by index (a lazy regular expression was quadratic on many unclosed comments). */
function withoutComments(body: string): string {
  const parts: string[] = [];
  let at = 0;
  for (;;) {
    const open = body.indexOf('<!--', at);
    if (open < 0) return parts.join('') + body.slice(at);
    parts.push(body.slice(at, open));
    const close = body.indexOf('-->', open + 4);
    if (close < 0) return parts.join('');
    at = close + 3;
  }
}

function toElements(nodes: unknown[]): XmlElement[] {
  const out: XmlElement[] = [];
  for (const node of nodes) {
    if (!node || typeof node !== 'object') continue;
    const record = node as Record<string, unknown>;
    const name = Object.keys(record).find((k) => k !== ':@' && k !== '#text');
    if (!name || name.startsWith('?') || name.startsWith('!')) continue;
    const rawAttrs = (record[':@'] ?? {}) as Record<string, unknown>;
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(rawAttrs)) attrs[k] = decodeEntities(String(v));
    const kids = record[name];
    out.push({ name, attrs, children: Array.isArray(kids) ? toElements(kids) : [] });
  }
  return out;
}

function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED[ref] ?? whole;
  });
}

/** The first child with this name (XML names are case-sensitive, as IIS reads them). */
export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

export function children(el: XmlElement | undefined, name: string): XmlElement[] {
  return el ? el.children.filter((c) => c.name === name) : [];
}

/** Follows a `/`-separated element path, e.g. `system.webServer/security/requestFiltering`. */
export function descend(el: XmlElement | undefined, path: string): XmlElement | undefined {
  let cur = el;
  for (const part of path.split('/')) cur = child(cur, part);
  return cur;
}
