// Log parsing throughput and memory (run by `npm run bench`): a generated 100,000-event export and
// a 200 MB IIS log, each in a bundle folder, read and digested as `check --bundle` does (the bundle
// reader's stream, src/collect/bundle.ts, into the log facts' digests, src/facts/logs.ts), against
// `wc -l` reading the same file. Each measurement runs in its own process, so its peak RSS is its
// own; a 50 MB log is measured too, to show that memory does not follow size.
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { once } from 'node:events';
import { build } from 'esbuild';

const RUNS = Number(process.env.BENCH_LOG_RUNS) || 5;
const TARGET_RATIO = 0.3;
const TARGET_RSS_MB = 150;
const MB = 1024 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'ndes-doctor-bench-logs-'));
try {
  // The measuring process: the facts' digest functions, bundled from source.
  const runner = join(dir, 'digest.mjs');
  await build({
    stdin: {
      contents: `
        import { openBundle } from './src/collect/bundle.ts';
        import { digestEvents, digestW3c } from './src/facts/logs.ts';
        import { IIS_FIELDS, IisDigestBuilder } from './src/facts/log-digests.ts';
        import { TextStream } from './src/parse/text-stream.ts';
        const [mode, kind, bundle] = process.argv.slice(2);
        const source = await openBundle(bundle);
        const raw = await source.read(kind === 'events' ? 'logs.connector-operational' : 'logs.iis');
        if (raw.status !== 'stream') throw new Error(\`\${bundle}: \${raw.message ?? raw.status}\`);
        // Timed from the first byte read to the digest, as wc -l is timed reading the file.
        const started = process.hrtime.bigint();
        if (mode === 'read') {
          // The floor: the same chunks read and dropped.
          let n = 0;
          for await (const c of raw.chunks()) n += c.length;
          console.log(JSON.stringify({ ms: Number(process.hrtime.bigint() - started) / 1e6, count: n, rssMb: process.resourceUsage().maxRSS / 1024 }));
          process.exit(0);
        }
        if (mode === 'find') {
          // The least a parser does: the same chunks read, decoded as the event reader decodes them
          // (64 KB at a time; the IIS reader works on bytes), and the start of each record found.
          let n = 0;
          const text = new TextStream();
          for await (const c of raw.chunks()) {
            if (kind === 'events') {
              for (let at = 0; at < c.length; at += 65536) {
                const s = text.push(c.subarray(at, at + 65536));
                for (let i = s.indexOf('<Event'); i >= 0; i = s.indexOf('<Event', i + 6)) n++;
              }
            } else for (let i = c.indexOf(10); i >= 0; i = c.indexOf(10, i + 1)) n++;
          }
          console.log(JSON.stringify({ ms: Number(process.hrtime.bigint() - started) / 1e6, count: n, rssMb: process.resourceUsage().maxRSS / 1024 }));
          process.exit(0);
        }
        const digest = () => (kind === 'events' ? digestEvents('bench', raw.chunks()) : digestW3c(IIS_FIELDS, new IisDigestBuilder(), raw.chunks()));
        let from = started;
        if (mode === 'again') {
          // Not judged: the same digest a second time in this process, its code compiled by V8 in the first; the
          // difference from a first run is what V8's warm-up costs a process reading one log.
          await digest();
          from = process.hrtime.bigint();
        }
        const r = await digest();
        const ms = Number(process.hrtime.bigint() - from) / 1e6;
        if (!r.ok) throw new Error(r.why);
        const count = kind === 'events' ? r.digest.events : r.digest.records;
        console.log(JSON.stringify({ ms, count, rssMb: process.resourceUsage().maxRSS / 1024 }));`,
      resolveDir: process.cwd(),
      sourcefile: 'bench-digest.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    // yauzl is CommonJS and requires Node's built-in modules.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
    outfile: runner,
    logLevel: 'error',
  });


  // Bundle folders as collect writes them: a manifest and the log at its artifact's path.
  const bundle = (name, file) => {
    const root = join(dir, name);
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, 'manifest.json'), JSON.stringify({ bundleVersion: 1, tool: { name: 'ndes-doctor', version: 'bench' }, collectedAt: '2026-11-20T09:00:00Z', host: {}, artifacts: {} }));
    return { root, file: join(root, file) };
  };
  const events = bundle('events', 'logs/events/certificate-connectors-operational.xml');
  await writeEvents(events.file, 100_000);
  const iis200 = bundle('iis-200', 'logs/iis/w3svc.log');
  await writeIis(iis200.file, 200 * MB);
  const iis50 = bundle('iis-50', 'logs/iis/w3svc.log');
  await writeIis(iis50.file, 50 * MB);

  const rows = [
    ['100,000-event export', 'events', events],
    ['200 MB IIS log', 'iis', iis200],
    ['50 MB IIS log', 'iis', iis50],
  ].map(([name, kind, { root, file }]) => ({ name, kind, file, ...measure(kind, root, file) }));

  console.log(`\nLog parsing (median of ${RUNS} runs; ndes-doctor reading the log from a bundle folder and digesting it vs wc -l`);
  console.log(`on the same file; 'node read' reads the same 1 MB chunks and drops them: the most any parser in Node can reach here;`);
  console.log(`'find' also decodes them as the event reader does and finds each record's start, the least any parser does;`);
  console.log(`'2nd pass', not judged, digests the file again in a process that has just digested it: V8 has compiled the`);
  console.log(`parser by then, so the gap to the first pass is the warm-up every run pays)\n`);
  console.log(
    `  ${'input'.padEnd(22)}${'size'.padStart(9)}${'records'.padStart(10)}${'ndes-doctor'.padStart(13)}${'wc -l'.padStart(11)}${'ratio'.padStart(8)}` +
      `${'node read'.padStart(11)}${'ratio'.padStart(8)}${'find'.padStart(11)}${'ratio'.padStart(8)}${'2nd pass'.padStart(11)}${'ratio'.padStart(8)}${'peak RSS'.padStart(11)}`,
  );
  for (const r of rows) {
    console.log(
      `  ${r.name.padEnd(22)}${`${(statSync(r.file).size / MB).toFixed(0)} MB`.padStart(9)}${String(r.count).padStart(10)}` +
        `${`${(r.size / MB / (r.ms / 1000)).toFixed(0)} MB/s`.padStart(13)}${`${(r.size / MB / (r.wcMs / 1000)).toFixed(0)} MB/s`.padStart(11)}` +
        `${`${r.ratio.toFixed(2)}x`.padStart(8)}${`${(r.size / MB / (r.readMs / 1000)).toFixed(0)} MB/s`.padStart(11)}${`${(r.wcMs / r.readMs).toFixed(2)}x`.padStart(8)}` +
        `${`${(r.size / MB / (r.findMs / 1000)).toFixed(0)} MB/s`.padStart(11)}${`${(r.wcMs / r.findMs).toFixed(2)}x`.padStart(8)}` +
        `${`${(r.size / MB / (r.againMs / 1000)).toFixed(0)} MB/s`.padStart(11)}${`${(r.wcMs / r.againMs).toFixed(2)}x`.padStart(8)}` +
        `${`${r.rssMb.toFixed(0)} MB`.padStart(11)}`,
    );
  }
  const main = rows.slice(0, 2);
  const slow = main.filter((r) => r.ratio < TARGET_RATIO);
  const heavy = rows.filter((r) => r.rssMb >= TARGET_RSS_MB);
  console.log(`\n  throughput, goal at least ${TARGET_RATIO}x wc -l: ${slow.length ? `MISSED by ${slow.map((r) => r.name).join(', ')}` : 'OK'}`);
  console.log(`  peak RSS, target under ${TARGET_RSS_MB} MB whatever the size: ${heavy.length ? `TOO HIGH for ${heavy.map((r) => r.name).join(', ')}` : 'OK'}`);
  if (slow.length || heavy.length) process.exitCode = 1;

  function measure(kind, root, file) {
    const size = statSync(file).size;
    const times = [];
    const wc = [];
    const reads = [];
    const finds = [];
    const agains = [];
    let last;
    // Interleaved, so that load from other processes falls on both alike.
    spawnSync('wc', ['-l', file]);
    for (let i = 0; i < RUNS; i++) {
      const started = process.hrtime.bigint();
      const w = spawnSync('wc', ['-l', file]);
      wc.push(Number(process.hrtime.bigint() - started) / 1e6);
      if (w.status !== 0) throw new Error(`wc -l failed: ${w.stderr}`);
      const read = spawnSync(process.execPath, [runner, 'read', kind, root], { encoding: 'utf8' });
      if (read.status !== 0) throw new Error(`reading ${file} failed: ${read.stderr}`);
      reads.push(JSON.parse(read.stdout).ms);
      const find = spawnSync(process.execPath, [runner, 'find', kind, root], { encoding: 'utf8' });
      if (find.status !== 0) throw new Error(`finding the records of ${file} failed: ${find.stderr}`);
      finds.push(JSON.parse(find.stdout).ms);
      const r = spawnSync(process.execPath, [runner, 'digest', kind, root], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`digest of ${file} failed: ${r.stderr}`);
      last = JSON.parse(r.stdout);
      times.push(last.ms);
      const again = spawnSync(process.execPath, [runner, 'again', kind, root], { encoding: 'utf8' });
      if (again.status !== 0) throw new Error(`second digest of ${file} failed: ${again.stderr}`);
      agains.push(JSON.parse(again.stdout).ms);
    }
    const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
    const ms = med(times);
    const wcMs = med(wc);
    return { size, ms, wcMs, readMs: med(reads), findMs: med(finds), againMs: med(agains), ratio: wcMs / ms, count: last.count, rssMb: last.rssMb };
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** A Certificate Connector Operational export as wevtutil /uni:true writes it: UTF-16LE, one event per line, newest first. */
async function writeEvents(path, count) {
  const out = createWriteStream(path);
  const ids = [4003, 4004, 4006, 4008];
  let t = Date.parse('2026-11-20T09:00:00Z');
  for (let i = 0; i < count; i++) {
    const id = ids[i % 4];
    const failed = i % 997 === 0;
    t -= 1500;
    const data = failed
      ? "<Data Name='DeviceId'>9d1c0e2a-4b3f-4e6d-8a7b-2c1d0e9f8a7b</Data><Data Name='ErrorMessage'>Request denied due to expired certificate challenge. 0x00000411</Data>"
      : `<Data Name='DeviceId'>9d1c0e2a-4b3f-4e6d-8a7b-${String(i).padStart(12, '0')}</Data><Data Name='PolicyId'>b6f3c7f2-1c1e-4e57-9f7a-0d2f3e4a5b6c</Data><Data Name='TemplateName'>IntuneSCEP</Data>`;
    const xml =
      `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Intune-CertificateConnectors' Guid='{6b9a5d1e-4c3b-4f0a-9a43-2f5c1b7d8e21}'/>` +
      `<EventID>${failed ? 4005 : id}</EventID><Version>0</Version><Level>${failed ? 2 : 4}</Level><Task>0</Task><Opcode>0</Opcode><Keywords>0x4000000000000000</Keywords>` +
      `<TimeCreated SystemTime='${new Date(t).toISOString().replace('Z', '0000Z')}'/><EventRecordID>${count - i}</EventRecordID><Correlation/>` +
      `<Execution ProcessID='4321' ThreadID='1234'/><Channel>Microsoft-Intune-CertificateConnectors/Operational</Channel><Computer>NDES01.contoso.com</Computer>` +
      `<Security UserID='S-1-5-18'/></System><EventData>${data}</EventData></Event>\r\n`;
    if (!out.write(Buffer.from(xml, 'utf16le'))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/**
 * An NDES site's W3C log: per enrollment GetCACaps and GetCACert (short lines) and a GET
 * PKIOperation carrying a ~3 KB URL-encoded message, from Windows, Apple and Android clients (401
 * user agents), with a new header block each day as IIS writes it.
 */
async function writeIis(path, bytes) {
  const out = createWriteStream(path);
  // Devices name their model and OS version: a real estate's log holds hundreds of user agents.
  const apple = Array.from({ length: 150 }, (_, i) => `profiled/1.0+CFNetwork/${1400 + i}.0.7+Darwin/${20 + (i % 5)}.${i % 7}.0`);
  const android = Array.from({ length: 250 }, (_, i) => `Dalvik/2.1.0+(Linux;+U;+Android+${10 + (i % 5)};+SM-S${900 + i}B+Build/UP1A.${231005 + i}.007)`);
  const userAgent = (i) =>
    i % 3 === 0 ? 'Mozilla/4.0+(compatible;+Win32;+NDES+client)' : i % 3 === 1 ? apple[(i * 7919) % apple.length] : android[(i * 7919) % android.length];
  const message = encodeURIComponent(Buffer.alloc(2300, 0x5c).toString('base64'));
  const header = (t) =>
    `#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: ${w3c(t)}\r\n` +
    '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n';
  const w3c = (t) => new Date(t).toISOString().replace('T', ' ').slice(0, 19);
  let t = Date.parse('2026-11-13T00:00:00Z');
  let day = -1;
  let written = 0;
  for (let i = 0; written < bytes; i++) {
    const d = Math.floor(t / 86_400_000);
    let chunk = '';
    if (d !== day) {
      day = d;
      chunk += header(t);
    }
    const agent = userAgent(i);
    const client = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    chunk +=
      `${w3c(t)} 10.0.0.5 GET /certsrv/mscep/mscep.dll/pkiclient.exe operation=GetCACaps&message=default 443 - ${client} ${agent} - 200 0 0 15\r\n` +
      `${w3c(t + 800)} 10.0.0.5 GET /certsrv/mscep/mscep.dll/pkiclient.exe operation=GetCACert&message=default 443 - ${client} ${agent} - 200 0 0 31\r\n` +
      `${w3c(t + 1600)} 10.0.0.5 GET /certsrv/mscep/mscep.dll/pkiclient.exe operation=PKIOperation&message=${message} 443 - ${client} ${agent} - ${i % 500 ? 200 : 500} 0 0 ${1200 + (i % 900)}\r\n`;
    t += 9000;
    written += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

