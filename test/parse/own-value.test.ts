import { expect, test } from 'vitest';
import { decodeEntities } from '../../src/parse/event-xml.js';
import { ownValue } from '../../src/parse/own-value.js';
import { profileFromFlags } from '../../src/parse/scep-profile.js';

test('a table lookup answers its own keys only, never what Object.prototype has', () => {
  const table: Record<string, number> = { size2048: 2048 };
  expect(ownValue(table, 'size2048')).toBe(2048);
  for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'size4096']) expect(ownValue(table, key), key).toBeUndefined();
});

test('input naming a prototype member is read as unknown where the readers look it up', () => {
  // An undefined entity stays as written, as any other: it printed "function Object() { [native code] }".
  expect(decodeEntities('a &constructor; b &toString; &amp; &lt;')).toBe('a &constructor; b &toString; & <');
  expect(() => profileFromFlags({ platform: 'constructor' })).toThrow(/--platform takes one of/);
  expect(() => profileFromFlags({ platform: 'ios', san: ['constructor={{UserName}}'] })).toThrow(/--san takes <attribute>=<value>/);
  expect(() => profileFromFlags({ platform: 'ios', eku: ['toString'] })).toThrow(/--eku takes an OID or one of/);
});
