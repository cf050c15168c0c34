// Network probe timings (called by scripts/bench.mjs; also runs alone after "npm run build").
// 1. The probe suite of one target against a loopback NDES-like endpoint, compared with curl making the
//    same requests one after another.
// 2. A fleet of 200 loopback targets with artificial latency, probed concurrently (as `check --targets` does)
//    and one after another.
// Everything listens on 127.0.0.1 only.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS) || 20;
const FLEET = Number(process.env.BENCH_FLEET) || 200;
const RUNS = Number(process.env.BENCH_NET_RUNS) || 5;

// The GetCACert and GetCACaps answers of the healthy example, so the endpoint looks like NDES.
const recorded = JSON.parse(readFileSync('examples/healthy/network/probes.json', 'utf8')).targets[0].exchanges;
const body = (purpose) => Buffer.from(recorded.find((e) => e.purpose === purpose).response.bodyBase64, 'base64');
const CA_CERT = body('getcacert');
const CAPS = body('getcacaps');

function responder(latency) {
  return (req, res) => {
    const url = new URL(req.url, 'http://x');
    const answer = () => {
      if (/\/mscep_admin\/?$/i.test(url.pathname)) return res.writeHead(401).end();
      if (!/\/mscep\/mscep\.dll$/i.test(url.pathname)) return res.writeHead(404).end();
      const op = url.searchParams.get('operation');
      if (op === 'GetCACaps') return res.writeHead(200).end(CAPS);
      if (op === 'GetCACert') return res.writeHead(200, { 'content-type': 'application/x-x509-ca-ra-cert' }).end(CA_CERT);
      return res.writeHead(403, { 'content-type': 'text/html' }).end('403 - Forbidden: Access is denied.');
    };
    if (latency > 0) setTimeout(answer, latency);
    else answer();
  };
}

async function serve(latency) {
  const server = http.createServer({ maxHeaderSize: 256 * 1024 }, responder(latency));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: server.address().port };
}

/** src/collect/network/probe.ts bundled whole into a temp module, so the bench calls the real prober. */
async function loadProber(dir) {
  const out = join(dir, 'probe.mjs');
  await build({
    entryPoints: ['src/collect/network/probe.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: out,
    logLevel: 'error',
    banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
  });
  return import(pathToFileURL(out).href);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(fn) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

const dir = mkdtempSync(join(tmpdir(), 'ndes-doctor-bench-'));
try {
  const { probeTargets } = await loadProber(dir);
  const one = await serve(0);
  const base = `http://127.0.0.1:${one.port}/certsrv/mscep/mscep.dll`;
  const [sample] = await probeTargets([base]);
  // curl makes exactly the requests the prober made, in sequence, each on a new connection.
  const urls = sample.exchanges.map((e) =>
    e.request.url.replace(/<padding:(\d+) bytes>/, (_, n) => 'A'.repeat(Number(n))),
  );
  const hasCurl = spawnSync('curl', ['--version']).status === 0;
  // One curl process per request, as a shell script would do it; each bounded, so a hang cannot stall the bench.
  // Child processes run asynchronously: the loopback server lives in this process and must keep answering.
  const run = promisify(execFile);
  const runCurl = async () => {
    for (const u of urls) await run('curl', ['-s', '-o', '/dev/null', '--max-time', '10', u], { timeout: 15_000 });
  };

  const suite = [];
  const curl = [];
  const cli = [];
  for (let i = 0; i < RUNS; i++) {
    suite.push(await time(() => probeTargets([base])));
    if (hasCurl) curl.push(await time(runCurl));
    cli.push(await time(() => run(process.execPath, ['bin/ndes-doctor.js', 'check', '--url', base, '--quiet', '--format', 'json'], { timeout: 60_000 }).catch((e) => e)));
  }
  one.server.close();

  const fleet = await serve(LATENCY_MS);
  const targets = Array.from({ length: FLEET }, (_, i) => `http://127.0.0.1:${fleet.port}/site${i}/certsrv/mscep/mscep.dll`);
  const concurrent = await time(() => probeTargets(targets, { concurrency: 8 }));
  const sequential = await time(() => probeTargets(targets, { concurrency: 1 }));
  fleet.server.close();

  const fmt = (ms) => `${ms.toFixed(1).padStart(8)} ms`;
  console.log(`\nNetwork probes (loopback; median of ${RUNS} runs; ${urls.length} requests per target)\n`);
  console.log(`  probe suite, one target (in process)   ${fmt(median(suite))}`);
  console.log(`  ndes-doctor check --url (whole CLI)    ${fmt(median(cli))}`);
  if (hasCurl) {
    console.log(`  curl, same requests in sequence        ${fmt(median(curl))}  (one curl process per request)`);
    console.log(`  probe suite / curl: ${(median(suite) / median(curl)).toFixed(2)}x   CLI / curl: ${(median(cli) / median(curl)).toFixed(2)}x`);
  } else console.log('  curl not found: comparison skipped');
  console.log(`\n  fleet of ${FLEET} targets, ${LATENCY_MS} ms latency per response`);
  console.log(`    concurrently (8 targets at a time)   ${fmt(concurrent)}`);
  console.log(`    one after another                    ${fmt(sequential)}`);
  console.log(`    speed-up: ${(sequential / concurrent).toFixed(1)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
