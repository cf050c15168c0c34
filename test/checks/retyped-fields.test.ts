import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { openBundle } from '../../src/collect/bundle.js';
import { jsonFiles, paths, steps, withFile } from './json-edits.js';
import { runChecksPerTarget } from '../../src/engine/per-target.js';
import { decodeText } from '../../src/parse/text.js';

// missing-fields.test.ts deletes each property of examples/healthy's JSON artifacts; here each one holds a value of
// another type instead (a hand-edited or damaged file). Whatever it holds, no check fails unexpectedly, and nothing
// a check prints reads "[object Object]", "undefined", "NaN" or "Infinity": the file is refused naming what is wrong,
// or read as what it says.
const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = join(root, 'examples', 'healthy');
const NOW = { now: new Date('2026-11-20T09:14:02Z'), options: {} };
// Text in a number's place reads as text the checks print or refuse alike; an object or a number where text belongs
// is what printed [object Object] or failed a check unexpectedly. Two kinds keep the run short for CI.
const RETYPED: Record<string, unknown> = { object: { a: 1 }, number: 7 };
const GARBLED = /\b(NaN|Infinity|undefined)\b|\[object Object\]/;

/** `value` with the property at `path` set to `to`, in every array item it is in. */
function retyped(value: unknown, path: string[], to: unknown): unknown {
  if (Array.isArray(value)) return path[0] === '[]' ? value.map((v) => retyped(v, path.slice(1), to)) : value;
  if (!value || typeof value !== 'object' || !(path[0]! in value)) return value;
  const o = value as Record<string, unknown>;
  return { ...o, [path[0]!]: path.length === 1 ? to : retyped(o[path[0]!], path.slice(1), to) };
}

it.each(jsonFiles(dir).map((f) => relative(dir, f).split('\\').join('/')))('examples/healthy/%s: every property retyped is refused or read in plain words', async (file) => {
  const source = await openBundle(dir);
  const json: unknown = JSON.parse(decodeText(new Uint8Array(readFileSync(join(dir, file)))).replace(/^\uFEFF/, ''));
  const problems = new Set<string>();
  for (const path of paths(json)) {
    for (const [how, to] of Object.entries(RETYPED)) {
      const edited = retyped(json, steps(path), to);
      const results = await runChecksPerTarget(CHECKS, withFile(source, file, new TextEncoder().encode(JSON.stringify(edited))), {
        concurrency: 8,
        checkTimeoutMs: 10_000,
        deadline: Date.now() + 60_000,
        context: NOW,
      });
      for (const r of results) {
        const shown = `${r.message ?? ''} ${r.evidence?.actual ?? ''}`;
        if (r.error?.code === 'E_INTERNAL' || GARBLED.test(shown)) problems.add(`${path} as ${how}: ${r.id} ${r.status}: ${r.message}`);
      }
    }
  }
  expect([...problems]).toEqual([]);
}, 120_000);
