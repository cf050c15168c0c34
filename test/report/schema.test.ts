import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { CERTIFICATE_ROLES } from '../../src/engine/certificates.js';
import { ERROR_CODES, SEVERITIES, STATUSES } from '../../src/engine/types.js';
import { renderJson } from '../../src/report/json.js';
import { compareReports } from '../../src/report/changes.js';
import { REDACTION_RULES } from '../../src/report/model.js';
import { redactReport } from '../../src/report/redact.js';
import { sampleFleetReport, sampleReport, sampleReportWithChanges } from './sample.js';

const run = promisify(execFile);
const schema = JSON.parse(readFileSync('schema/report.schema.json', 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, validateFormats: false });
const validate = ajv.compile(schema);

/** What a consumer reads: the JSON text, not the in-memory object. */
const asJson = (report: object) => JSON.parse(renderJson(report as never));

function errorsOf(data: unknown): string {
  return validate(data) ? '' : ajv.errorsText(validate.errors);
}

async function cliJson(bundle: string): Promise<unknown> {
  // The CLI exits 2 on failures; the report is on stdout either way.
  const out = await run(process.execPath, ['bin/ndes-doctor.js', 'check', '--bundle', bundle, '--format', 'json']).catch(
    (e: { stdout: string; stderr: string }) => e,
  );
  if (!out.stdout) throw new Error(`no report on stdout for ${bundle}: ${out.stderr}`);
  return JSON.parse(out.stdout);
}

describe('schema/report.schema.json', () => {
  beforeAll(() => {
    if (!existsSync('dist/ndes-doctor.cjs')) throw new Error('dist/ndes-doctor.cjs is missing: run "npm run build" first.');
  });

  it('accepts the JSON of real runs on the example bundles', async () => {
    for (const bundle of ['examples/healthy', 'examples/broken']) {
      const report = await cliJson(bundle);
      expect(errorsOf(report), bundle).toBe('');
    }
  });

  it('accepts a report with error, skip, warn and per-target results, redacted or not', () => {
    const report = sampleReport();
    expect(report.results.map((r) => r.status)).toEqual(expect.arrayContaining([...STATUSES]));
    expect(errorsOf(asJson(report))).toBe('');
    expect(errorsOf(asJson(redactReport(report, { hosts: true })))).toBe('');
  });

  it('accepts changes since a compared run (schemaVersion 1: the field is optional), redacted or not', () => {
    const report = sampleReportWithChanges();
    expect(report.changes!.new.length + report.changes!.resolved.length + report.changes!.certificates.length).toBeGreaterThan(2);
    expect(errorsOf(asJson(report))).toBe('');
    expect(errorsOf(asJson(redactReport(report, { hosts: true })))).toBe('');
    expect(errorsOf(asJson({ ...report, changes: { ...report.changes, since: null } }))).toBe('');
  });

  it('rejects changes that break the contract', () => {
    const good = asJson(sampleReportWithChanges());
    const broken: [string, (r: any) => void][] = [
      ['unknown change source', (r) => (r.changes.since.source = 'yesterday')],
      ['missing unchanged count', (r) => delete r.changes.unchanged],
      ['status outside the vocabulary', (r) => (r.changes.new[0].to = 'broken')],
      ['extra field in a change', (r) => (r.changes.resolved[0].why = 'x')],
      ['unknown certificate role', (r) => (r.changes.certificates[0].role = 'root')],
      ['fractional days left', (r) => (r.changes.certificates[0].daysLeft = 1.5)],
      ['extra field in a countdown', (r) => (r.changes.certificates[0].thumbprint = 'AB')],
      ['evidence certificate without notAfter', (r) => delete r.results.find((x: any) => x.evidence?.details?.certificates).evidence.details.certificates[0].notAfter],
    ];
    for (const [what, mutate] of broken) {
      const copy = structuredClone(good);
      mutate(copy);
      expect(errorsOf(copy), what).not.toBe('');
    }
  });

  it('accepts a fleet report of several servers, redacted or not, and with changes naming servers', () => {
    const fleet = sampleFleetReport();
    expect(errorsOf(asJson(fleet))).toBe('');
    expect(errorsOf(asJson(redactReport(fleet, { hosts: true })))).toBe('');
    const before = { ...fleet, results: fleet.results.map((r) => (r.server === 'NDES01' ? { ...r, status: 'warn' as const, remediation: { text: 'x' } } : r)) };
    const changes = compareReports(fleet, { report: before, source: 'history', path: 'h.json' });
    expect(changes.resolved.every((c) => c.server === 'NDES01')).toBe(true);
    expect(errorsOf(asJson({ ...fleet, changes }))).toBe('');
  });

  it('rejects fleet reports that break the contract', () => {
    const good = asJson(sampleFleetReport());
    const broken: [string, (r: any) => void][] = [
      ['server without exit code', (r) => delete r.servers[0].exitCode],
      ['server mode outside the vocabulary', (r) => (r.servers[0].mode = 'fleet')],
      ['empty server list', (r) => (r.servers = [])],
      ['result with an empty server', (r) => (r.results[0].server = '')],
      ['extra field in a server', (r) => (r.servers[1].colour = 'red')],
      ['server counts missing a status', (r) => delete r.servers[1].counts.skip],
    ];
    for (const [what, mutate] of broken) {
      const copy = structuredClone(good);
      mutate(copy);
      expect(errorsOf(copy), what).not.toBe('');
    }
  });

  it('rejects reports that break the contract', () => {
    const good = asJson(sampleReport());
    const broken: [string, (r: any) => void][] = [
      ['unknown status', (r) => (r.results[0].status = 'ok')],
      ['unknown severity', (r) => (r.results[0].severity = 'urgent')],
      ['unknown error code', (r) => (r.results.find((x: any) => x.status === 'error').error.code = 'E_OOPS')],
      ['fail without remediation', (r) => delete r.results.find((x: any) => x.status === 'fail').remediation],
      ['skip without reason', (r) => delete r.results.find((x: any) => x.status === 'skip').skipReason],
      ['extra top-level field', (r) => (r.extra = 1)],
      ['missing redaction', (r) => delete r.redaction],
      ['bad id', (r) => (r.results[0].id = 'HSYS-1')],
      ['negative count', (r) => (r.summary.counts.fail = -1)],
      ['target not a string', (r) => (r.results[0].target = 42)],
    ];
    for (const [what, mutate] of broken) {
      const copy = structuredClone(good);
      mutate(copy);
      expect(errorsOf(copy), what).not.toBe('');
    }
  });

  it('lists exactly the statuses, severities, error codes and redaction rules of the code', () => {
    expect(schema.$defs.status.enum).toEqual([...STATUSES]);
    expect(schema.$defs.severity.enum).toEqual([...SEVERITIES]);
    expect(schema.$defs.errorCode.enum).toEqual(Object.keys(ERROR_CODES));
    expect(schema.properties.redaction.properties.rules.items.enum).toEqual([...REDACTION_RULES]);
    expect(schema.$defs.certificateRole.enum).toEqual(Object.keys(CERTIFICATE_ROLES));
  });
});
