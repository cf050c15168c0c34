import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/engine/types.js';
import { compareReports } from '../../src/report/changes.js';
import { renderHtml } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderNagios } from '../../src/report/nagios.js';
import { renderPrometheus } from '../../src/report/prometheus.js';
import { redactReport } from '../../src/report/redact.js';
import { renderText } from '../../src/report/text.js';
import { serverViews } from '../../src/report/view.js';
import { sampleFleetReport, sampleResults } from './sample.js';

const fleet = sampleFleetReport();
const opts = { color: false, verbose: false };

describe('a report of several servers (fleet run)', () => {
  it('takes the worst exit code of its servers, sums their counts and names the server of each result', () => {
    expect(fleet.run.mode).toBe('fleet');
    expect(fleet.servers!.map((s) => [s.name, s.status, s.exitCode])).toEqual([
      ['NDES02', 'critical', 2],
      ['NDES01', 'ok', 0],
      ['ndes3.contoso.com', 'unknown', 3],
    ]);
    expect(fleet.summary).toMatchObject({ status: 'critical', exitCode: 2 });
    expect(fleet.summary.counts).toEqual({ pass: 9, warn: 1, fail: 2, skip: 1, error: 1 });
    expect(new Set(fleet.results.map((r) => r.server))).toEqual(new Set(['NDES02', 'NDES01']));
    expect(fleet.servers![0]!.evaluatedAt).toBe('2026-11-20T09:14:02.000Z');
  });

  it('splits back into one report per server with only that server’s results', () => {
    const views = serverViews(fleet)!;
    expect(views.map((v) => [v.server.name, v.report.results.length, v.report.summary.exitCode])).toEqual([
      ['NDES02', 7, 2],
      ['NDES01', 7, 0],
      ['ndes3.contoso.com', 0, 3],
    ]);
    expect(views[0]!.report.environment).toMatchObject({ host: 'NDES02', bundle: 'ndes2.zip' });
    expect(views[2]!.report.run.notStarted).toMatch(/run deadline/);
    expect(views[0]!.report.run.notStarted).toBeUndefined();
    expect(serverViews({ ...fleet, servers: undefined })).toBeUndefined();
  });

  it('compares each server with the same server of the compared run', () => {
    const ids = (rs: Result[], server: string) => rs.filter((r) => r.server === server && r.id === 'NDES-HSYS-002');
    // Before, NDES01 failed NDES-HSYS-002 and NDES02 failed it too; now only NDES02 does.
    const before = { ...fleet, results: fleet.results.map((r) => (r.server === 'NDES01' && r.id === 'NDES-HSYS-002' ? { ...r, status: 'fail' as const } : r)) };
    const changes = compareReports(fleet, { report: before, source: 'baseline', path: 'fleet.json' });
    expect(changes.resolved.map((c) => [c.server, c.id])).toEqual([['NDES01', 'NDES-HSYS-002']]);
    expect(changes.new).toEqual([]);
    expect(ids(fleet.results, 'NDES02')[0]!.status).toBe('fail');
  });

  it('text: the verdict, a table of the servers, then each server’s findings in the order given', () => {
    const text = renderText(fleet, opts);
    const lines = text.split('\n');
    expect(lines[0]).toContain('fleet · 3 servers');
    expect(lines[1]).toMatch(/^Result: CRITICAL \(exit 2\)/);
    const row = (name: string) => lines.find((l) => l.startsWith(`${name} `));
    expect(row('NDES02')).toMatch(/CRITICAL\s+2\s+2\s+1\s+1\s+2\s+1\s+bundle ndes2\.zip/);
    expect(row('NDES01')).toMatch(/OK\s+0\s+0\s+0\s+0\s+7\s+0/);
    expect(row('ndes3.contoso.com')).toMatch(/UNKNOWN\s+3/);
    const at = (s: string) => text.indexOf(s);
    expect(at(' NDES02  CRITICAL (exit 2)')).toBeGreaterThan(at('Server'));
    expect(at(' NDES01  OK (exit 0)')).toBeGreaterThan(at(' NDES02  CRITICAL'));
    expect(at(' ndes3.contoso.com  UNKNOWN (exit 3)')).toBeGreaterThan(at(' NDES01  OK'));
    expect(text).toContain('Not checked: Not opened before the run deadline');
    // NDES02's failure is listed in its section, not in NDES01's.
    const ndes01 = text.slice(at(' NDES01  OK'), at(' ndes3.contoso.com  UNKNOWN'));
    expect(ndes01).toContain('No failures, errors or warnings.');
    expect(text.slice(at(' NDES02  CRITICAL'), at(' NDES01  OK'))).toContain('FAIL NDES-HSYS-002');
    expect(text).toContain('note: <b>note</b> for NDES02');
  });

  it('markdown: a servers table and one section per server', () => {
    const md = renderMarkdown(fleet, opts);
    expect(md).toMatch(/^# ndes-doctor report: CRITICAL · 3 servers/);
    expect(md).toContain('| NDES02 | CRITICAL | 2 | 2 | 1 | 1 | 2 | 1 | bundle ndes2.zip |');
    expect(md).toContain('| NDES01 | OK | 0 | 0 | 0 | 0 | 7 | 0 | bundle ndes1.zip |');
    expect(md.indexOf('# Server NDES02: CRITICAL (exit 2)')).toBeLessThan(md.indexOf('# Server NDES01: OK (exit 0)'));
    expect(md).toContain('**Not checked:** Not opened before the run deadline');
  });

  it('html: every element id is unique although two servers share check ids, and each server row links to its section', () => {
    const html = renderHtml(fleet, opts);
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(20);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    for (const n of [1, 2, 3]) {
      expect(html).toContain(`href="#server-${n}"`);
      expect(ids).toContain(`server-${n}`);
    }
    expect(ids).toEqual(expect.arrayContaining(['server-1-NDES-HSYS-002', 'server-2-NDES-HSYS-002']));
    expect(html).toContain('&#60;b&#62;note&#60;/b&#62; for NDES02');
    expect(html).not.toContain('<b>note</b>');
  });

  it('junit: suites per server and area, and a server that could not be checked is an error', () => {
    const xml = renderJunit(fleet, opts);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['testsuite', 'testcase'].includes(name) }).parse(xml);
    const suites = doc.testsuites.testsuite as { name: string; errors: string; hostname?: string; testcase: { name: string }[] }[];
    expect(suites.map((s) => s.name)).toEqual(expect.arrayContaining(['NDES02: HTTP.sys (kernel HTTP listener)', 'NDES01: HTTP.sys (kernel HTTP listener)', 'ndes3.contoso.com']));
    expect(suites.find((s) => s.name === 'ndes3.contoso.com')!.errors).toBe('1');
    expect(suites.find((s) => s.name.startsWith('NDES01:'))!.hostname).toBe('NDES01');
    expect(doc.testsuites).toMatchObject({ tests: '15', failures: '2', errors: '2' });
  });

  it('nagios: one line naming every server, the worst first, with each server’s exit code as perfdata', () => {
    const line = renderNagios(fleet);
    expect(line.split('\n')).toEqual([expect.any(String), '']);
    expect(line).toMatch(/^NDES-DOCTOR CRITICAL - 3 servers: NDES02 CRITICAL \(2 fail, 1 error, 1 warn: NDES-NET-001, NDES-HSYS-002, NDES-IIS-001, \+1 more\), ndes3\.contoso\.com UNKNOWN \(not checked: [^|]+\), NDES01 OK \| /);
    expect(line).toContain(" 'NDES02 exit'=2;0;1;0;3 'NDES01 exit'=0;0;1;0;3 'ndes3.contoso.com exit'=3;0;1;0;3\n");
  });

  it('prometheus: every per-check series names its server, so two servers’ checks do not collide', () => {
    const text = renderPrometheus(fleet);
    const failing = text.split('\n').filter((l) => l.startsWith('ndes_doctor_check_status{check="NDES-HSYS-002"') && l.includes('status="fail"'));
    expect(failing).toEqual([
      'ndes_doctor_check_status{check="NDES-HSYS-002",area="http-sys",severity="medium",server="NDES02",target="",status="fail"} 1',
      'ndes_doctor_check_status{check="NDES-HSYS-002",area="http-sys",severity="medium",server="NDES01",target="",status="fail"} 0',
    ]);
    expect(text).toContain('ndes_doctor_server_exit_code{server="ndes3.contoso.com",mode="network",source="ndes3.contoso.com"} 3');
    expect(text).toContain('ndes_doctor_server_checks{server="NDES01",status="pass"} 7');
    expect(text).toContain('ndes_doctor_exit_code 2');
  });

  it('keeps server and result names paired when --redact-hosts replaces them', () => {
    const redacted = redactReport(fleet, { hosts: true });
    const names = redacted.servers!.map((s) => s.name);
    expect(names.filter((n) => /NDES0/.test(n))).toEqual([]);
    expect(serverViews(redacted)!.map((v) => v.report.results.length)).toEqual([7, 7, 0]);
    expect(sampleResults().length).toBe(7);
  });
});
