// Host-side figures of the built CLI, each against its floor measured in the same run (run by
// scripts/bench.mjs, or alone: `node scripts/bench-host.mjs` after `npm run build`):
// - `list` and `explain` start-up against `node -e 0` (wall time, median of several processes);
// - `check --bundle` on a 5,000-site applicationHost.config and on a 5,000-certificate store
//   (CPU time and peak RSS of the process) against the same run on examples/healthy.
// Every figure comes from a separate `node bin/ndes-doctor.js` process, as users start it.
// Sets process.exitCode to 1 when a target is missed.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manyCertificatesStore, manySitesConfig } from './bench-host-fixtures.mjs';

const MB = 1024 * 1024;
const RUNS = Number(process.env.BENCH_RUNS) || 11;
const BIG_RUNS = Math.max(3, Math.min(RUNS, 5));
const TARGETS = {
  /** `list` / `explain` wall time over `node -e 0`. */
  startupRatio: 1.5,
  sitesCpuMs: 3_000,
  sitesRssBytes: 300 * MB,
  certsCpuMs: 600,
};
const SITES = 5_000;
const CERTS = 5_000;
const CLI = 'bin/ndes-doctor.js';
// Reports the process's own CPU time and peak RSS on exit, whatever the command did.
const USAGE_HOOK = `data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\nbench-usage '+(u.userCPUTime+u.systemCPUTime)+' '+u.maxRSS*1024+'\\n')})`;

function once(args) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', USAGE_HOOK, ...args], { encoding: 'utf8', maxBuffer: 64 * MB });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.error) throw r.error;
  const [, cpuUs, rss] = /bench-usage (\d+) (\d+)/.exec(r.stderr) ?? [];
  return { wallMs, cpuMs: Number(cpuUs) / 1000, rss: Number(rss), status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Median wall time, CPU time and peak RSS of `runs` processes of each command, after one run each
 * that warms the file cache. The commands take turns, so a floor and what is set against it see
 * the same machine, however busy it is meanwhile.
 */
function measureAll(commands, runs) {
  const first = commands.map((args) => once(args));
  const all = commands.map(() => []);
  for (let i = 0; i < runs; i++) commands.forEach((args, c) => all[c].push(once(args)));
  return all.map((rs, c) => ({
    wallMs: median(rs.map((r) => r.wallMs)),
    cpuMs: median(rs.map((r) => r.cpuMs)),
    rss: median(rs.map((r) => r.rss)),
    first: first[c],
  }));
}

function bundleWith(work, name, files) {
  const dir = join(work, name);
  cpSync('examples/healthy', dir, { recursive: true });
  for (const [file, bytes] of Object.entries(files)) writeFileSync(join(dir, file), bytes);
  return dir;
}

/** Check id -> status of a run's JSON report. */
function statuses(run) {
  try {
    return new Map(JSON.parse(run.stdout).results.map((r) => [r.id, `${r.status}${r.error ? ` ${r.error.code}` : ''}`]));
  } catch {
    return undefined;
  }
}

/** The big bundle must be judged like the healthy one: the extra sites and certificates change no verdict. */
function differences(healthy, big) {
  const a = statuses(healthy);
  const b = statuses(big);
  if (!a || !b) return ['no JSON report'];
  return [...a].filter(([id, s]) => b.get(id) !== s).map(([id, s]) => `${id}: ${s} on examples/healthy, ${b.get(id)} here`);
}

const fmtMs = (ms) => `${ms.toFixed(0).padStart(6)} ms`;
const fmtMb = (bytes) => `${(bytes / MB).toFixed(0).padStart(4)} MB`;
const rows = [];
let ok = true;
const verdict = (pass) => {
  ok &&= pass;
  return pass ? 'OK' : 'MISSED';
};

const work = mkdtempSync(join(tmpdir(), 'ndes-doctor-bench-host-'));
try {
  // Start-up: wall time of whole processes against bare Node.
  const startups = [['list'], ['list', '--json'], ['explain', 'NDES-IIS-001']];
  const [bare, ...started] = measureAll([['-e', '0'], ...startups.map((args) => [CLI, ...args])], RUNS);
  rows.push(`  ${'node -e 0 (floor)'.padEnd(44)}${fmtMs(bare.wallMs)} wall  ${fmtMb(bare.rss)} peak RSS`);
  startups.forEach((args, i) => {
    const m = started[i];
    const ratio = m.wallMs / bare.wallMs;
    const pass = m.first.status === 0 && ratio <= TARGETS.startupRatio;
    rows.push(`  ${`ndes-doctor ${args.join(' ')}`.padEnd(44)}${fmtMs(m.wallMs)} wall  ${fmtMb(m.rss)} peak RSS  ${ratio.toFixed(2)}x node -e 0 (target at most ${TARGETS.startupRatio}x) ${verdict(pass)}`);
  });

  // Big servers: CPU time and peak RSS of one analysis, against the healthy example in the same run.
  const check = (dir) => [CLI, 'check', '--bundle', dir, '-f', 'json', '--exit-zero', '--timeout', '600', '--check-timeout', '600'];
  const [healthy] = measureAll([check('examples/healthy')], BIG_RUNS);
  rows.push(`  ${'check --bundle examples/healthy (floor)'.padEnd(44)}${fmtMs(healthy.cpuMs)} CPU   ${fmtMb(healthy.rss)} peak RSS`);
  const config = manySitesConfig(SITES);
  const cases = [
    [`${SITES.toLocaleString('en')}-site applicationHost.config (${(config.length / 1e6).toFixed(0)} MB)`, { 'iis/applicationHost.config': config }, TARGETS.sitesCpuMs, TARGETS.sitesRssBytes],
    [`${CERTS.toLocaleString('en')}-certificate LocalMachine\\My`, { 'certs/localmachine-my.json': manyCertificatesStore(CERTS, work) }, TARGETS.certsCpuMs, undefined],
  ];
  for (const [name, files, cpuTarget, rssTarget] of cases) {
    const [m] = measureAll([check(bundleWith(work, name.replace(/\W+/g, '-'), files))], BIG_RUNS);
    const diff = differences(healthy.first, m.first);
    const pass = diff.length === 0 && m.cpuMs < cpuTarget && (rssTarget === undefined || m.rss < rssTarget);
    const rssGoal = rssTarget === undefined ? '' : `, under ${fmtMb(rssTarget).trim()}`;
    rows.push(
      `  ${name.padEnd(44)}${fmtMs(m.cpuMs)} CPU   ${fmtMb(m.rss)} peak RSS  ${(m.cpuMs / healthy.cpuMs).toFixed(1)}x healthy (target under ${cpuTarget} ms CPU${rssGoal}) ${verdict(pass)}`,
    );
    for (const d of diff) rows.push(`      judged unlike examples/healthy: ${d}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log(`\nHost side: start-up (median wall time of ${RUNS} processes) and big servers (median CPU time and peak RSS of ${BIG_RUNS} processes)\n`);
for (const row of rows) console.log(row);
if (!ok) process.exitCode = 1;
