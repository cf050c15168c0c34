import { CONNECTOR_EVENTS } from './connector-events.js';
import { DIAGNOSTIC_CODES } from './diagnostic-codes.js';
import { HTTP_STATUSES } from './http-statuses.js';
import { LEGACY_CONNECTOR_EVENTS } from './legacy-connector-events.js';
import { NDES_EVENTS } from './ndes-events.js';
import { HTTPERR_REASONS } from './httperr-reasons.js';
import { WINDOWS_EVENTS } from './windows-events.js';
import type { KnowledgeEntry } from './types.js';
import { WINDOWS_ERRORS } from './windows-errors.js';

/** Every entry, in the order lookups list them: event IDs, then HTTP statuses, then diagnostic codes, then Windows errors. */
export const KNOWLEDGE: readonly KnowledgeEntry[] = [
  ...CONNECTOR_EVENTS,
  ...LEGACY_CONNECTOR_EVENTS,
  ...NDES_EVENTS,
  ...HTTP_STATUSES,
  ...DIAGNOSTIC_CODES,
  ...HTTPERR_REASONS,
  ...WINDOWS_EVENTS,
  ...WINDOWS_ERRORS,
];

const EVENT_KINDS = new Set<KnowledgeEntry['kind']>(['connector-event', 'legacy-connector-event', 'ndes-event']);

/**
 * Every entry `term` can mean, each carrying its kind. Accepts the forms people paste: `0x00000411`,
 * `0x411` or `411` (diagnostic codes are hex), `1001` or `event 1001`, `404.15`, `HTTP 404`, and
 * IIS log triples such as `500 0 1346`, `500/1346` or `500.0 win32 1346`; also an entry's name.
 */
export function lookupKnowledge(term: string): KnowledgeEntry[] {
  const t = term
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^(?:event ?id|event|id|http(?: status)?|status)\b[ :#]*/, '');
  if (!t) return [];
  const found = new Set<KnowledgeEntry>();
  for (const e of KNOWLEDGE) {
    if ([e.code, e.name, ...(e.aliases ?? [])].some((s) => s.toLowerCase() === t)) found.add(e);
  }
  if (/^\d+$/.test(t)) {
    for (const e of KNOWLEDGE) if (EVENT_KINDS.has(e.kind) && Number(e.code) === Number(t)) found.add(e);
  }
  for (const e of matchHttp(t)) found.add(e);
  // `win32 1346`, `WIN32: 1722`, `sc-win32-status 1346` (the IIS log field): a Win32 error is also its HRESULT 0x8007xxxx.
  const win32 = /^(?:sc-)?win32(?:[ -]?status)?[ :=]*(\d+)$/.exec(t)?.[1];
  if (win32 !== undefined) {
    const n = Number(win32);
    for (const e of WINDOWS_ERRORS) {
      if ([e.code, ...(e.aliases ?? [])].some((c) => c === win32 || (n < 0x10000 && /^0x8007/i.test(c) && Number(c) === 0x80070000 + n))) found.add(e);
    }
  }
  const hex = /^0x[0-9a-f]+$/.test(t) ? t : /^[0-9a-f]{1,8}$/.test(t) ? `0x${t}` : undefined;
  if (hex) {
    for (const e of DIAGNOSTIC_CODES) if ([e.code, ...(e.aliases ?? [])].some((c) => Number(c) === Number(hex))) found.add(e);
    // HRESULTs and NTSTATUS values are pasted with or without 0x and in any case: 80094800, 0X800b0109.
    for (const e of WINDOWS_ERRORS) if (/^0x/i.test(e.code) && Number(e.code) === Number(hex)) found.add(e);
  }
  // Keep the catalogue order so that results read the same whichever rule found them.
  return KNOWLEDGE.filter((e) => found.has(e));
}

const described = new Map<string, string | undefined>();

/** A short `code name` label for a code a report prints, or undefined when the code is unknown. */
export function describeCode(code: string): string | undefined {
  // Asked again for every target of a fleet; a lookup scans the whole catalogue.
  if (described.has(code)) return described.get(code);
  const [first] = lookupKnowledge(code);
  const label = first ? `${first.code} ${first.name}` : undefined;
  described.set(code, label);
  return label;
}

interface HttpReading {
  status: number;
  sub?: number;
  win32?: number;
}

/**
 * The readings of an HTTP status as IIS logs it (`sc-status[.sc-substatus] [sc-win32-status]`). A lone
 * second number (`500 1346`) could be either field, so both readings are returned.
 */
export function parseHttpStatus(text: string): HttpReading[] {
  const m = /^(\d{3})(?:\.(\d+))?(?=$|[ /])(.*)$/.exec(text.trim().toLowerCase());
  if (!m) return [];
  const status = Number(m[1]);
  // Sub-status and win32 status 0 mean "none" in IIS logs.
  const opt = (s: string | undefined) => (s === undefined || Number(s) === 0 ? undefined : Number(s));
  const sub = opt(m[2]);
  const rest = m[3]!.trim();
  if (!rest) return [{ status, sub }];
  const win32 = /^\/?\s*win32(?:[ -]?status)?[ :=]*(\d+)$/.exec(rest);
  if (win32) return [{ status, sub, win32: opt(win32[1]) }];
  const tokens = rest.split(/[ /]+/).filter(Boolean);
  if (!tokens.every((x) => /^\d+$/.test(x))) return [];
  if (m[2] !== undefined) return tokens.length === 1 ? [{ status, sub, win32: opt(tokens[0]) }] : [];
  if (tokens.length === 1) return [{ status, sub: opt(tokens[0]) }, { status, win32: opt(tokens[0]) }];
  if (tokens.length === 2) return [{ status, sub: opt(tokens[0]), win32: opt(tokens[1]) }];
  return [];
}

/** The most specific HTTP entries that fit any reading: `404.15` beats `404`, `500 win32 1346` beats `500`. */
function matchHttp(t: string): KnowledgeEntry[] {
  const readings = parseHttpStatus(t);
  let best: KnowledgeEntry[] = [];
  let bestScore = -1;
  for (const e of HTTP_STATUSES) {
    const [own] = parseHttpStatus(e.code);
    if (!own) continue;
    const fits = readings.some(
      (q) => q.status === own.status && (own.sub === undefined || own.sub === q.sub) && (own.win32 === undefined || own.win32 === q.win32),
    );
    if (!fits) continue;
    const score = Number(own.sub !== undefined) + Number(own.win32 !== undefined);
    if (score > bestScore) [best, bestScore] = [[e], score];
    else if (score === bestScore) best.push(e);
  }
  return best;
}
