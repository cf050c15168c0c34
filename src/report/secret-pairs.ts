/**
 * `password=…`, `pwd: …`, `"challengePassword": "…"`, `secret=…`, `challenge=…` in any text, found
 * in one pass. A bare `challenge` takes only `=`, because prose such as "challenge: access denied" is
 * common in messages.
 *
 * This was one regular expression, `\b[A-Za-z_.-]*(?:password|…)[A-Za-z0-9_.-]*"?\s*[:=]\s*` and a
 * value, whose nested repetitions took minutes on 16 KB of `pwd.pwd.…` from a hostile server. The
 * scanner finds the same pairs (a test holds it to the expression): a key is a run of
 * `[A-Za-z0-9_.-]` with a secret word in it that no digit stands before, unless a `.` or `-` comes
 * between the digit and the word (the expression began at a word boundary and allowed no digit before
 * the word).
 */
export interface SecretPair {
  /** Where the key's word ends: the key is what precedes it on the run, `"`, spaces and `:` or `=` follow. */
  wordEnd: number;
  valueStart: number;
  valueEnd: number;
}

const KEY_RUN = /[A-Za-z0-9_.-]+/g;
const SEPARATOR = /"?\s*([:=])\s*/y;
const UNQUOTED_VALUE = /[^\s;,&"'<>]+/y;
const SECRET_WORDS = ['password', 'passwd', 'pwd', 'secret'] as const;
const CHALLENGE = 'challenge';

export function secretPairs(s: string): SecretPair[] {
  const pairs: SecretPair[] = [];
  KEY_RUN.lastIndex = 0;
  for (let run = KEY_RUN.exec(s); run; run = KEY_RUN.exec(s)) {
    const wordEnd = run.index + run[0].length;
    SEPARATOR.lastIndex = wordEnd;
    const separator = SEPARATOR.exec(s);
    if (!separator) continue;
    const word = secretWordIn(run[0].toLowerCase());
    if (word === undefined || (word === CHALLENGE && separator[1] !== '=')) continue;
    const valueStart = SEPARATOR.lastIndex;
    const valueEnd = valueEndAt(s, valueStart);
    if (valueEnd === undefined) continue;
    pairs.push({ wordEnd, valueStart, valueEnd });
    KEY_RUN.lastIndex = valueEnd;
  }
  return pairs;
}

/**
 * The first secret word of a key that no digit stands right before (`1password`), or `challenge`
 * if that is the only one: a separator decides whether `challenge` counts.
 */
function secretWordIn(key: string): string | undefined {
  let afterDigit = false;
  let challenge = false;
  for (let i = 0; i < key.length; i++) {
    const c = key[i]!;
    if (!afterDigit) {
      if (SECRET_WORDS.some((w) => key.startsWith(w, i))) return 'secret';
      if (key.startsWith(CHALLENGE, i)) challenge = true;
    }
    if (c >= '0' && c <= '9') afterDigit = true;
    else if (c === '.' || c === '-') afterDigit = false;
  }
  return challenge ? CHALLENGE : undefined;
}

/** A quoted value runs to its closing quote; an unquoted one to a space or punctuation. */
function valueEndAt(s: string, at: number): number | undefined {
  const quote = s[at];
  if (quote === '"' || quote === "'") {
    const close = s.indexOf(quote, at + 1);
    return close < 0 ? undefined : close + 1;
  }
  UNQUOTED_VALUE.lastIndex = at;
  return UNQUOTED_VALUE.exec(s) ? UNQUOTED_VALUE.lastIndex : undefined;
}
