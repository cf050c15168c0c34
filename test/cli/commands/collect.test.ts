/**
 * The bundle `collect` writes, built from the example bundles as if just collected (collect itself
 * runs only on Windows; test/windows runs it under Wine): one zip with the artifacts, the probe
 * recordings and the report of a check of the same data, which `check --bundle` reproduces anywhere.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAttachment, collectSummary, defaultName, type Attachment } from '../../../src/cli/commands/collect.js';
import { writeBundle } from '../../../src/collect/bundle.js';
import { parseManifest, type Manifest } from '../../../src/collect/manifest.js';
import type { Report } from '../../../src/report/model.js';

const exec = promisify(execFile);
const planted: { secrets: Record<string, string>; names: Record<string, string> } = JSON.parse(readFileSync('test/fixtures/redaction/planted.json', 'utf8'));
/** Names of the example server and its domain, besides the planted ones. */
const EXAMPLE_NAMES = ['contoso', 'NDES02', 'NDES01', 'svc-ndes', 'ndes-old'];

function readFolder(dir: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(path.slice(dir.length + 1).split('\\').join('/'), new Uint8Array(readFileSync(path)));
  }
  return files;
}

/** examples/broken as collect gathers it, with the planted files laid over it. */
function collected(overlay = true): { manifest: Manifest; files: Map<string, Uint8Array> } {
  const files = readFolder('examples/broken');
  if (overlay) for (const [name, bytes] of readFolder('test/fixtures/redaction/planted')) files.set(name, bytes);
  const manifest = parseManifest(new TextDecoder().decode(files.get('manifest.json')!), 'examples/broken');
  files.delete('manifest.json');
  return { manifest, files };
}

let dir: string;

async function attach(name: string, opts: { redact: boolean; hosts: boolean; users: boolean }, overlay = true): Promise<{ zip: string; attachment: Attachment }> {
  const { manifest, files } = collected(overlay);
  const zip = join(dir, name);
  const attachment = await buildAttachment(manifest, files, { ...opts, argv: ['collect'], origin: name, startedAt: new Date() });
  await writeBundle(zip, attachment.manifest, attachment.files);
  return { zip, attachment };
}

/** Every member of a zip, inflated, read with yauzl (fflate wrote it). */
function unzip(path: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const members = new Map<string, Buffer>();
    yauzl.open(path, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      zip.on('entry', (entry: yauzl.Entry) =>
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            members.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        }),
      );
      zip.on('end', () => resolve(members));
      zip.readEntry();
    });
  });
}

/**
 * Each way a value can sit in a member: as bytes (ASCII, UTF-8, an OEM code page), as UTF-16LE at either
 * byte offset, base64-encoded (certificates, response bodies), or as the hex data of a registry export.
 */
function views(bytes: Buffer): string {
  const latin1 = bytes.toString('latin1');
  const out = [latin1, bytes.toString('utf16le'), bytes.subarray(1).toString('utf16le')];
  const text = bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.subarray(2).toString('utf16le') : latin1;
  for (const m of text.matchAll(/(?:[A-Za-z0-9+]|\\?\/){40,}={0,2}/g)) {
    const raw = Buffer.from(m[0].replace(/\\\//g, '/'), 'base64');
    out.push(raw.toString('latin1'), raw.toString('utf16le'), raw.length % 2 === 0 ? Buffer.from(raw).swap16().toString('utf16le') : '');
  }
  for (const m of text.matchAll(/=hex(?:\([0-9a-f]+\))?:([0-9a-f,\s\\]+)/gi)) {
    const raw = Buffer.from(m[1]!.replace(/[^0-9a-f]/gi, ''), 'hex');
    out.push(raw.toString('utf16le'), raw.toString('latin1'));
  }
  return out.join('\n').toLowerCase();
}

/** Which of the values appear in which members. */
async function found(zip: string, values: readonly string[]): Promise<string[]> {
  const hits: string[] = [];
  for (const [name, bytes] of await unzip(zip)) {
    const all = views(bytes);
    for (const v of values) if (all.includes(v.toLowerCase())) hits.push(`${v} in ${name}`);
  }
  return hits;
}

/** A report without what differs from run to run: when it ran, how long, its command line and the path it was given. */
function comparable(report: Report) {
  const { startedAt: _s, durationMs: _d, argv: _a, ...run } = report.run;
  const { bundle: _b, ...environment } = report.environment;
  return { ...report, run, environment, results: report.results.map(({ durationMs: _r, ...r }) => r) };
}

async function checkOf(zip: string, ...flags: string[]): Promise<Report> {
  const out = join(dir, `${zip.split('/').pop()}.check.json`);
  await exec(process.execPath, ['bin/ndes-doctor.js', 'check', '--bundle', zip, '-o', `json=${out}`, '--force', '--quiet', '-f', 'nagios', ...flags]).catch((e: { code?: number }) => {
    if (e.code !== 2 && e.code !== 1) throw e;
  });
  return JSON.parse(readFileSync(out, 'utf8')) as Report;
}

beforeAll(() => {
  if (!existsSync('dist/ndes-doctor.cjs')) throw new Error('dist/ndes-doctor.cjs is missing: run "npm run build" first.');
  dir = mkdtempSync(join(tmpdir(), 'ndes-doctor-collect-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the bundle collect writes', () => {
  let plain: { zip: string; attachment: Attachment };
  let named: { zip: string; attachment: Attachment };
  let unredacted: { zip: string; attachment: Attachment };

  beforeAll(async () => {
    [plain, named, unredacted] = await Promise.all([
      attach('plain.zip', { redact: true, hosts: false, users: false }),
      attach('named.zip', { redact: true, hosts: true, users: true }),
      attach('unredacted.zip', { redact: false, hosts: false, users: false }),
    ]);
  }, 60_000);

  it('is one zip with the raw artifacts, the probe recordings, the manifest and the report in json and html', async () => {
    const members = await unzip(plain.zip);
    for (const name of ['manifest.json', 'report.json', 'report.html', 'network/probes.json', 'registry/http-parameters.reg', 'iis/applicationHost.config', 'certs/localmachine-my.json']) {
      expect(members.has(name), name).toBe(true);
    }
    // The registry export is still the UTF-16LE file reg.exe wrote.
    expect([...members.get('registry/http-parameters.reg')!.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const report = JSON.parse(members.get('report.json')!.toString('utf8')) as Report;
    expect(report).toMatchObject({ run: { mode: 'bundle', evaluatedAt: '2026-11-20T09:14:02.000Z' }, environment: { host: 'NDES02', bundle: 'plain.zip' } });
    const html = members.get('report.html')!.toString('utf8');
    const embedded = /<script type="application\/json" id="ndes-doctor-report">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(embedded)).toEqual(report);
  });

  it('holds the report check --bundle gives for the zip on this machine, except when and how long it ran', async () => {
    const inside = JSON.parse((await unzip(plain.zip)).get('report.json')!.toString('utf8')) as Report;
    expect(inside.summary.status).toBe('critical');
    expect(comparable(await checkOf(plain.zip))).toEqual(comparable(inside));
    const pseudonymised = JSON.parse((await unzip(named.zip)).get('report.json')!.toString('utf8')) as Report;
    expect(comparable(await checkOf(named.zip, '--redact-hosts', '--redact-users'))).toEqual(comparable(pseudonymised));
  }, 60_000);

  it('masks the planted secrets by default, in every member and every encoding, and keeps names', async () => {
    expect(await found(plain.zip, Object.values(planted.secrets))).toEqual([]);
    expect(await found(plain.zip, [planted.names.fqdn!])).not.toEqual([]);
    expect(plain.attachment.manifest.redaction).toMatchObject({
      applied: true,
      rules: ['config-password', 'scep-message', 'registry-secret', 'private-key', 'url-credentials'],
      counts: { 'config-password': 1, 'scep-message': 1, 'registry-secret': 2, 'private-key': 1, 'url-credentials': 1 },
    });
  });

  it('with --redact-hosts and --redact-users leaves no planted secret and no host, domain or account name anywhere', async () => {
    const names = [...Object.values(planted.names), ...EXAMPLE_NAMES];
    expect(await found(named.zip, [...Object.values(planted.secrets), ...names])).toEqual([]);
    // The same scan finds every one of them in the bundle written with --no-redact, so finding none above means something.
    const present = await found(unredacted.zip, [...Object.values(planted.secrets), ...names]);
    for (const v of [...Object.values(planted.secrets), ...names]) expect(present.some((h) => h.startsWith(`${v} in `)), v).toBe(true);
    expect(unredacted.attachment.manifest.redaction).toEqual({ applied: false, rules: [], masked: 0 });
  });

  it('records which rules ran and how many values each replaced, and re-issues the certificates whose names changed', () => {
    const r = named.attachment.manifest.redaction!;
    expect(r.rules).toEqual(['config-password', 'scep-message', 'registry-secret', 'private-key', 'url-credentials', 'hosts', 'users', 'certificates']);
    expect(r.counts!.hosts).toBeGreaterThan(100);
    expect(r.counts!.users).toBeGreaterThan(5);
    expect(r.counts!.certificates).toBe(8);
    expect(r.masked).toBe(Object.entries(r.counts!).filter(([k]) => k !== 'certificates').reduce((n, [, c]) => n + c, 0));
    expect(named.attachment.manifest.host.name).toBe('host-1');
    expect(named.attachment.report.runWarnings.at(-1)).toMatch(/^The bundle was collected with --redact-hosts and --redact-users: .* 8 certificate\(s\) were re-issued/);
  });

  it('says where the zip is, what it holds, the verdict and what was redacted', async () => {
    const text = await collectSummary(named.zip, named.attachment);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^Wrote ${named.zip.replace(/[.\\/]/g, '\\$&')} \\(\\d+(\\.\\d)? KB\\), the support bundle to attach to a ticket\\. It holds:$`));
    expect(text).toMatch(/ {2}- 44 raw artifacts of this server as Windows wrote them \(.*registry 13.*\); 2 could not be collected \(manifest\.json says why\)/);
    expect(text).toContain('  - the recorded probes of https://host-');
    expect(text).toContain('  - report.html and report.json: a check of exactly this data, CRITICAL (exit 2): 33 fail, 0 error, 18 warn, 31 pass, 16 skip');
    expect(text).toMatch(/Redacted: secrets masked \(config-password 1, scep-message 1, registry-secret 2, private-key 1, url-credentials 1\); host and domain names replaced by pseudonyms \(\d+\); account names replaced by pseudonyms \(\d+\); 8 certificate\(s\) re-issued/);
    expect(lines.at(-2)).toBe('Open report.html from it to read the findings; "ndes-doctor check --bundle named.zip" analyses it again on any machine.');
    expect(await collectSummary(unredacted.zip, unredacted.attachment)).toContain('Not redacted (--no-redact)');
  });

  it('shows the probed URLs and why nothing was probed with control characters escaped, as they come from the server', async () => {
    const a = named.attachment;
    const files = new Map(a.files);
    files.set('network/probes.json', new TextEncoder().encode(JSON.stringify({ targets: [{ url: 'https://ndes\u001b]52;c;cGF5bG9hZA==\u0007.contoso.com/' }] })));
    const probed = await collectSummary(named.zip, { ...a, files });
    expect(probed).toContain('  - the recorded probes of https://ndes\\x1b]52;c;cGF5bG9hZA==\\x07.contoso.com/, as a device sees it');
    expect(probed).not.toMatch(/[\u001b\u0007]/);
    files.delete('network/probes.json');
    const artifacts = { ...a.manifest.artifacts, 'network.probes': { ...a.manifest.artifacts['network.probes']!, message: 'no answer from \u001b[31mndes\r' } };
    const unprobed = await collectSummary(named.zip, { ...a, files, manifest: { ...a.manifest, artifacts } });
    expect(unprobed).toContain('  - no probe recordings: no answer from \\x1b[31mndes\\x0d\n');
  });

  it('comes to the same verdict on every check with the names replaced, and gives the same name the same token everywhere', () => {
    const statuses = (a: Attachment) => a.report.results.map((r) => `${r.id} ${r.status}`);
    expect(statuses(named.attachment)).toEqual(statuses(unredacted.attachment));
    const byId = (a: Attachment, id: string) => a.report.results.find((r) => r.id === id)!;
    expect(byId(unredacted.attachment, 'NDES-ACCT-001').message).toBe('The SCEP pool runs as CONTOSO\\svc-ndes.');
    expect(byId(named.attachment, 'NDES-ACCT-001').message).toBe('The SCEP pool runs as DOMAIN-1\\user-1.');
    expect(byId(named.attachment, 'NDES-ACCT-005').message).toMatch(/^The SCEP pool account DOMAIN-1\\user-1 is locked out\./);
    // The signing RA certificate names the server (NDES02-MSCEP-RA): re-issued, it names host-1 as the manifest does.
    expect(byId(named.attachment, 'NDES-NET-003').message).toContain('"CN=host-1-MSCEP-RA, O=DOMAIN-1,');
    const targets = new Set(named.attachment.report.results.flatMap((r) => (r.target ? [r.target] : [])));
    expect([...targets]).toEqual([expect.stringMatching(/^https:\/\/host-\d+\.domain-1\.example\/certsrv\/mscep\/mscep\.dll$/)]);
  });
});

describe('collect options', () => {
  it('names the zip after the server and the UTC time', () => {
    expect(defaultName('NDES01', new Date('2026-11-20T09:14:02.123Z'))).toBe('ndes-doctor-NDES01-20261120T091402Z.zip');
    expect(defaultName('host-1', new Date('2026-01-02T03:04:05Z'))).toBe('ndes-doctor-host-1-20260102T030405Z.zip');
  });

  it('refuses pseudonyms without redaction, before anything is collected', async () => {
    const r = await exec(process.execPath, ['bin/ndes-doctor.js', 'collect', '--no-redact', '--redact-users']).catch((e: { code: number; stderr: string }) => e);
    expect(r).toMatchObject({ code: 3, stderr: expect.stringContaining('--redact-users cannot be combined with --no-redact.') });
  });
});
