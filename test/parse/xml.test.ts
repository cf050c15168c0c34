import { describe, expect, it } from 'vitest';
import { descend, MAX_XML_DEPTH, MAX_XML_ELEMENTS, parseXml } from '../../src/parse/xml.js';

describe('parseXml', () => {
  it('keeps attributes and element order, drops comments and text', () => {
    const root = parseXml('\uFEFF<?xml version="1.0"?>\n<!-- <location path="x"> -->\n<a x="1"><b/>text<c y="2"/><b z="3"/></a>');
    expect(root.name).toBe('a');
    expect(root.attrs).toEqual({ x: '1' });
    expect(root.children.map((c) => c.name)).toEqual(['b', 'c', 'b']);
    expect(descend(root, 'c')?.attrs.y).toBe('2');
  });

  it('decodes the predefined entities and character references, nothing else', () => {
    const root = parseXml('<a v="C:\\a&amp;b &lt;x&gt; &quot;q&quot; &#65;&#x42; &custom;"/>');
    expect(root.attrs.v).toBe('C:\\a&b <x> "q" AB &custom;');
  });

  it('refuses a DOCTYPE with entities instead of expanding it', () => {
    const text = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "xxxxxxxx"><!ENTITY y "&x;&x;&x;">]><a v="&y;"/>';
    expect(() => parseXml(text)).toThrow(/DOCTYPE or ENTITY/);
  });

  it('accepts the word DOCTYPE inside a comment', () => {
    expect(parseXml('<!-- no <!DOCTYPE here --><a/>').name).toBe('a');
  });

  it('reads elements nested up to its depth limit, and refuses one level more, unclosed or closed', () => {
    const nested = (depth: number, closed: boolean) => `${'<a>'.repeat(depth)}${closed ? '</a>'.repeat(depth) : ''}`;
    expect(parseXml(nested(MAX_XML_DEPTH, true)).name).toBe('a');
    expect(() => parseXml(nested(MAX_XML_DEPTH + 1, true))).toThrow(/^elements are nested more than 256 deep \(line 1\)/);
    expect(() => parseXml(nested(MAX_XML_DEPTH + 1, false))).toThrow(/nested more than 256 deep/);
  });

  it('builds up to its element limit from the sections kept, and refuses one more; dropped elements do not count', () => {
    const many = (n: number) => `<r>${'<s/>'.repeat(n - 1)}</r>`;
    expect(parseXml(many(MAX_XML_ELEMENTS)).children).toHaveLength(MAX_XML_ELEMENTS - 1);
    expect(() => parseXml(many(MAX_XML_ELEMENTS + 1))).toThrow(/^more than 250,000 elements in the sections read/);
    expect(parseXml(many(MAX_XML_ELEMENTS + 1), {}).children).toEqual([]);
  });

  it('reports where malformed XML breaks', () => {
    expect(() => parseXml('<a>\n<b>\n</a>')).toThrow(/not well-formed XML \(line \d+, column \d+\)/);
    expect(() => parseXml('   ')).toThrow(/empty/);
  });

  it('builds only the elements `keep` lists, and still reads the rest for well-formedness', () => {
    const text = '<c><a x="1"><b/><skip><b/></skip></a><all><d><e v="2"/></d></all><other/></c>';
    const root = parseXml(text, { a: { b: {} }, all: 'all' });
    expect(root.children.map((c) => c.name)).toEqual(['a', 'all']);
    expect(descend(root, 'a')?.children.map((c) => c.name)).toEqual(['b']);
    expect(descend(root, 'a')?.attrs).toEqual({ x: '1' });
    expect(descend(root, 'all/d/e')?.attrs.v).toBe('2');
    expect(() => parseXml('<c><a/><other><x></y></other></c>', { a: {} })).toThrow(/not well-formed XML \(line 1, column \d+\)/);
  });

  it('refuses a DOCTYPE without an ENTITY, after a comment', () => {
    expect(() => parseXml('<!-- c --><!DOCTYPE configuration SYSTEM "file:///etc/passwd"><configuration/>')).toThrow(/DOCTYPE or ENTITY/);
  });
});
