import { describe, expect, it } from 'vitest';
import { jsonPieces, renderJson } from '../../src/report/json.js';
import type { Report } from '../../src/report/model.js';
import { sampleFleetReport, sampleReport, sampleReportWithChanges } from './sample.js';

const stringified = (report: Report) => JSON.stringify(report, null, 2) + '\n';

describe('renderJson', () => {
  it('is the report as JSON.stringify indents it, for one server, a fleet and a report with changes', () => {
    for (const report of [sampleReport(), sampleFleetReport(), sampleReportWithChanges()]) expect(renderJson(report)).toBe(stringified(report));
  });

  it('stays exact with no results, nested multi-line text, non-ASCII and fields left undefined', () => {
    const base = sampleReport();
    const [first] = base.results;
    const report = {
      ...base,
      results: [{ ...first!, message: 'line 1\nline 2\r\n\t"quoted" é 证书 🔒', evidence: { details: { nested: [[], {}, [1, [2]], { a: undefined, b: null }] } }, remediation: undefined }],
      runWarnings: [],
      changes: undefined,
    } as unknown as Report;
    expect(renderJson(report)).toBe(stringified(report));
    expect(renderJson({ ...base, results: [] })).toBe(stringified({ ...base, results: [] }));
  });

  it('comes in pieces, one per result, so the whole text is never needed at once', () => {
    const report = sampleFleetReport();
    const pieces = [...jsonPieces(report)];
    expect(pieces.length).toBeGreaterThan(report.results.length);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(renderJson(report).length / 2);
  });
});
