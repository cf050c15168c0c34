import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openMonitor } from '../../src/cli/monitor.js';
import { eventDescription } from '../../src/report/event-log.js';
import { sampleReport } from '../report/sample.js';

const dir = mkdtempSync(join(tmpdir(), 'ndes-doctor-monitor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A report of a run that could not start (bad arguments, unreadable bundle), as the CLI writes it for its monitor. */
function notStartedReport() {
  const report = sampleReport([]);
  (report.run as { notStarted?: string }).notStarted = '--bundle x.zip: not a bundle';
  return { ...report, summary: { ...report.summary, status: 'unknown' as const, exitCode: 3 as const } };
}

describe('openMonitor', () => {
  it('records a run that ran, and not one that could not start: the next run compares with the last that judged anything', async () => {
    const history = join(dir, 'history');
    const monitor = await openMonitor({ history, quiet: true });
    await monitor.record(notStartedReport(), undefined, []);
    expect(readdirSync(history)).toEqual([]);
    await monitor.record(sampleReport(), undefined, []);
    expect(readdirSync(history)).toEqual(['ndes-doctor-20261120T100000.000Z.html', 'ndes-doctor-20261120T100000.000Z.json']);
  });

  it('leaves a report alone when nothing is compared', async () => {
    const report = sampleReport();
    expect((await openMonitor({ quiet: true })).compare(report, undefined)).toBe(report);
  });
});

describe('eventDescription of a run that could not start', () => {
  it('says why, so the monitor that gets the event knows', () => {
    expect(eventDescription(notStartedReport())).toMatch(/^ndes-doctor UNKNOWN \(exit 3\) on NDES02: 0 fail, 0 error, 0 warn\. Could not start: --bundle x\.zip: not a bundle /);
  });
});
