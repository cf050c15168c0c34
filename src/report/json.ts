import type { Report } from './model.js';

export function renderJson(report: Report): string {
  return [...jsonPieces(report)].join('');
}

/**
 * renderJson's text in pieces, each top-level array (a fleet's thousands of results) element by
 * element, so stdout can take it without the whole text, 3.6 MB for 200 targets, at the run's peak
 * memory. Nested text is indented by its depth after the fact: JSON strings hold no raw newline.
 */
export function* jsonPieces(report: Report): Generator<string> {
  const entries = Object.entries(report).filter(([, value]) => value !== undefined);
  for (const [i, [key, value]] of entries.entries()) {
    yield `${i === 0 ? '{\n  ' : ',\n  '}${JSON.stringify(key)}: `;
    if (Array.isArray(value) && value.length > 0) {
      for (const [j, item] of value.entries()) yield `${j === 0 ? '[\n    ' : ',\n    '}${indented(item, '    ')}`;
      yield '\n  ]';
    } else yield indented(value, '  ');
  }
  yield entries.length > 0 ? '\n}\n' : '{}\n';
}

const indented = (value: unknown, by: string) => (JSON.stringify(value, null, 2) ?? 'null').replaceAll('\n', `\n${by}`);
