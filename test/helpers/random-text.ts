/**
 * Reproducible random texts built from tokens, for holding a rewritten pattern to the expression it
 * replaced: short texts, where the former expression is still fast, over the tokens its rules turn on.
 */
export function randomTexts(tokens: readonly string[], count: number, maxTokens = 24, seed = 1): string[] {
  let state = seed >>> 0;
  // mulberry32: small, seeded, and good enough to spread tokens evenly.
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => {
    const n = 1 + Math.floor(next() * maxTokens);
    return Array.from({ length: n }, () => tokens[Math.floor(next() * tokens.length)]!).join('');
  });
}
