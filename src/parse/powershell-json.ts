/**
 * Helpers for `ConvertTo-Json` output of Windows PowerShell 5.1 and PowerShell 7.
 * The shapes differ by version and by count: one object is written without an array around it,
 * enums are numbers, and 5.1 writes dates as `"\/Date(ms)\/"` (sometimes wrapped in an object
 * with `value` and `DateTime` when the date came from Get-Date).
 */
import { jsonProblem, ParseError } from './errors.js';
import { jsonCostProblem } from './json-cost.js';

export class PsJsonError extends ParseError {
  override name = 'PsJsonError';
}

/** Parses the JSON text; empty output (no objects at all) is `null`. */
export function parsePsJson(text: string): unknown {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (body === '') return null;
  const costly = jsonCostProblem(body);
  if (costly) throw new PsJsonError(`not read: ${costly}`);
  try {
    return JSON.parse(body);
  } catch (e) {
    throw new PsJsonError(`not valid JSON (${jsonProblem(e)}); the PowerShell command may have printed an error instead`);
  }
}

/**
 * The list a collector command writes with `ConvertTo-Json -InputObject @(...)`: `[]` when there is nothing to
 * list, so empty output is output that was lost, never an empty list.
 */
export function psList(text: string): unknown[] {
  const value = parsePsJson(text);
  if (value === null) throw new PsJsonError('the file is empty; the collector writes [] when there is nothing to list, so its output was lost');
  return psArray(value);
}

/**
 * The source text of each element of a JSON array, found without parsing them (only strings and
 * nesting are followed), so that a caller can parse one element at a time; undefined when `text`
 * is not an array of objects and arrays. Elements are not checked: JSON.parse of each does that.
 */
export function jsonArrayElements(text: string): string[] | undefined {
  if (text.charCodeAt(0) !== 91 || text.charCodeAt(text.length - 1) !== 93) return undefined;
  const out: string[] = [];
  let i = skipBlank(text, 1);
  if (i === text.length - 1) return out;
  for (;;) {
    const start = i;
    if (text.charCodeAt(i) !== 123 && text.charCodeAt(i) !== 91) return undefined;
    let depth = 0;
    do {
      const c = text.charCodeAt(i);
      if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) depth--;
      else if (c === 34) i = stringEnd(text, i);
      else if (i >= text.length) return undefined;
      if (i < 0) return undefined;
      i++;
    } while (depth > 0);
    out.push(text.slice(start, i));
    i = skipBlank(text, i);
    const c = text.charCodeAt(i);
    if (c === 93) return i === text.length - 1 ? out : undefined;
    if (c !== 44) return undefined;
    i = skipBlank(text, i + 1);
  }
}

/** Where the JSON string opening at `at` closes: the next quote after an even number of backslashes; -1 if none. */
function stringEnd(text: string, at: number): number {
  for (let q = text.indexOf('"', at + 1); q >= 0; q = text.indexOf('"', q + 1)) {
    let slashes = 0;
    while (text.charCodeAt(q - 1 - slashes) === 92) slashes++;
    if (slashes % 2 === 0) return q;
  }
  return -1;
}

function skipBlank(text: string, i: number): number {
  let c = text.charCodeAt(i);
  while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++i);
  return i;
}

/** ConvertTo-Json writes a lone object without the array around it, and nothing for none. */
export function psArray(value: unknown): unknown[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function psObject(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new PsJsonError(`${what}: expected a JSON object, found ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
  return value as Record<string, unknown>;
}

export function psString(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** Booleans as JSON booleans, or as the strings "True"/"False" that some projections produce. */
export function psBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return undefined;
}

export function psNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** An enum written as its number (ConvertTo-Json default) or its name (-EnumsAsStrings, PS 7). */
export function psEnum<T extends string>(value: unknown, names: Readonly<Record<number, T>>): T | undefined {
  if (typeof value === 'number') return names[value];
  if (typeof value === 'string') {
    const byName = Object.values(names).find((n) => n.toLowerCase() === value.toLowerCase());
    if (byName) return byName;
    const n = psNumber(value);
    return n === undefined ? undefined : names[n];
  }
  return undefined;
}

/**
 * A date in any shape ConvertTo-Json writes: `/Date(ms)/` or `/Date(ms+0100)/` (the epoch
 * milliseconds are UTC either way), an ISO 8601 string (PS 7), or `{ value, DateTime }`.
 */
export function psDate(value: unknown): Date | undefined {
  if (value && typeof value === 'object' && 'value' in value) return psDate((value as { value: unknown }).value);
  if (typeof value !== 'string') return undefined;
  const ms = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(value.trim());
  if (ms) return new Date(Number(ms[1]));
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}
