import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/engine/types.js';
import { EVENT_SOURCE, EVENTS } from '../../src/report/event-ids.js';
import { EVENT_DESCRIPTION_MAX, eventCreateCommand, eventDescription } from '../../src/report/event-log.js';
import { sampleFleetReport, sampleReport, sampleReportWithChanges, sampleResults } from './sample.js';

const [pass, fail, error, , warn] = sampleResults() as [Result, Result, Result, Result, Result];

describe('eventCreateCommand', () => {
  it('writes nothing for an OK run', () => {
    expect(eventCreateCommand(sampleReport([pass]))).toBeUndefined();
  });

  it('names the source, the type and 100 + the exit code as the event ID', () => {
    const cases = [
      [[pass, warn], 'WARNING', 101],
      [[pass, fail, error], 'ERROR', 102],
      [[pass, error, warn], 'WARNING', 103],
    ] as const;
    for (const [results, type, id] of cases) {
      const report = sampleReport([...results]);
      const command = eventCreateCommand(report, ['C:\\ndes\\last.html'])!;
      expect(id).toBe(100 + report.summary.exitCode);
      expect(command).toEqual({ file: 'eventcreate.exe', args: ['/L', 'APPLICATION', '/SO', 'ndes-doctor', '/T', type, '/ID', String(id), '/D', eventDescription(report, ['C:\\ndes\\last.html'])], id });
    }
    expect(EVENT_SOURCE).toBe('ndes-doctor');
    for (const { id } of Object.values(EVENTS)) expect(id).toBeGreaterThanOrEqual(1), expect(id).toBeLessThanOrEqual(1000);
  });
});

describe('eventDescription', () => {
  it('is one line: verdict, counts, what changed, where the report is, then the findings most severe first', () => {
    const d = eventDescription(sampleReportWithChanges(), ['C:\\ProgramData\\ndes-doctor\\last-run.html']);
    expect(d).toBe(
      'ndes-doctor CRITICAL (exit 2) on NDES02: 2 fail, 1 error, 1 warn. Since the previous run: 1 new, 1 resolved, 1 changed. ' +
        'Report: C:\\ProgramData\\ndes-doctor\\last-run.html. Fixes: ndes-doctor explain <check id>. ' +
        'FAIL NDES-NET-001 GetCACaps answers [high] on https://ndes.contoso.com/certsrv/mscep/mscep.dll; FAIL NDES-HSYS-002 MaxRequestBytes | pipes & <tags> [medium]; ' +
        'ERROR NDES-IIS-001 maxUrl [critical]; WARN NDES-IE-002 IE ESC users [low].',
    );
  });

  it('carries no double quote or control character, which the Windows command line would mangle', () => {
    const hostile = { ...fail, title: 'Say "hi"\r\nthen\tstop\u0007' } as Result;
    const d = eventDescription(sampleReport([hostile]));
    expect(d).toContain("FAIL NDES-HSYS-002 Say 'hi' then stop [medium]");
    expect(d).not.toMatch(/["\u0000-\u001f]/);
  });

  it('lists ten findings and counts the rest, and stays within the length limit', () => {
    const many = Array.from({ length: 14 }, (_, i) => ({ ...fail, id: `NDES-HSYS-${String(100 + i)}` }) as Result);
    const d = eventDescription(sampleReport(many));
    expect(d.match(/FAIL NDES-HSYS-1\d\d/g)).toHaveLength(10);
    expect(d).toContain('; +4 more.');
    // A long list is what gets cut: the verdict and where the report is come first.
    const long = eventDescription(sampleReport([{ ...fail, title: '\u{1F512}'.repeat(EVENT_DESCRIPTION_MAX) } as Result]), ['C:\\r.html']);
    expect(long).toMatch(/^ndes-doctor CRITICAL \(exit 2\) on NDES02: 1 fail, 0 error, 0 warn\. Report: C:\\r\.html\. /);
    expect(long.length).toBeLessThanOrEqual(EVENT_DESCRIPTION_MAX);
    expect(long.endsWith('…')).toBe(true);
    // Cut between characters, never inside a surrogate pair.
    expect(long).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});

describe('eventDescription of a fleet run', () => {
  it('names each server with its verdict, and the server of each finding', () => {
    const d = eventDescription(sampleFleetReport());
    expect(d).toMatch(/^ndes-doctor CRITICAL \(exit 2\): 2 fail, 1 error, 1 warn\. Servers: NDES02 CRITICAL, NDES01 OK, ndes3\.contoso\.com UNKNOWN\. /);
    expect(d).toContain('FAIL NDES-HSYS-002 MaxRequestBytes');
    expect(d).toMatch(/FAIL NDES-NET-001 GetCACaps answers \[high\] on NDES02 https:\/\/ndes\.contoso\.com/);
    expect(eventDescription(sampleReport())).not.toContain('Servers:');
  });
});
