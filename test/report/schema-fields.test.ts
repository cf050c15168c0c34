import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { renderJson } from '../../src/report/json.js';
import type { Report } from '../../src/report/model.js';
import { withSchemaFields } from '../../src/report/schema-fields.js';
import { sampleFleetReport, sampleReportWithChanges } from './sample.js';

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, validateFormats: false });
const validate = ajv.compile(JSON.parse(readFileSync('schema/report.schema.json', 'utf8')));
const errorsOf = (data: unknown) => (validate(data) ? '' : ajv.errorsText(validate.errors));
/** What a consumer reads: the JSON text, not the in-memory object. */
const asJson = (report: Report) => JSON.parse(renderJson(report));

/** The report with a field no schema knows added at every level the schema closes, as a hand edit or another tool might. */
function withExtras(report: Report): Report {
  const r = structuredClone(report) as any;
  const extra = { note: 'added by hand' };
  Object.assign(r, { comment: extra });
  Object.assign(r.tool, { build: 7 });
  Object.assign(r.run, { host: 'jumpbox', timeouts: { ...r.run.timeouts, probeMs: 5 } });
  Object.assign(r.summary, { score: 3 });
  Object.assign(r.summary.counts, { flaky: 1 });
  Object.assign(r.environment, { locale: 'de-DE' });
  Object.assign(r.config, { profile: 'strict' });
  Object.assign(r.redaction, { by: 'me' });
  Object.assign(r.results[1], { ticket: 'INC-1', evidence: { ...r.results[1].evidence, raw: 'x' } });
  Object.assign(r.results[1].remediation, { owner: 'pki team' });
  Object.assign(r.results[1].remediation.commands[0], { elevated: true });
  Object.assign(r.results[2].error, { errno: -2 });
  if (r.servers) Object.assign(r.servers[0], { rack: 'B4' });
  if (r.changes) {
    Object.assign(r.changes, { summary: 'x' });
    Object.assign(r.changes.since, { host: 'x' });
    Object.assign(r.changes.new[0], { seen: 2 });
    Object.assign(r.changes.certificates[0], { thumbprint: 'AB' });
  }
  return r as Report;
}

describe('withSchemaFields', () => {
  for (const [name, report] of [
    ['a report compared with an earlier run', sampleReportWithChanges()],
    ['a fleet report', sampleFleetReport()],
  ] as const) {
    it(`drops every field the schema does not know from ${name}, so it validates, and keeps the rest as it was`, () => {
      const extra = asJson(withExtras(report));
      expect(errorsOf(extra)).toMatch(/must NOT have additional properties/);
      const kept = withSchemaFields(extra);
      expect(errorsOf(kept)).toBe('');
      expect(kept).toEqual(asJson(report));
    });
  }

  it('changes nothing in a report that fits, and keeps what the schema leaves open (evidence.details)', () => {
    const report = asJson(sampleReportWithChanges());
    expect(withSchemaFields(report)).toEqual(report);
    report.results[1]!.evidence!.details = { raw: 'free-form, as the schema allows' };
    expect(errorsOf(report)).toBe('');
    expect(withSchemaFields(report).results[1]!.evidence!.details).toEqual({ raw: 'free-form, as the schema allows' });
  });
});
