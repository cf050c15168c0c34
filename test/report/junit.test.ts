import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/engine/types.js';
import { renderJunit } from '../../src/report/junit.js';
import { buildReport, type Report } from '../../src/report/model.js';
import { sampleReport, sampleResults } from './sample.js';

const parse = (xml: string) =>
  new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true, isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(xml);

describe('renderJunit', () => {
  const xml = renderJunit(sampleReport(), { color: false, verbose: false });
  const doc = parse(xml);

  it('is well-formed XML', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it('has one testsuite per area and counts in attributes', () => {
    const suites = doc.testsuites.testsuite;
    expect(suites.map((s: any) => s.id)).toEqual(['http-sys', 'iis', 'browser', 'endpoint']);
    expect(doc.testsuites).toMatchObject({ tests: '7', failures: '2', errors: '1', skipped: '1' });
    const iis = suites.find((s: any) => s.id === 'iis');
    expect(iis).toMatchObject({ name: 'IIS configuration', tests: '2', failures: '0', errors: '1', skipped: '1' });
  });

  it('maps fail, error, skip and warn', () => {
    const cases = doc.testsuites.testsuite.flatMap((s: any) => s.testcase);
    const byName = (prefix: string) => cases.filter((c: any) => c.name.startsWith(prefix));
    const fail = byName('NDES-HSYS-002')[0];
    expect(fail.classname).toBe('http-sys');
    expect(fail.name).toBe('NDES-HSYS-002 MaxRequestBytes | pipes & <tags>');
    expect(fail.failure.type).toBe('medium');
    expect(fail.failure.message).toContain('<script>alert(1)</script>');
    expect(fail.failure['#text']).toContain('fix: Set it & restart <now>.');
    expect(byName('NDES-IIS-001')[0].error.type).toBe('E_FACT_UNAVAILABLE');
    expect(byName('NDES-IIS-002')[0].skipped.message).toContain('(prerequisite)');
    const warn = byName('NDES-IE-002')[0];
    expect(warn.failure).toBeUndefined();
    expect(warn['system-out']).toContain('WARN [low]');
  });

  it('puts the probed target in the testcase name', () => {
    const names = doc.testsuites.testsuite.find((s: any) => s.id === 'endpoint').testcase.map((c: any) => c.name);
    expect(names).toEqual([
      'NDES-NET-001 GetCACaps answers [https://ndes.contoso.com/certsrv/mscep/mscep.dll]',
      'NDES-NET-001 GetCACaps answers [https://ndes-internal.contoso.com/certsrv/mscep/mscep.dll]',
    ]);
  });

  it('stays valid with control characters, quotes and a CDATA end marker from the server', () => {
    const nasty: Result = {
      ...sampleResults()[1]!,
      message: 'bell\u0007 nul\u0000 "quoted" \'single\' ]]> end\r\nnext',
      title: 'tab\there',
    };
    const out = renderJunit(sampleReport([nasty]), { color: false, verbose: false });
    expect(XMLValidator.validate(out)).toBe(true);
    const c = parse(out).testsuites.testsuite[0].testcase[0];
    // Control characters are shown as escapes (a CI log is read in a terminal too); line feeds stay.
    expect(c.failure.message).toBe('bell\\x07 nul\\x00 "quoted" \'single\' ]]> end\\x0d\nnext');
    expect(c.name).toContain('tab\there');
  });
});

describe('renderJunit of a run that could not start', () => {
  const notStarted = (): Report =>
    buildReport({
      mode: 'bundle',
      startedAt: new Date('2026-11-20T10:00:00.000Z'),
      finishedAt: new Date('2026-11-20T10:00:00.010Z'),
      argv: ['check', '--bundle', './does-not-exist', '-o', 'junit=r.xml'],
      failOn: 'info',
      timeouts: { checkMs: 30000, runMs: 120000 },
      config: { only: [], skip: [] },
      results: [],
      runWarnings: ['Could not start: Bundle not found: ./does-not-exist'],
      notStarted: 'Bundle not found: ./does-not-exist',
    });

  it('is one suite with one error carrying the reason, not an empty file a CI dashboard shows as passed', () => {
    const xml = renderJunit(notStarted());
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = parse(xml);
    expect(doc.testsuites).toMatchObject({ tests: '1', failures: '0', errors: '1', skipped: '0' });
    expect(doc.testsuites.testsuite).toHaveLength(1);
    expect(doc.testsuites.testsuite[0]).toMatchObject({ name: 'NDES server', tests: '1', errors: '1' });
    expect(doc.testsuites.testsuite[0].testcase[0].error).toMatchObject({ type: 'E_NOT_STARTED', message: 'Bundle not found: ./does-not-exist' });
  });

  it('names the suite after the host when the run knew it', () => {
    const report = notStarted();
    const xml = renderJunit({ ...report, environment: { ...report.environment, host: 'NDES02' } });
    expect(parse(xml).testsuites.testsuite[0].testcase[0].name).toBe('NDES02 could be checked');
  });
});
