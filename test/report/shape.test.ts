import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/cli/commands/report.js';
import { CliError } from '../../src/cli/errors.js';
import { compareReports } from '../../src/report/changes.js';
import { RENDERERS } from '../../src/report/index.js';
import type { Report } from '../../src/report/model.js';
import { redactReport } from '../../src/report/redact.js';
import { reportShapeProblems } from '../../src/report/shape.js';
import { sampleFleetReport, sampleReport, sampleReportWithChanges } from './sample.js';

// `report`, --baseline and --history read JSON reports that another version wrote or someone edited. Whatever a
// field holds, the file is either refused with a message naming the field, or read by every renderer, the
// redaction and the comparison of runs without an internal error.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const asJson = (report: Report): { [key: string]: Json } => JSON.parse(JSON.stringify(report));

/** Every property path of a report: each field of each object, the first item of each list, and each result whole. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) {
    const items = prefix.length === 1 && prefix[0] === 'results' ? value.map((_, i) => i) : value.length ? [0] : [];
    return items.flatMap((i) => [[...prefix, i], ...paths(value[i]!, [...prefix, i])]);
  }
  if (value && typeof value === 'object') return Object.keys(value).flatMap((k) => [[...prefix, k], ...paths(value[k]!, [...prefix, k])]);
  return [];
}

const DAMAGE: Record<string, Json | undefined> = { deleted: undefined, null: null, number: 7, string: 'weird', object: {}, list: [] };

function damaged(report: { [key: string]: Json }, path: (string | number)[], value: Json | undefined): string {
  const copy = structuredClone(report);
  let parent: Json = copy;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[key]!;
  const key = path.at(-1)!;
  if (value !== undefined) (parent as Record<string | number, Json>)[key] = value;
  else if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete (parent as Record<string, Json>)[key];
  return JSON.stringify(copy);
}

function readEveryWay(text: string, compared: Report): 'refused' | 'read' {
  let report: Report;
  try {
    report = parseReport(text, 'damaged.json');
  } catch (e) {
    if (e instanceof CliError && /is an incomplete ndes-doctor report|is not an ndes-doctor JSON report/.test(e.message)) return 'refused';
    throw e;
  }
  for (const shown of [report, redactReport(report, { hosts: true, users: true })]) {
    for (const render of Object.values(RENDERERS)) {
      render(shown, { color: true, verbose: true });
      render(shown, { color: false, verbose: false });
    }
  }
  compareReports(report, { report: compared, source: 'baseline', path: 'before.json' });
  compareReports(compared, { report, source: 'baseline', path: 'before.json' });
  return 'read';
}

describe('a saved report damaged in any field', () => {
  it.each([
    ['a bundle run', sampleReport()],
    ['a run compared with an earlier one', sampleReportWithChanges()],
    ['a fleet run', sampleFleetReport()],
  ])('%s: every change of every field is refused with a message or read by every renderer', (_, report) => {
    const json = asJson(report);
    const outcomes = new Set<string>();
    for (const path of paths(json)) {
      for (const [how, value] of Object.entries(DAMAGE)) {
        const outcome = readEveryWay(damaged(json, path, value), report);
        outcomes.add(outcome);
        expect(outcome, `${path.join('.')} ${how}`).toMatch(/^(refused|read)$/);
      }
    }
    // Both happen: optional fields and free text are read as they come, required ones refused.
    expect([...outcomes].sort()).toEqual(['read', 'refused']);
  });
});

describe('parseReport', () => {
  it('reads a report written before evaluatedAt existed as judged at its start', () => {
    const json = asJson(sampleReport());
    delete (json.run as Record<string, Json>).evaluatedAt;
    const report = parseReport(JSON.stringify(json), 'old.json');
    expect(report.run.evaluatedAt).toBe((json.run as Record<string, Json>).startedAt);
    expect(() => parseReport(JSON.stringify({ ...json, run: { ...(json.run as object), evaluatedAt: 7 } }), 'bad.json')).toThrow(/\(missing or malformed: run\): run\.evaluatedAt\./);
  });
});

describe('reportShapeProblems', () => {
  const json = asJson(sampleReport());
  const problems = (edit: (r: { [key: string]: Json }) => void) => {
    const copy = structuredClone(json);
    edit(copy);
    return reportShapeProblems(copy);
  };

  it('finds nothing wrong in a report this version writes, of any mode', () => {
    for (const report of [sampleReport(), sampleReportWithChanges(), sampleFleetReport()]) expect(reportShapeProblems(asJson(report))).toEqual([]);
  });

  it('names the field and where in it, for the first problem of each field', () => {
    expect(
      problems((r) => {
        (r.results as { severity: Json }[])[2]!.severity = 'urgent';
        (r.run as { mode: Json }).mode = 'offline';
      }),
    ).toEqual([
      { field: 'run', at: 'run.mode' },
      { field: 'results', at: 'results[2].severity' },
    ]);
  });

  it('takes each status and severity this version knows, and nothing else', () => {
    const first = (r: { [key: string]: Json }) => (r.results as Record<string, Json>[])[0]!;
    for (const status of ['pass', 'warn', 'fail', 'skip', 'error']) expect(problems((r) => void (first(r).status = status))).toEqual([]);
    expect(problems((r) => void (first(r).status = 'passed'))).toEqual([{ field: 'results', at: 'results[0].status' }]);
    for (const severity of ['critical', 'high', 'medium', 'low', 'info']) expect(problems((r) => void (first(r).severity = severity))).toEqual([]);
    expect(problems((r) => void (first(r).severity = 'severe'))).toEqual([{ field: 'results', at: 'results[0].severity' }]);
  });

  it('reads optional fields when absent, and a fleet without servers as malformed', () => {
    expect(problems((r) => delete r.redaction)).toEqual([]);
    expect(problems((r) => delete (r.environment as Record<string, Json>).host)).toEqual([]);
    expect(problems((r) => void (r.servers = []))).toEqual([{ field: 'servers', at: 'servers' }]);
  });
});
