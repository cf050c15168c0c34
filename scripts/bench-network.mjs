// Network probe timings of the built CLI, run as users run it: a child process per run, over TLS, against
// a loopback nginx that answers like NDES (called by scripts/bench.mjs; also runs alone after "npm run build").
// 1. `check --url` on one endpoint against curl making exactly the same requests, one curl process each.
// 2. `check --targets` on 200 endpoints against the same 200 probed one after another, one `check --url`
//    each (a sample, extrapolated), with the fleet's peak RSS.
// Every figure is a ratio against its floor measured in this run; exits 1 when a target is missed.
// Everything listens on 127.0.0.1 only; the certificates are made by the openssl CLI.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

const RUNS = Number(process.env.BENCH_NET_RUNS) || 5;
const FLEET = Number(process.env.BENCH_FLEET) || 200;
/** Targets probed one by one for the sequential floor; the rest is extrapolated from their mean. */
const SAMPLE = Math.min(FLEET, Number(process.env.BENCH_FLEET_SAMPLE) || 20);
const FLEET_RUNS = Number(process.env.BENCH_FLEET_RUNS) || 3;
const TARGET = { cliOverCurl: 1, fleetSpeedUp: 20, fleetRssMb: 250 };
const NGINX = '/usr/sbin/nginx';
const DOMAIN = 'bench.test';
const MB = 1024 * 1024;
const RSS_HOOK = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\nmaxrss='+process.resourceUsage().maxRSS*1024+'\\n'))`;

const missing = [
  [existsSync(NGINX), 'nginx (apt install nginx)'],
  [spawnSync('curl', ['--version']).status === 0, 'curl'],
  [spawnSync('openssl', ['version']).status === 0, 'openssl'],
  [existsSync('dist/ndes-doctor.cjs'), 'the build (npm run build)'],
].filter(([ok]) => !ok);

const dir = missing.length ? '' : mkdtempSync(join(tmpdir(), 'ndes-doctor-bench-net-'));
const file = (name) => join(dir, name);
const openssl = (args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });

/** A private root and a wildcard server certificate under it: trusted only through --ca-file, as an enterprise CA is. */
function makePki() {
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/O=Bench/CN=Bench Enterprise Root',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  writeFileSync(file('leaf.ext'), `subjectAltName=DNS:*.${DOMAIN}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n`);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', `/CN=*.${DOMAIN}`]);
  openssl(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.pem', '-days', '2', '-extfile', 'leaf.ext']);
}

/** The GetCACert and GetCACaps answers of the healthy example, so nginx answers as NDES does. */
function writeAnswers() {
  const recorded = JSON.parse(readFileSync('examples/healthy/network/probes.json', 'utf8')).targets[0].exchanges;
  const body = (purpose) => Buffer.from(recorded.find((e) => e.purpose === purpose).response.bodyBase64, 'base64');
  mkdirSync(file('www'));
  writeFileSync(file('www/caps'), body('getcacaps'));
  writeFileSync(file('www/cacert'), body('getcacert'));
}

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * nginx with TLS 1.2/1.3 as NDES on IIS is usually set up, under any path prefix (the fleet's 200 sites).
 * Request lines over 32 KB get 414, where Microsoft's documented HTTP.sys settings put the limit,
 * so the long-URL search runs as it does against a stock NDES.
 */
async function startNginx() {
  const port = await freePort();
  for (const d of ['tmp', 'logs']) mkdirSync(file(d));
  writeFileSync(file('nginx.conf'), `
daemon off;
user ${userInfo().username};
worker_processes 2;
pid ${file('nginx.pid')};
error_log ${file('logs/error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${file('tmp')};
  proxy_temp_path ${file('tmp')};
  fastcgi_temp_path ${file('tmp')};
  uwsgi_temp_path ${file('tmp')};
  scgi_temp_path ${file('tmp')};
  large_client_header_buffers 4 32k;
  server {
    listen 127.0.0.1:${port} ssl;
    ssl_certificate ${file('leaf.pem')};
    ssl_certificate_key ${file('leaf.key')};
    ssl_protocols TLSv1.2 TLSv1.3;
    location ~ /mscep/mscep\\.dll$ {
      if ($arg_operation = GetCACaps) { rewrite ^ /answers/caps last; }
      if ($arg_operation = GetCACert) { rewrite ^ /answers/cacert last; }
      default_type text/html;
      return 403 "403 - Forbidden: Access is denied.";
    }
    location ~ /mscep_admin/$ { return 401; }
    location = /answers/caps { internal; default_type text/plain; alias ${file('www/caps')}; }
    location = /answers/cacert { internal; default_type application/x-x509-ca-ra-cert; alias ${file('www/cacert')}; }
    location / { return 404; }
  }
}
`);
  const child = spawn(NGINX, ['-p', dir, '-e', file('logs/error.log'), '-c', file('nginx.conf')], { stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${readFileSync(file('logs/error.log'), 'utf8')}`);
    const up = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (up) return { port, stop: () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))) };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error('nginx did not start');
}

/** The built CLI as users run it, with its peak RSS. */
function cli(args) {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', RSS_HOOK, 'bin/ndes-doctor.js', ...args], { encoding: 'utf8', maxBuffer: 256 * MB, timeout: 600_000 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.error) throw r.error;
  let report;
  try {
    report = JSON.parse(r.stdout);
  } catch {
    throw new Error(`check ${args.join(' ')} wrote no JSON report (exit ${r.status}): ${r.stderr.slice(0, 2000)}`);
  }
  return { ms, rss: Number(/maxrss=(\d+)/.exec(r.stderr)?.[1]), report };
}

/**
 * The curl commands making exactly the handshakes and requests one probe makes, read from its recording:
 * one TLS handshake per protocol version, one more for the chain when TLS 1.3's did not stand for it,
 * then every HTTP exchange as recorded, the long-URL padding written out. The probe sends its mscep.dll
 * request on the main handshake when that one verified, and its mscep_admin request on the TLS 1.2 one,
 * so curl sends those two pinned to that version instead of a handshake of their own; curl cannot stop
 * after a handshake, so each handshake that carries no request is a HEAD.
 */
function curlCommands(target, resolve) {
  const base = ['-s', '-o', '/dev/null', '--max-time', '10', '--cacert', file('ca.pem'), '--resolve', resolve, '-A', 'ndes-doctor'];
  const flag = { TLSv1: '1.0', 'TLSv1.1': '1.1', 'TLSv1.2': '1.2', 'TLSv1.3': '1.3' };
  const pinned = (v) => [`--tlsv${flag[v]}`, '--tls-max', flag[v], ...(v === 'TLSv1' || v === 'TLSv1.1' ? ['--ciphers', 'DEFAULT@SECLEVEL=0'] : [])];
  const commands = [];
  /** purpose -> the curl options of the probe handshake that request rides on */
  const carried = new Map();
  if (target.tls) {
    const { versions, handshake } = target.tls;
    const mainIs13 = versions['TLSv1.3'].accepted;
    if (handshake?.authorized) carried.set('mscep', mainIs13 ? pinned('TLSv1.3') : []);
    if (versions['TLSv1.2'].accepted) carried.set('mscep-admin', pinned('TLSv1.2'));
    for (const v of Object.keys(versions)) {
      const rides = (v === 'TLSv1.3' && mainIs13 && carried.has('mscep')) || (v === 'TLSv1.2' && carried.has('mscep-admin'));
      if (!rides) commands.push({ what: `TLS handshake pinned to ${v}`, args: [...base, '-k', '-I', ...pinned(v), target.url] });
    }
    if (!mainIs13 && !carried.has('mscep')) commands.push({ what: 'TLS handshake (chain and trust)', args: [...base, '-k', '-I', target.url] });
  }
  for (const e of target.exchanges) {
    const url = e.request.url.replace(/<padding:(\d+) bytes>/, (_, n) => 'A'.repeat(Number(n)));
    const size = e.request.requestTargetBytes ? ` (${e.request.requestTargetBytes} bytes)` : '';
    const on = carried.get(e.purpose);
    carried.delete(e.purpose);
    const rides = on ? `, on the TLS probe's ${on.length ? `TLS ${on[2]} ` : 'main '}handshake` : '';
    commands.push({ what: `${e.request.method} ${e.purpose}${size}${rides}`, args: [...base, ...(on ?? []), ...(e.request.certificateVerified === false ? ['-k'] : []), url] });
  }
  return commands;
}

function timeCurl(commands) {
  const started = process.hrtime.bigint();
  for (const c of commands) spawnSync('curl', c.args, { stdio: 'ignore', timeout: 15_000 });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(0).padStart(7)} ms`;
const mb = (bytes) => `${(bytes / MB).toFixed(0).padStart(4)} MB`;
const statusOf = (report) => report.results.map((r) => `${r.id}:${r.status}`).sort().join(' ');

let ok = true;
const verdict = (pass) => {
  ok &&= pass;
  return pass ? 'OK' : 'MISSED';
};

if (missing.length) {
  console.error(`bench-network: needs ${missing.map(([, what]) => what).join(', ')}; the network figures were not measured.`);
  process.exitCode = 3;
} else await measure();

async function measure() {
  let nginx;
  try {
    makePki();
    writeAnswers();
    nginx = await startNginx();
    const host = (i) => `ndes${i}.${DOMAIN}`;
    const url = (i) => `https://${host(i)}:${nginx.port}/site${i}/certsrv/mscep/mscep.dll`;
    const common = ['--ca-file', file('ca.pem'), '--format', 'json', '--quiet', '--exit-zero'];
    const checkOne = (i) => ['check', '--url', url(i), '--resolve', `${host(i)}=127.0.0.1`, ...common];

    // 1. One endpoint: the CLI against curl making the requests this very probe made.
    const sample = cli([...checkOne(0), '--save-bundle', file('sample')]);
    const recording = JSON.parse(readFileSync(file('sample/network/probes.json'), 'utf8')).targets[0];
    const commands = curlCommands(recording, `${host(0)}:${nginx.port}:127.0.0.1`);
    const cliRuns = [];
    const curlRuns = [];
    const rss = [sample.rss];
    for (let i = 0; i < RUNS; i++) {
      const r = cli(checkOne(0));
      if (statusOf(r.report) !== statusOf(sample.report)) throw new Error(`findings changed between runs:\n${statusOf(sample.report)}\n${statusOf(r.report)}`);
      cliRuns.push(r.ms);
      rss.push(r.rss);
      curlRuns.push(timeCurl(commands));
    }
    const single = median(cliRuns) / median(curlRuns);

    // 2. The fleet: one `check --targets` against the same endpoints one `check --url` after another.
    const targetsFile = file('targets.txt');
    writeFileSync(targetsFile, Array.from({ length: FLEET }, (_, i) => url(i)).join('\n') + '\n');
    const resolveAll = Array.from({ length: FLEET }, (_, i) => ['--resolve', `${host(i)}=127.0.0.1`]).flat();
    // Measured FLEET_RUNS times, in turn with the sequential sample, and the median taken: on a small machine one run
    // alone swings by a fifth either way.
    const fleets = [];
    let sampled = 0;
    const step = FLEET / SAMPLE;
    for (let run = 0; run < FLEET_RUNS; run++) {
      const f = cli(['check', '--targets', targetsFile, ...resolveAll, ...common]);
      const probed = new Set(f.report.results.map((r) => r.target).filter(Boolean)).size;
      if (probed !== FLEET) throw new Error(`the fleet report covers ${probed} of ${FLEET} targets`);
      fleets.push(f);
      for (let k = run; k < SAMPLE; k += FLEET_RUNS) sampled += cli(checkOne(Math.floor(k * step))).ms;
    }
    const fleet = { ms: median(fleets.map((f) => f.ms)), rss: Math.max(...fleets.map((f) => f.rss)) };
    const sequential = (sampled / SAMPLE) * FLEET;
    const speedUp = sequential / fleet.ms;

    console.log(`\nNetwork probes: built CLI in a child process, TLS to a loopback nginx, --ca-file with a private root (median of ${RUNS} runs)\n`);
    console.log(`  one endpoint: ${commands.length} handshakes and requests; curl makes the same ones, one process each, trusting only the private root:`);
    for (const c of commands) console.log(`    curl  ${c.what}`);
    console.log(`  check --url                            ${fmt(median(cliRuns))}  peak RSS ${mb(Math.max(...rss))}`);
    console.log(`  curl, same requests in sequence        ${fmt(median(curlRuns))}`);
    console.log(`  check --url / curl: ${single.toFixed(2)}x (target at most ${TARGET.cliOverCurl}x) ${verdict(single <= TARGET.cliOverCurl)}`);
    console.log(`\n  fleet of ${FLEET} endpoints (${recording.exchanges.length} requests and ${commands.length - recording.exchanges.length} handshakes without a request each)`);
    console.log(`  check --targets, all ${FLEET}                ${fmt(fleet.ms)}  peak RSS ${mb(fleet.rss)}  (median of ${FLEET_RUNS} runs)`);
    console.log(`  check --url one after another          ${fmt(sequential)}  (${SAMPLE} of ${FLEET} run, extrapolated)`);
    console.log(`  speed-up: ${speedUp.toFixed(1)}x (target at least ${TARGET.fleetSpeedUp}x) ${verdict(speedUp >= TARGET.fleetSpeedUp)}`);
    console.log(`  fleet peak RSS: ${(fleet.rss / MB).toFixed(0)} MB (target under ${TARGET.fleetRssMb} MB) ${verdict(fleet.rss < TARGET.fleetRssMb * MB)}`);
  } finally {
    await nginx?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  if (!ok) process.exitCode = 1;
}
