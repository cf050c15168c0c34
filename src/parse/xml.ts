import { XMLParser, XMLValidator } from 'fast-xml-parser';

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
  if (body.trim() === '') throw new Error('the file is empty');
  if (/<!DOCTYPE|<!ENTITY/i.test(body.replace(/<!--[\s\S]*?-->/g, ''))) {
    throw new Error('the file contains a DOCTYPE or ENTITY declaration, which configuration files never have; refusing to read it');
  }
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    throw new Error(`not well-formed XML (line ${valid.err.line}, column ${valid.err.col}): ${valid.err.msg}`);
  }
  const parser = new XMLParser({
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
  const roots = toElements(parser.parse(body) as unknown[]);
  if (roots.length !== 1) throw new Error(`expected one root element, found ${roots.length}`);
  return roots[0]!;
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
