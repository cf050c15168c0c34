import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as cli } from '../../helpers/cli.js';

const validate = new Ajv2020({ strict: true, strictRequired: false, validateFormats: false }).compile(JSON.parse(readFileSync('schema/report.schema.json', 'utf8')));

let dir: string;
beforeAll(() => {
  if (!existsSync('dist/ndes-doctor.cjs')) throw new Error('dist/ndes-doctor.cjs is missing: run "npm run build" first.');
  dir = mkdtempSync(join(tmpdir(), 'ndes-doctor-history-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const runsIn = (history: string) => readdirSync(history).filter((f) => /^ndes-doctor-\d{8}T\d{6}\.\d{3}Z\.json$/.test(f)).sort();

describe('check --history', () => {
  it('records each run as JSON and HTML and compares it with the one before', async () => {
    const history = join(dir, 'history');
    const first = await cli('check', '--bundle', 'examples/healthy', '--history', history, '-f', 'json');
    expect(first.code).toBe(0);
    const a = JSON.parse(first.stdout);
    expect(a.changes).toMatchObject({ since: null, new: [], resolved: [], changed: [], unchanged: 0 });
    expect(a.changes.certificates.length).toBeGreaterThan(3);
    expect(first.stderr).toContain(`saved this run in ${history}.`);

    const second = await cli('check', '--bundle', 'examples/broken', '--history', history, '-f', 'json');
    expect(second.code).toBe(2);
    const b = JSON.parse(second.stdout);
    expect(validate(b), JSON.stringify(validate.errors)).toBe(true);
    const [older] = runsIn(history);
    expect(b.changes.since).toEqual({ source: 'history', path: join(history, older!), startedAt: a.run.startedAt, status: 'ok', exitCode: 0 });
    const failed = b.results.filter((r: { status: string }) => r.status === 'fail').length;
    expect(b.changes.new.filter((f: { to: string }) => f.to === 'fail')).toHaveLength(failed);
    expect(b.changes.new.find((f: { id: string }) => f.id === 'NDES-HSYS-001')).toMatchObject({ from: 'pass', to: 'fail' });
    // Each certificate the broken server's checks judged, counted as that check counted it.
    const net003 = b.results.find((r: { id: string }) => r.id === 'NDES-NET-003');
    const signing = net003.evidence.details.certificates.find((c: { role: string }) => c.role === 'ra-signing');
    const ra = b.changes.certificates.find((c: { id: string; role: string }) => c.id === 'NDES-NET-003' && c.role === 'ra-signing');
    expect(ra).toMatchObject({ daysLeft: signing.daysLeft, notAfter: signing.notAfter, target: net003.target });

    const saved = readdirSync(history).sort();
    expect(saved).toHaveLength(4);
    expect(saved.filter((f) => f.endsWith('.html'))).toHaveLength(2);
    const stored = JSON.parse(readFileSync(join(history, runsIn(history)[1]!), 'utf8'));
    expect(stored.changes.new.length).toBe(b.changes.new.length);
    expect(stored.redaction.applied).toBe(true);
  });

  it('shows the changes right after the verdict in the text report', async () => {
    const history = join(dir, 'text');
    await cli('check', '--bundle', 'examples/broken', '--history', history, '-q');
    const run = await cli('check', '--bundle', 'examples/healthy', '--history', history, '-q');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[1]).toMatch(/^Result: OK \(exit 0\)/);
    expect(lines[3]).toMatch(/^Since the previous run \(.*, CRITICAL\): 0 new, \d+ resolved, \d+ changed, 0 unchanged\.$/);
    expect(lines[4]).toMatch(/^ {2}resolved {2}PASS NDES-/);
    expect(run.stderr).toBe('');
  });

  it('keeps the newest --keep runs and never touches other files', async () => {
    const history = join(dir, 'keep');
    mkdirSync(history);
    writeFileSync(join(history, 'notes.txt'), 'mine');
    writeFileSync(join(history, 'ndes-doctor-latest.json'), '{}');
    for (let i = 0; i < 3; i++) await cli('check', '--bundle', 'examples/healthy', '--history', history, '--keep', '2', '-q');
    expect(runsIn(history)).toHaveLength(2);
    expect(readdirSync(history).filter((f) => f.endsWith('.html'))).toHaveLength(2);
    expect(readdirSync(history)).toEqual(expect.arrayContaining(['notes.txt', 'ndes-doctor-latest.json']));
    const run = await cli('check', '--bundle', 'examples/healthy', '--history', history, '--keep', '1');
    expect(run.stderr).toContain(`saved this run in ${history}; removed 2 older run(s), keeping 1.`);
    expect(runsIn(history)).toHaveLength(1);
  });

  it('passes over an unreadable newest run, says so, and compares with the one before', async () => {
    const history = join(dir, 'corrupt');
    await cli('check', '--bundle', 'examples/broken', '--history', history, '-q');
    const [good] = runsIn(history);
    const bad = join(history, 'ndes-doctor-29990101T000000.000Z.json');
    writeFileSync(bad, '{"schemaVersion": 1, "results": [');
    const run = await cli('check', '--bundle', 'examples/broken', '--history', history, '-f', 'json', '-q');
    const report = JSON.parse(run.stdout);
    expect(report.changes.since.path).toBe(join(history, good!));
    expect(report.changes.new).toEqual([]);
    expect(report.changes.unchanged).toBeGreaterThan(30);
    expect(report.runWarnings).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^--history: passed over .*29990101T000000\\.000Z\\.json, which is not a readable report`))]));
  });
});

describe('check --baseline', () => {
  it('compares with the given report, also in the prometheus file', async () => {
    const baseline = join(dir, 'golden.json');
    await cli('check', '--bundle', 'examples/healthy', '-o', `json=${baseline}`, '-q');
    const prom = join(dir, 'ndes.prom');
    const run = await cli('check', '--bundle', 'examples/broken', '--baseline', baseline, '-f', 'json', '-o', `prometheus=${prom}`);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report.changes.since).toMatchObject({ source: 'baseline', path: baseline, status: 'ok' });
    expect(report.changes.new.length).toBeGreaterThan(30);
    expect(readFileSync(prom, 'utf8')).toContain(`ndes_doctor_changed_findings{kind="new"} ${report.changes.new.length}\n`);
  });

  it('refuses a baseline that is not a report before running anything', async () => {
    const bad = join(dir, 'not-a-report.json');
    writeFileSync(bad, '{"hello": 1}');
    const run = await cli('check', '--bundle', 'examples/broken', '--baseline', bad);
    expect(run).toMatchObject({ code: 3, stdout: '' });
    expect(run.stderr).toBe(`ndes-doctor: ${bad} is not an ndes-doctor JSON report of schema version 1, 2 or 3.\n`);
    const missing = await cli('check', '--bundle', 'examples/broken', '--baseline', join(dir, 'nope.json'));
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^ndes-doctor: Could not read .*nope\.json: ENOENT/);
  });
});

describe('monitoring options that cannot work', () => {
  it('refuse with one line and exit 3', async () => {
    const keep = await cli('check', '--bundle', 'examples/healthy', '--keep', '3');
    expect(keep).toMatchObject({ code: 3, stdout: '', stderr: 'ndes-doctor: --keep says how many runs --history keeps: give --history <folder> too.\n' });
    const zero = await cli('check', '--bundle', 'examples/healthy', '--history', join(dir, 'z'), '--keep', '0');
    expect(zero.code).toBe(3);
    expect(zero.stderr).toContain('--keep takes a whole number, 1 or more.');
    const blocked = join(dir, 'a-file');
    writeFileSync(blocked, '');
    const history = await cli('check', '--bundle', 'examples/healthy', '--history', join(blocked, 'history'));
    expect(history.code).toBe(3);
    expect(history.stderr).toMatch(/^ndes-doctor: --history .*a-file\/history: cannot create the folder/);
  });

  it.runIf(process.platform !== 'win32')('refuse --event-log where there is no Windows Application log', async () => {
    const run = await cli('check', '--bundle', 'examples/broken', '--event-log');
    expect(run).toMatchObject({ code: 3, stdout: '' });
    expect(run.stderr).toBe(`ndes-doctor: --event-log writes to the Windows Application log, which ${process.platform} does not have; use it on the Windows server.\n`);
  });
});
