import { describe, expect, it } from 'vitest';
import { secretPairs } from '../../src/report/secret-pairs.js';
import { randomTexts } from '../helpers/random-text.js';

/** The expression the scanner replaced: right, but cubic on `pwd.pwd.…`. It stays here as the oracle. */
const FORMER = /\b([A-Za-z_.-]*(?:password|passwd|pwd|secret)[A-Za-z0-9_.-]*"?\s*[:=]\s*|[A-Za-z_.-]*challenge[A-Za-z0-9_.-]*"?\s*=\s*)("[^"]*"|'[^']*'|[^\s;,&"'<>]+)/gi;

const formerPairs = (s: string) =>
  [...s.matchAll(FORMER)].map((m) => {
    const valueStart = m.index + m[1]!.length;
    return { wordEnd: m.index + /^[A-Za-z0-9_.-]*/.exec(m[1]!)![0].length, valueStart, valueEnd: valueStart + m[2]!.length };
  });

describe('secretPairs', () => {
  it('finds the pairs of the expression it replaced, on 60,000 random texts', () => {
    const tokens = ['password', 'Passwd', 'PWD', 'secret', 'challenge', 'pass', 'word', 'a', 'Z', '_', '1', '9', '.', '-', '"', "'", ':', '=', ' ', '\t', '\n', '\u2028', ';', ',', '&', '<', '>', 'x', '/', '@', 'é'];
    const texts = randomTexts(tokens, 60_000);
    const hits = texts.filter((s) => formerPairs(s).length > 0).length;
    // The texts must exercise both sides: some with pairs, most without.
    expect(hits).toBeGreaterThan(3_000);
    expect(hits).toBeLessThan(57_000);
    for (const s of texts) expect(secretPairs(s), JSON.stringify(s)).toEqual(formerPairs(s));
  });

  it('takes a key whose secret word follows a digit only across a dot or dash', () => {
    expect(secretPairs('1password=x')).toEqual([]);
    expect(secretPairs('a1password=x')).toEqual([]);
    expect(secretPairs('1.password=x')).toEqual([{ wordEnd: 10, valueStart: 11, valueEnd: 12 }]);
    expect(secretPairs('v2-secret: x')).toEqual([{ wordEnd: 9, valueStart: 11, valueEnd: 12 }]);
    expect(secretPairs('password1=x')).toEqual([{ wordEnd: 9, valueStart: 10, valueEnd: 11 }]);
  });

  it('takes a bare challenge with = only, and quoted values to their closing quote', () => {
    expect(secretPairs('challenge: access denied')).toEqual([]);
    expect(secretPairs('challenge=AbC')).toEqual([{ wordEnd: 9, valueStart: 10, valueEnd: 13 }]);
    expect(secretPairs('"pwd": "a b"')).toEqual([{ wordEnd: 4, valueStart: 7, valueEnd: 12 }]);
    expect(secretPairs('pwd="a b')).toEqual([]);
  });
});
