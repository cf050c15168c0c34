/**
 * Why a JSON text would cost far more memory to parse than its size suggests, or undefined. Within its size cap a
 * JSON file of many tiny or deeply nested values (`[{},{},…]`, `[[[…]]]`) took over a gigabyte in JSON.parse, so
 * the objects and arrays are counted first, in one pass that follows only strings and nesting.
 */
export function jsonCostProblem(text: string): string | undefined {
  let containers = 0;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++containers > MAX_JSON_CONTAINERS) return `it holds more than ${MAX_JSON_CONTAINERS.toLocaleString('en-US')} objects and arrays, far more than any collected listing, and would take too much memory to read`;
      if (++depth > MAX_JSON_DEPTH) return `it nests objects and arrays more than ${MAX_JSON_DEPTH} deep, deeper than ConvertTo-Json writes`;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return undefined;
}

/** ConvertTo-Json writes at most 100 levels (its -Depth limit). */
export const MAX_JSON_DEPTH = 100;
/** A 32 MB listing of small objects (the JSON cap) holds under a million; each costs a few hundred bytes parsed. */
export const MAX_JSON_CONTAINERS = 1_000_000;

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
