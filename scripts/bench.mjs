// Startup and analysis timings of the built CLI (run through `npm run bench`, which builds first),
// then the network probes and log parsing.
// Prints the median of several runs; exits 1 when a target is missed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const RUNS = Number(process.env.BENCH_RUNS) || 11;
const TARGET_RATIO = 2.5;
/** A full bundle (every area's artifacts) is analysed, start to report, within this. */
const TARGET_ANALYSIS_MS = 500;
const cli = 'bin/ndes-doctor.js';

if (!existsSync('dist/ndes-doctor.cjs')) {
  console.error('bench: dist/ndes-doctor.cjs is missing; run "npm run build" first (npm run bench does).');
  process.exit(3);
}

function timeOnce(args) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.error) throw r.error;
  return { ms, status: r.status, stderr: r.stderr.toString() };
}

function median(args, expectStatus) {
  timeOnce(args); // warm the file system cache, so every measured run is alike
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const r = timeOnce(args);
    if (expectStatus !== undefined && r.status !== expectStatus) {
      console.error(`bench: node ${args.join(' ')} exited ${r.status}, expected ${expectStatus}\n${r.stderr}`);
    }
    times.push(r.ms);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const fmt = (ms) => `${ms.toFixed(1).padStart(7)} ms`;
const rows = [];
const bare = median(['-e', '0']);
const version = median([cli, '--version'], 0);
const help = median([cli, '--help'], 0);
const healthy = median([cli, 'check', '--bundle', 'examples/healthy', '--quiet']);
const broken = median([cli, 'check', '--bundle', 'examples/broken', '--quiet']);
const ratio = version / bare;
rows.push(['node -e 0', bare], ['ndes-doctor --version', version], ['ndes-doctor --help', help]);
rows.push(['check --bundle examples/healthy', healthy], ['check --bundle examples/broken', broken]);

console.log(`Median of ${RUNS} runs each (Node ${process.version}, ${process.platform}/${process.arch})\n`);
for (const [name, ms] of rows) console.log(`  ${name.padEnd(34)}${fmt(ms)}`);
console.log(`\n  --version / bare node: ${ratio.toFixed(2)}x (target at most ${TARGET_RATIO}x) ${ratio <= TARGET_RATIO ? 'OK' : 'TOO SLOW'}`);
const slowest = Math.max(healthy, broken);
console.log(`  full bundle analysed (whole CLI run):  ${slowest.toFixed(0)} ms (target under ${TARGET_ANALYSIS_MS} ms) ${slowest < TARGET_ANALYSIS_MS ? 'OK' : 'TOO SLOW'}`);
process.exitCode = ratio <= TARGET_RATIO && slowest < TARGET_ANALYSIS_MS ? 0 : 1;

// list/explain start-up and the 5,000-site and 5,000-certificate servers (scripts/bench-host.mjs).
await import('./bench-host.mjs');
// Network probes against loopback endpoints (scripts/bench-network.mjs).
await import('./bench-network.mjs');
// Log parsing throughput and memory against wc -l (scripts/bench-logs.mjs).
await import('./bench-logs.mjs');
// Peak RSS and parse budgets on hostile and at-cap bundles (scripts/bench-hostile.mjs).
await import('./bench-hostile.mjs');
