import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { CHECKS } from '../../../src/checks/index.js';
import { parseGraphProfile, ProfileInputError, type ScepProfile } from '../../../src/parse/scep-profile.js';
import { decodeText } from '../../../src/parse/text.js';
import { ctx } from '../fixture-facts.js';

// lint-profile reads JSON that Graph, a script or a person wrote. Whatever a field of a profile holds, the file is
// either refused with a ProfileInputError, or every profile check gives a verdict or an error that reads as a
// sentence: no exception, and no NaN, Infinity, undefined or [object Object] in what it prints.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const DIR = new URL('../../fixtures/graph-profiles/', import.meta.url);
const FIXTURES = readdirSync(DIR).filter((name) => name.endsWith('.json'));
/** The collection holds two SCEP profiles: lint-profile needs --select to pick one. */
const SELECT: Record<string, string> = { 'device-configurations-list.json': '8a6e1d02-93c4-4f7b-a1e5-6b2c9d04f318' };

const DAMAGE: Record<string, Json | undefined> = {
  deleted: undefined,
  null: null,
  zero: 0,
  negative: -1,
  huge: 1e308,
  'int32 max': 2_147_483_647,
  'int32 min': -2_147_483_648,
  fraction: 0.5,
  string: 'weird',
  empty: '',
  true: true,
  object: {},
  list: [],
  'list of null': [null],
  'prototype key': 'constructor',
  'prototype key 2': 'toString',
};

/** Every property path: each field of each object and each item of each list. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => [[...prefix, i], ...paths(item, [...prefix, i])]);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
  return [];
}

function damaged(root: Json, path: (string | number)[], value: Json | undefined): string {
  const copy = structuredClone(root);
  let parent = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  if (value !== undefined) parent[last] = value;
  else if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete parent[last];
  return JSON.stringify(copy);
}

const PROFILE_ONLY = CHECKS.filter((c) => c.area === 'profile' && c.requires.every((r) => r === 'profile'));
const GARBLED = /\b(NaN|Infinity|undefined)\b|\[object Object\]/;

test.each(FIXTURES)('%s: every field damaged every way is refused or judged in plain words', (name) => {
  const root = JSON.parse(decodeText(new Uint8Array(readFileSync(new URL(name, DIR))))) as Json;
  const problems: string[] = [];
  let judged = 0;
  for (const path of paths(root)) {
    for (const [how, value] of Object.entries(DAMAGE)) {
      const where = `${path.join('.')} ${how}`;
      let profile: ScepProfile;
      try {
        profile = parseGraphProfile(damaged(root, path, value), name, SELECT[name]);
      } catch (e) {
        if (!(e instanceof ProfileInputError)) problems.push(`${where}: ${(e as Error).message}`);
        continue;
      }
      for (const check of PROFILE_ONLY) {
        try {
          const outcome = check.run({ profile } as never, ctx) as { status: string; message?: string };
          judged++;
          if (GARBLED.test(outcome.message ?? '')) problems.push(`${where}: ${check.id} ${outcome.status}: ${outcome.message}`);
        } catch (e) {
          problems.push(`${where}: ${check.id} threw ${(e as Error).message}`);
        }
      }
    }
  }
  expect(problems).toEqual([]);
  expect(judged).toBeGreaterThan(PROFILE_ONLY.length * 100);
});
