import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cyclesOf, importGraph, importsOf } from './helpers/imports.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const graph = importGraph(root, 'src');

/** Each import of a file under one of `from` that lands under `to`, as "file -> import". */
function arrows(from: readonly string[], to: (dep: string) => boolean): string[] {
  return [...graph].flatMap(([file, deps]) => (from.some((d) => file.startsWith(d)) ? deps.filter(to).map((dep) => `${file} -> ${dep}`) : []));
}

describe('layering of src/ (collect -> parse -> facts -> checks -> report, one way)', () => {
  it('reads every module', () => {
    expect(graph.get('src/cli/commands/check.ts')).toContain('src/collect/source.ts');
    expect(graph.size).toBeGreaterThan(200);
  });

  it('has parse, facts and checks take the probe-recording format from src/recordings, never from the network collector', () => {
    expect(arrows(['src/parse/', 'src/facts/', 'src/checks/'], (dep) => dep.startsWith('src/collect/network/'))).toEqual([]);
    expect(graph.get('src/parse/probe-recording.ts')).toContain('src/recordings/probes.ts');
  });

  it('keeps src/recordings a leaf', () => {
    expect(arrows(['src/recordings/'], (dep) => !dep.startsWith('src/recordings/'))).toEqual([]);
  });

  it('has no module below the command line import it', () => {
    expect(arrows(['src/collect/', 'src/parse/', 'src/facts/', 'src/checks/', 'src/engine/', 'src/report/', 'src/knowledge/'], (dep) => dep.startsWith('src/cli/'))).toEqual([]);
  });

  it('has no import cycle, type-only imports included', () => {
    expect(cyclesOf(graph).map((c) => c.join(' -> '))).toEqual([]);
  });
});

describe('the import scanner the layering rules rely on', () => {
  it('finds static, type-only, multi-line, re-exported and dynamic imports, and skips packages', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b.js';",
      'import {',
      '  c,',
      '  d,',
      "} from './cd.js';",
      "export * from './e.js';",
      "export type { F } from './f.js';",
      "import './side-effect.js';",
      "const g = await import('./g.js');",
      "import chalk from 'chalk';",
      "import { x } from 'node:fs';",
    ].join('\n');
    expect(importsOf(text).sort()).toEqual(['../b.js', './a.js', './cd.js', './e.js', './f.js', './g.js', './side-effect.js']);
  });

  it('finds a cycle through type-only imports and names its path, and none in a chain', () => {
    const cyclic = new Map([
      ['index.ts', ['text.ts']],
      ['text.ts', ['model.ts', 'index.ts']],
      ['model.ts', []],
    ]);
    expect(cyclesOf(cyclic)).toEqual([['index.ts', 'text.ts', 'index.ts']]);
    const chain = new Map([
      ['index.ts', ['text.ts', 'model.ts']],
      ['text.ts', ['model.ts']],
      ['model.ts', []],
    ]);
    expect(cyclesOf(chain)).toEqual([]);
  });
});
