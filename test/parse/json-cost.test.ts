import { describe, expect, it } from 'vitest';
import { jsonCostProblem, MAX_JSON_CONTAINERS, MAX_JSON_DEPTH } from '../../src/parse/json-cost.js';
import { parsePsJson } from '../../src/parse/powershell-json.js';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const objects = (n: number) => `[${Array(n - 1).fill('{}').join(',')}]`;

describe('jsonCostProblem', () => {
  it('lets through nesting up to ConvertTo-Json depth, and refuses one level more', () => {
    expect(jsonCostProblem(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(jsonCostProblem(nested(MAX_JSON_DEPTH + 1))).toMatch(/more than 100 deep/);
  });

  it('lets through a million objects and arrays, and refuses one more', () => {
    expect(jsonCostProblem(objects(MAX_JSON_CONTAINERS))).toBeUndefined();
    expect(jsonCostProblem(objects(MAX_JSON_CONTAINERS + 1))).toMatch(/more than 1,000,000 objects and arrays/);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(jsonCostProblem(`["${'['.repeat(MAX_JSON_DEPTH + 1)}\\"${'{'.repeat(MAX_JSON_DEPTH + 1)}"]`)).toBeUndefined();
    expect(jsonCostProblem(`["\\\\", ${nested(MAX_JSON_DEPTH)}]`)).toMatch(/more than 100 deep/);
  });

  it('stops parsePsJson before JSON.parse, with the reason', () => {
    expect(() => parsePsJson(nested(MAX_JSON_DEPTH + 1))).toThrow(/^not read: it nests objects and arrays more than 100 deep/);
    expect(parsePsJson('[{"Name":"W3SVC","Status":4}]')).toEqual([{ Name: 'W3SVC', Status: 4 }]);
  });
});
