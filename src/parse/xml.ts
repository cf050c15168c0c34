import { SaxesParser, type SaxesTagPlain } from 'saxes';
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

/**
 * Which elements to keep, by name, below the element this applies to: `'all'` keeps the whole
 * subtree; an element whose name is not listed is read for well-formedness, then dropped.
 */
export type KeepSpec = 'all' | { readonly [name: string]: KeepSpec };

/**
 * Deeper than any configuration file nests (applicationHost.config: about ten levels). Each open element costs
 * memory until it closes, so a file of millions of unclosed tags, well under its size cap, took gigabytes.
 */
export const MAX_XML_DEPTH = 256;
/**
 * Elements built from the sections kept, at most: a 5,000-site applicationHost.config (35 MB) keeps about 130,000, and
 * a file under its cap made of nothing but kept elements (1.2 million `<site>`) took 600 MB.
 */
export const MAX_XML_ELEMENTS = 250_000;

/**
 * Parses a configuration-style XML document into its root element, in one streaming pass (saxes):
 * with `keep`, only the listed elements are built, so a 35 MB applicationHost.config costs the
 * memory of the sections read, not of the whole tree.
 * A DOCTYPE is refused outright: configuration files never need one, and it is how entity-expansion
 * attacks arrive. Only the five predefined entities and character references are decoded; any
 * other entity reference is kept as written.
 */
export function parseXml(text: string, keep: KeepSpec = 'all'): XmlElement {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new XmlParseError('the file is empty');
  const parser = new SaxesParser({ xmlns: false, position: true });
  let root: XmlElement | undefined;
  // One entry per open element: what was built for it (undefined when dropped) and what to keep below it.
  const open: { element?: XmlElement; keep?: KeepSpec }[] = [];
  let built = 0;
  parser.on('doctype', () => {
    throw new XmlParseError('the file contains a DOCTYPE or ENTITY declaration, which configuration files never have; refusing to read it');
  });
  parser.on('error', (e) => {
    // Without a DTD every other entity is undefined; IIS files do not use them, and they are kept as written.
    if (e.message.endsWith('undefined entity.')) return;
    throw e;
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    if (open.length >= MAX_XML_DEPTH) throw new XmlParseError(`elements are nested more than ${MAX_XML_DEPTH} deep (line ${parser.line}), which no configuration file does; refusing to read further`);
    const parent = open[open.length - 1];
    if (!parent) {
      built++;
      root = { name: tag.name, attrs: { ...tag.attributes }, children: [] };
      open.push({ element: root, keep });
      return;
    }
    const below = parent.keep === 'all' ? 'all' : parent.keep?.[tag.name];
    if (!parent.element || below === undefined) {
      open.push({});
      return;
    }
    if (++built > MAX_XML_ELEMENTS) throw new XmlParseError(`more than ${MAX_XML_ELEMENTS.toLocaleString('en-US')} elements in the sections read (line ${parser.line}), far more than a real server's configuration has; refusing to read further`);
    const element: XmlElement = { name: tag.name, attrs: { ...tag.attributes }, children: [] };
    parent.element.children.push(element);
    open.push({ element, keep: below });
  });
  parser.on('closetag', () => void open.pop());
  try {
    parser.write(body).close();
  } catch (e) {
    if (e instanceof XmlParseError) throw e;
    const m = /^(\d+):(\d+): (.*)$/s.exec(plainMessage(e));
    throw new XmlParseError(m ? `not well-formed XML (line ${m[1]}, column ${m[2]}): ${excerpt(m[3]!, 160)}` : `not well-formed XML: ${excerpt(plainMessage(e), 160)}`);
  }
  if (!root) throw new XmlParseError('expected one root element, found 0');
  return root;
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
