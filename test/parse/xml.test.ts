import { describe, expect, it } from 'vitest';
import { descend, parseXml } from '../../src/parse/xml.js';

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

  it('reads thousands of nested elements without running out of stack', () => {
    const depth = 20_000;
    const root = parseXml(`${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`);
    let n = 0;
    for (let el: typeof root | undefined = root; el; el = el.children[0]) n++;
    expect(n).toBe(depth);
  });
});
