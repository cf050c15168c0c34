import { EXIT, OVERALL_BY_EXIT } from '../engine/exit-code.js';
import { SEVERITIES, SHELLS, STATUSES } from '../engine/types.js';
import type { RunMode, ServerReport } from './model.js';

/**
 * Whether a parsed JSON report has the shape every renderer, the redaction and the comparison of
 * runs read: the fields and types schema/report.schema.json gives, checked by hand because a schema
 * validator takes longer to load and compile than `report` takes to run. A saved report comes from
 * another version or was edited by hand, so each field is checked before anything reads it.
 * Returns, per top-level field, where the first problem in it is (`results[4].severity`).
 */
export function reportShapeProblems(r: Record<string, unknown>): { field: string; at: string }[] {
  const problems: { field: string; at: string }[] = [];
  for (const [field, check] of Object.entries(FIELDS)) {
    const at = check(r[field], field);
    if (at !== undefined) problems.push({ field, at });
  }
  return problems;
}

/** A field's checker: undefined when it fits, else the path of what does not. */
type Check = (value: unknown, path: string) => string | undefined;

const isObject = (x: unknown): x is Record<string, unknown> => !!x && typeof x === 'object' && !Array.isArray(x);

const string: Check = (x, path) => (typeof x === 'string' ? undefined : path);
const number: Check = (x, path) => (typeof x === 'number' && Number.isFinite(x) ? undefined : path);
const boolean: Check = (x, path) => (typeof x === 'boolean' ? undefined : path);
const oneOf =
  (values: readonly unknown[]): Check =>
  (x, path) =>
    values.includes(x) ? undefined : path;
const optional =
  (check: Check): Check =>
  (x, path) =>
    x === undefined ? undefined : check(x, path);
const nullable =
  (check: Check): Check =>
  (x, path) =>
    x === null ? undefined : check(x, path);
const arrayOf =
  (check: Check): Check =>
  (x, path) => {
    if (!Array.isArray(x)) return path;
    for (let i = 0; i < x.length; i++) {
      const at = check(x[i], `${path}[${i}]`);
      if (at !== undefined) return at;
    }
    return undefined;
  };
const object =
  (fields: Record<string, Check>): Check =>
  (x, path) => {
    if (!isObject(x)) return path;
    for (const [name, check] of Object.entries(fields)) {
      const at = check(x[name], `${path}.${name}`);
      if (at !== undefined) return at;
    }
    return undefined;
  };

const strings = arrayOf(string);
const severity = oneOf(SEVERITIES);
const status = oneOf(STATUSES);
const overall = oneOf(Object.values(OVERALL_BY_EXIT));
const exitCode = oneOf(Object.values(EXIT));
/** Every mode, so that a mode added to the type and not here fails to compile. */
const RUN_MODES = { live: true, bundle: true, network: true, profile: true, fleet: true } as const satisfies Record<RunMode, true>;
const SERVER_MODES = { live: true, bundle: true, network: true } as const satisfies Record<ServerReport['mode'], true>;
const counts = object(Object.fromEntries(STATUSES.map((s) => [s, number])));

const result = object({
  id: string,
  slug: string,
  area: string,
  title: string,
  severity,
  status,
  message: string,
  docs: string,
  durationMs: number,
  target: optional(string),
  server: optional(string),
  skipReason: optional(string),
  evidence: optional(
    object({
      expected: optional(string),
      actual: optional(string),
      source: optional(string),
      codes: optional(strings),
      details: optional((x, path) => (isObject(x) ? undefined : path)),
    }),
  ),
  remediation: optional(object({ text: string, commands: optional(arrayOf(object({ shell: oneOf(SHELLS), text: string }))), docs: optional(string) })),
  error: optional(object({ code: string, stack: optional(string) })),
});

const findingChange = object({
  id: string,
  title: string,
  severity,
  from: nullable(status),
  to: nullable(status),
  message: string,
  server: optional(string),
  target: optional(string),
});

const FIELDS = {
  tool: object({ name: optional(string), version: string }),
  run: object({
    mode: oneOf(Object.keys(RUN_MODES)),
    startedAt: string,
    evaluatedAt: string,
    durationMs: number,
    argv: strings,
    elevated: nullable(boolean),
    timeouts: object({ checkMs: number, runMs: number }),
    notStarted: optional(string),
    interrupted: optional(string),
    exitZero: optional(boolean),
  }),
  summary: object({ status: overall, exitCode, failOn: severity, counts }),
  environment: object({
    platform: string,
    node: string,
    host: optional(string),
    os: optional(string),
    connector: optional(string),
    bundle: optional(string),
    profile: optional(string),
    collectedAt: optional(string),
    collectedBy: optional(string),
  }),
  config: object({ only: strings, skip: strings }),
  results: arrayOf(result),
  runWarnings: strings,
  redaction: optional(object({ applied: boolean, rules: strings, masked: number })),
  changes: optional(
    object({
      since: nullable(object({ source: oneOf(['history', 'baseline']), path: string, startedAt: string, status: overall, exitCode })),
      new: arrayOf(findingChange),
      resolved: arrayOf(findingChange),
      changed: arrayOf(findingChange),
      unchanged: number,
      certificates: arrayOf(
        object({
          id: string,
          role: string,
          subject: string,
          notAfter: string,
          daysLeft: number,
          previousDaysLeft: optional(number),
          previousNotAfter: optional(string),
          server: optional(string),
          target: optional(string),
        }),
      ),
    }),
  ),
  servers: optional((x, path) =>
    Array.isArray(x) && x.length === 0
      ? path
      : arrayOf(
          object({
            name: string,
            mode: oneOf(Object.keys(SERVER_MODES)),
            source: string,
            status: overall,
            exitCode,
            counts,
            evaluatedAt: string,
            durationMs: number,
            host: optional(string),
            os: optional(string),
            connector: optional(string),
            collectedAt: optional(string),
            collectedBy: optional(string),
            notStarted: optional(string),
            runWarnings: strings,
          }),
        )(x, path),
  ),
} satisfies Record<string, Check>;
