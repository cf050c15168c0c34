import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleSource, openBundle, writeBundle } from '../../src/collect/bundle.js';
import { ArtifactReadError, BUNDLE_VERSION, BundleError, type Manifest } from '../../src/collect/manifest.js';

const tmp = mkdtempSync(join(tmpdir(), 'ndes-doctor-bundle-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let seq = 0;
const fresh = (name: string) => join(tmp, `${++seq}-${name}`);

const HTTP_REG = new Uint8Array(readFileSync(new URL('../fixtures/registry/http-parameters.reg', import.meta.url)));
const manifest = (over: Partial<Manifest> = {}): Manifest => ({
  bundleVersion: BUNDLE_VERSION,
  tool: { name: 'ndes-doctor', version: '0.1.0' },
  collectedAt: '2026-11-20T09:14:02.000Z',
  host: { name: 'NDES01', oemCodePage: 850, elevated: true },
  artifacts: {},
  ...over,
});
const json = (m: unknown) => new TextEncoder().encode(JSON.stringify(m));

function writeFolder(files: Record<string, Uint8Array | string>): string {
  const dir = fresh('folder');
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(join(dir, ...name.split('/').slice(0, -1)), { recursive: true });
    writeFileSync(join(dir, ...name.split('/')), data);
  }
  return dir;
}
function writeZip(files: Record<string, Uint8Array>): string {
  const file = fresh('bundle.zip');
  writeFileSync(file, zipSync(files));
  return file;
}
/** A zip written by Python's zipfile (another implementation than the reader), entries in order: it writes a name twice when asked. */
function pythonZip(entries: [name: string, data: Uint8Array | string, method?: 'stored' | 'deflated'][]): Buffer {
  const file = fresh('python.zip');
  const script = [
    'import base64, json, sys, warnings, zipfile',
    "warnings.simplefilter('ignore')",
    "with zipfile.ZipFile(sys.argv[1], 'w') as z:",
    '    for name, data, method in json.load(sys.stdin):',
    "        z.writestr(name, base64.b64decode(data), zipfile.ZIP_STORED if method == 'stored' else zipfile.ZIP_DEFLATED)",
  ].join('\n');
  const input = JSON.stringify(entries.map(([name, data, method]) => [name, Buffer.from(data).toString('base64'), method ?? 'deflated']));
  execFileSync('python3', ['-c', script, file], { input });
  return readFileSync(file);
}
function saveZip(bytes: Buffer): string {
  const file = fresh('patched.zip');
  writeFileSync(file, bytes);
  return file;
}
/** Where the central directory header and the local header of the first entry of that name start. */
const headersOf = (zip: Buffer, name: string) => ({
  local: zip.lastIndexOf(Buffer.from('PK\x03\x04', 'binary'), zip.indexOf(Buffer.from(name))),
  central: zip.lastIndexOf(Buffer.from('PK\x01\x02', 'binary'), zip.lastIndexOf(Buffer.from(name))),
});

async function bundleError(path: string): Promise<string> {
  const err = await openBundle(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BundleError);
  return (err as Error).message;
}

describe('openBundle', () => {
  it('reads a folder bundle: manifest, artifact bytes as stored, and the OEM code page', async () => {
    const dir = writeFolder({ 'manifest.json': json(manifest()), 'registry/http-parameters.reg': HTTP_REG });
    const source = await openBundle(dir);
    expect(source.manifest.host.name).toBe('NDES01');
    expect(source.origin).toBe(dir);
    const raw = await source.read('registry.http-parameters');
    expect(raw).toMatchObject({ status: 'ok', file: 'registry/http-parameters.reg', codePage: 850 });
    expect(raw.status === 'ok' && Buffer.from(raw.bytes).equals(Buffer.from(HTTP_REG))).toBe(true);
  });

  it('reads a zip bundle', async () => {
    const zip = writeZip({ 'manifest.json': json(manifest()), 'registry/http-parameters.reg': HTTP_REG });
    const raw = await (await openBundle(zip)).read('registry.http-parameters');
    expect(raw).toMatchObject({ status: 'ok', file: 'registry/http-parameters.reg' });
  });

  it('reads a zip whose entries sit under one top folder', async () => {
    const zip = writeZip({
      'ndes-bundle/': new Uint8Array(),
      'ndes-bundle/manifest.json': json(manifest()),
      'ndes-bundle/registry/http-parameters.reg': HTTP_REG,
    });
    const source = await openBundle(zip);
    expect(source.manifest.host.name).toBe('NDES01');
    expect(await source.read('registry.http-parameters')).toMatchObject({ status: 'ok', file: 'registry/http-parameters.reg' });
  });

  it('reads a zip written with backslash separators (Compress-Archive on Windows PowerShell 5.1)', async () => {
    const zip = writeZip({ 'ndes-bundle\\manifest.json': json(manifest()), 'ndes-bundle\\registry\\http-parameters.reg': HTTP_REG });
    expect(await (await openBundle(zip)).read('registry.http-parameters')).toMatchObject({ status: 'ok' });
  });

  it('uses an accepted alternative file when the first one is absent', async () => {
    const dir = writeFolder({ 'manifest.json': json(manifest()), 'registry/http-parameters.txt': '\r\nHKEY_LOCAL_MACHINE\\X\r\n' });
    expect(await (await openBundle(dir)).read('registry.http-parameters')).toMatchObject({ status: 'ok', file: 'registry/http-parameters.txt' });
  });

  it('refuses a missing path, a corrupt zip, a folder without manifest, and a bad manifest', async () => {
    expect(await bundleError(join(tmp, 'no-such-bundle'))).toMatch(/^Bundle not found: /);
    const corrupt = fresh('corrupt.zip');
    writeFileSync(corrupt, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 0x41)]));
    expect(await bundleError(corrupt)).toMatch(/not a folder and not a readable zip file/);
    expect(await bundleError(writeFolder({ 'registry/http-parameters.reg': HTTP_REG }))).toMatch(/no manifest\.json; is this an ndes-doctor bundle\?/);
    expect(await bundleError(writeFolder({ 'manifest.json': '{"bundleVersion": 1,' }))).toMatch(/manifest\.json is not valid JSON/);
    expect(await bundleError(writeFolder({ 'manifest.json': '{"artifacts": {}}' }))).toMatch(/no bundleVersion/);
  });

  it('refuses a bundle format newer than it understands, saying to upgrade', async () => {
    const message = await bundleError(writeFolder({ 'manifest.json': json(manifest({ bundleVersion: BUNDLE_VERSION + 1 })) }));
    expect(message).toContain(`bundle format ${BUNDLE_VERSION + 1} is newer`);
    expect(message).toContain('upgrade ndes-doctor');
  });

  it('fills in missing optional manifest fields', async () => {
    const source = await openBundle(writeFolder({ 'manifest.json': '{"bundleVersion": 1}' }));
    expect(source.manifest).toMatchObject({ tool: { name: 'unknown' }, host: {}, artifacts: {} });
    expect(source.manifest.ignored).toBeUndefined();
    expect(source.warnings).toEqual([]);
  });

  it('leaves out a manifest field of another type than collect writes, and says which, instead of printing it or crashing a renderer', async () => {
    const dir = writeFolder({
      'manifest.json': json({
        ...manifest(),
        tool: { name: { a: 1 }, version: 7 },
        collectedAt: 20261120,
        host: { name: ['NDES01'], os: {}, oemCodePage: 'cp850', elevated: 'yes' },
        artifacts: {
          'registry.ie-esc-admins': { status: 'not-found', file: 'registry/ie-esc-admins.reg', message: { text: 'absent' }, exitCode: '1' },
          'registry.ie-esc-users': { status: 'failed', errorCode: 'E_NOT_A_CODE', command: 7 },
          'registry.dotnet': { status: 'failed', errorCode: 'toString', exitCode: 5, message: 'ERROR: Access is denied.' },
          'registry.http-parameters': { status: 'done' },
          'registry.mscep': 'ok',
        },
      }),
    });
    const source = await openBundle(dir);
    expect(source.manifest).toEqual({
      bundleVersion: 1,
      tool: { name: 'unknown', version: 'unknown' },
      collectedAt: '',
      host: {},
      artifacts: {
        'registry.ie-esc-admins': { status: 'not-found', file: 'registry/ie-esc-admins.reg' },
        'registry.ie-esc-users': { status: 'failed' },
        'registry.dotnet': { status: 'failed', exitCode: 5, message: 'ERROR: Access is denied.' },
      },
      ignored: [
        'tool.name',
        'tool.version',
        'collectedAt',
        'host.name',
        'host.os',
        'host.oemCodePage',
        'host.elevated',
        'artifacts.registry.ie-esc-admins.exitCode',
        'artifacts.registry.ie-esc-admins.message',
        'artifacts.registry.ie-esc-users.command',
        'artifacts.registry.ie-esc-users.errorCode',
        'artifacts.registry.dotnet.errorCode',
        'artifacts.registry.http-parameters',
        'artifacts.registry.mscep',
      ],
    });
    expect(source.warnings).toEqual([
      `${dir}: manifest.json holds values of another type than collect writes, left out: tool.name, tool.version, collectedAt, host.name, host.os, host.oemCodePage, host.elevated, artifacts.registry.ie-esc-admins.exitCode, artifacts.registry.ie-esc-admins.message, artifacts.registry.ie-esc-users.command and 4 more.`,
    ]);
    expect(await source.read('registry.ie-esc-admins')).toEqual({ status: 'not-found', file: 'registry/ie-esc-admins.reg', message: 'not found on the server' });
    expect(await source.read('registry.ie-esc-users')).toMatchObject({ status: 'unavailable', errorCode: 'E_FACT_UNAVAILABLE' });
    // Whole sections of another type, and nulls, which read as absent without a note.
    const sections = await openBundle(writeFolder({ 'manifest.json': json({ bundleVersion: 1, tool: 'ndes-doctor', host: [], artifacts: 5, collectedAt: null }) }));
    expect(sections.manifest).toEqual({ bundleVersion: 1, tool: { name: 'unknown', version: 'unknown' }, collectedAt: '', host: {}, artifacts: {}, ignored: ['tool', 'host', 'artifacts'] });
    // Each field of its own type is kept: a code page must be a whole number from 1 to 65535.
    const kept = await openBundle(writeFolder({ 'manifest.json': json(manifest({ host: { name: 'NDES01', os: 'Windows 10.0.20348', oemCodePage: 65535, elevated: false } })) }));
    expect(kept.manifest.host).toEqual({ name: 'NDES01', os: 'Windows 10.0.20348', oemCodePage: 65535, elevated: false });
    expect(kept.manifest.ignored).toBeUndefined();
    for (const oemCodePage of [0, 65536, 437.5]) {
      const odd = await openBundle(writeFolder({ 'manifest.json': json(manifest({ host: { oemCodePage } })) }));
      expect(odd.manifest.ignored, String(oemCodePage)).toEqual(['host.oemCodePage']);
    }
  });
});

describe('manifest records', () => {
  const recorded = () =>
    writeFolder({
      'manifest.json': json(
        manifest({
          artifacts: {
            'registry.ie-esc-admins': { status: 'not-found', file: 'registry/ie-esc-admins.reg', message: 'ERROR: The system was unable to find the specified registry key or value.' },
            'registry.ie-esc-users': {
              status: 'failed',
              command: 'reg export HKLM\\SOFTWARE\\x C:\\Temp\\key.reg /y',
              message: 'ERROR: Access is denied.',
              errorCode: 'E_ACCESS_DENIED',
            },
            'registry.http-parameters': { status: 'failed', message: 'timed out' },
          },
        }),
      ),
      'registry/http-parameters.reg': HTTP_REG,
    });

  it('turns not-found into a not-found artifact with the tool message', async () => {
    const raw = await (await openBundle(recorded())).read('registry.ie-esc-admins');
    expect(raw).toEqual({ status: 'not-found', file: 'registry/ie-esc-admins.reg', message: 'ERROR: The system was unable to find the specified registry key or value.' });
  });

  it('turns failed into unavailable with its error code, command and message', async () => {
    const raw = await (await openBundle(recorded())).read('registry.ie-esc-users');
    expect(raw).toEqual({
      status: 'unavailable',
      errorCode: 'E_ACCESS_DENIED',
      message: 'collecting registry/ie-esc-users.reg failed (reg export HKLM\\SOFTWARE\\x C:\\Temp\\key.reg /y): ERROR: Access is denied.',
    });
  });

  it('prefers a file that is present over a failed record', async () => {
    expect(await (await openBundle(recorded())).read('registry.http-parameters')).toMatchObject({ status: 'ok' });
  });

  it('says which files are missing when there is neither file nor record', async () => {
    const raw = await (await openBundle(writeFolder({ 'manifest.json': json(manifest()) }))).read('registry.ie-esc-users');
    expect(raw).toEqual({
      status: 'unavailable',
      errorCode: 'E_FACT_UNAVAILABLE',
      message: 'the bundle has no registry/ie-esc-users.reg or registry/ie-esc-users.txt',
    });
  });
});

describe('writeBundle', () => {
  const files = () => new Map([['registry/http-parameters.reg', HTTP_REG]]);
  const m = manifest({ artifacts: { 'registry.http-parameters': { status: 'ok', file: 'registry/http-parameters.reg', exitCode: 0 } } });

  for (const kind of ['folder', 'zip'] as const) {
    it(`round-trips a ${kind} bundle byte for byte`, async () => {
      const out = fresh(kind === 'zip' ? 'out.zip' : 'out');
      await writeBundle(out, m, files());
      const source = await openBundle(out);
      expect(source.manifest).toEqual(m);
      const raw = await source.read('registry.http-parameters');
      expect(raw.status === 'ok' && Buffer.from(raw.bytes).equals(Buffer.from(HTTP_REG))).toBe(true);
    });

    it(`refuses to overwrite an existing ${kind} bundle`, async () => {
      const out = fresh(kind === 'zip' ? 'again.zip' : 'again');
      await writeBundle(out, m, files());
      const err = await writeBundle(out, m, files()).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(BundleError);
      expect((err as Error).message).toContain('already holds a bundle');
    });
  }
});

describe('bounded reading', () => {
  const MB = 1024 * 1024;
  const mscepRead = async (path: string) => (await openBundle(path)).read('registry.http-parameters');

  it('refuses a folder file over its kind cap without reading it, naming file, size and cap', async () => {
    const dir = writeFolder({ 'manifest.json': json(manifest()), 'registry/ie-esc-admins.reg': HTTP_REG });
    // A sparse 500 MB file: stat says 500 MB, the disk holds nothing, and a read of it would show in the heap.
    const big = join(dir, 'registry', 'http-parameters.reg');
    writeFileSync(big, '');
    truncateSync(big, 500 * MB);
    const heap = process.memoryUsage().arrayBuffers;
    const raw = await mscepRead(dir);
    expect(process.memoryUsage().arrayBuffers - heap).toBeLessThan(16 * MB);
    expect(raw).toEqual({
      status: 'unavailable',
      errorCode: 'E_TOO_LARGE',
      message: expect.stringMatching(/^registry\/http-parameters\.reg is 500\.0 MB, over the 16\.0 MB cap for a registry export; it was not read\./),
    });
    // The other artifacts still read.
    expect(await (await openBundle(dir)).read('registry.ie-esc-admins')).toMatchObject({ status: 'ok' });
  });

  it('reads a file exactly at its cap and refuses one byte more', async () => {
    const files = (n: number) => new Map([['registry/http-parameters.reg', new Uint8Array(n)]]);
    const at = await bundleSource('m', manifest(), files(16 * MB)).read('registry.http-parameters');
    expect(at.status).toBe('ok');
    const over = await bundleSource('m', manifest(), files(16 * MB + 1)).read('registry.http-parameters');
    expect(over).toMatchObject({ status: 'unavailable', errorCode: 'E_TOO_LARGE' });
  });

  it('caps a log at 256 MB, apart from the whole-bundle budget', async () => {
    const log = (n: number) => new Map([['logs/events/application.xml', new Uint8Array(n)]]);
    // A log larger than the whole-bundle budget is still read: logs are counted apart.
    expect(await bundleSource('m', manifest(), log(2 * MB), MB).read('logs.application')).toMatchObject({ status: 'stream', size: 2 * MB });
    const over = await bundleSource('m', manifest(), log(256 * MB + 1)).read('logs.application');
    expect(over).toMatchObject({ status: 'unavailable', errorCode: 'E_TOO_LARGE' });
    expect(over.status === 'unavailable' && over.message).toMatch(/^logs\/events\/application\.xml is 256\.0 MB, over the 256\.0 MB cap for a log file/);
  });

  it('streams a log from a folder and from a zip in chunks of at most 1 MB, the same bytes each time', async () => {
    const log = Buffer.alloc(3 * MB + 17);
    for (let i = 0; i < log.length; i++) log[i] = (i * 31) & 0xff;
    const files = { 'manifest.json': json(manifest()), 'logs/iis/w3svc.log': new Uint8Array(log) };
    for (const path of [writeFolder(files), writeZip(files)]) {
      const raw = await (await openBundle(path)).read('logs.iis');
      if (raw.status !== 'stream') throw new Error(`expected a stream, got ${raw.status}`);
      expect(raw.size).toBe(log.length);
      for (let pass = 0; pass < 2; pass++) {
        const chunks: Uint8Array[] = [];
        // A chunk is valid until the next is read: keep a copy.
        for await (const c of raw.chunks()) chunks.push(Buffer.from(c));
        expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(MB);
        expect(Buffer.concat(chunks).equals(log)).toBe(true);
      }
    }
  });

  it('fails a streamed zip log whose recorded size lies, naming the file', async () => {
    const bytes = Buffer.from(zipSync({ 'manifest.json': json(manifest()), 'logs/iis/w3svc.log': new Uint8Array(4 * MB) }));
    const header = bytes.lastIndexOf(Buffer.from('PK\x01\x02', 'binary'), bytes.lastIndexOf(Buffer.from('logs/iis/w3svc.log')));
    bytes.writeUInt32LE(1024, header + 24);
    const file = fresh('lying-log.zip');
    writeFileSync(file, bytes);
    const raw = await (await openBundle(file)).read('logs.iis');
    if (raw.status !== 'stream') throw new Error(`expected a stream, got ${raw.status}`);
    let seen = 0;
    const err = await (async () => {
      for await (const c of raw.chunks()) seen += c.length;
    })().then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactReadError);
    expect((err as Error).message).toMatch(/^logs\/iis\/w3svc\.log(: it grew past| could not be read from the bundle: the zip entry is damaged)/);
    expect(seen).toBeLessThanOrEqual(1024);
  });

  it('fails a streamed folder log that grew past its measured size', async () => {
    const dir = writeFolder({ 'manifest.json': json(manifest()), 'logs/iis/w3svc.log': new Uint8Array(100) });
    const raw = await (await openBundle(dir)).read('logs.iis');
    if (raw.status !== 'stream') throw new Error(`expected a stream, got ${raw.status}`);
    writeFileSync(join(dir, 'logs', 'iis', 'w3svc.log'), new Uint8Array(101));
    const err = await (async () => {
      for await (const _ of raw.chunks());
    })().then(() => undefined, (e: unknown) => e);
    expect(err).toMatchObject({ errorCode: 'E_TOO_LARGE', message: 'logs/iis/w3svc.log: it grew past its recorded size of 100 bytes while it was read' });
  });

  it('refuses a zip member whose declared size is over the cap without inflating it', async () => {
    const zip = writeZip({ 'manifest.json': json(manifest()), 'registry/http-parameters.reg': new Uint8Array(40 * MB) });
    expect(statSync(zip).size).toBeLessThan(MB);
    const started = performance.now();
    const raw = await mscepRead(zip);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(raw).toMatchObject({ status: 'unavailable', errorCode: 'E_TOO_LARGE' });
    expect(raw.status === 'unavailable' && raw.message).toMatch(/^registry\/http-parameters\.reg is 40\.0 MB, over the 16\.0 MB cap for a registry export/);
  });

  it('stops inflating a member whose recorded size lies, and reports it as damaged', async () => {
    const bytes = Buffer.from(zipSync({ 'manifest.json': json(manifest()), 'registry/http-parameters.reg': new Uint8Array(8 * MB) }));
    // Rewrite the uncompressed size in the central directory (offset 24 of its header) to 1 KB.
    const header = bytes.lastIndexOf(Buffer.from('PK\x01\x02', 'binary'), bytes.lastIndexOf(Buffer.from('registry/http-parameters.reg')));
    expect(header).toBeGreaterThan(0);
    bytes.writeUInt32LE(1024, header + 24);
    const file = fresh('lying.zip');
    writeFileSync(file, bytes);
    const raw = await mscepRead(file);
    expect(raw).toMatchObject({ status: 'unavailable', errorCode: 'E_FACT_UNAVAILABLE' });
    expect(raw.status === 'unavailable' && raw.message).toMatch(/registry\/http-parameters\.reg could not be read from the bundle: the zip entry is damaged/);
  });

  it('caps what one run reads from the whole bundle', async () => {
    const files = new Map([
      ['registry/http-parameters.reg', new Uint8Array(60)],
      ['registry/ie-esc-admins.reg', new Uint8Array(30)],
      ['registry/ie-esc-users.reg', new Uint8Array(30)],
    ]);
    const source = bundleSource('m', manifest(), files, 100);
    expect(await source.read('registry.http-parameters')).toMatchObject({ status: 'ok' });
    expect(await source.read('registry.ie-esc-admins')).toMatchObject({ status: 'ok' });
    // Reading the same file again costs nothing more.
    expect(await source.read('registry.http-parameters')).toMatchObject({ status: 'ok' });
    const third = await source.read('registry.ie-esc-users');
    expect(third).toMatchObject({ status: 'unavailable', errorCode: 'E_TOO_LARGE' });
    expect(third.status === 'unavailable' && third.message).toContain('would pass the 100 bytes cap for a whole bundle');
  });

  it('reads 64 MB of artifacts in one run by default, and not a byte more', async () => {
    const full = new Uint8Array(16 * MB);
    const files = new Map([
      ['registry/http-parameters.reg', full],
      ['registry/session-manager.reg', full],
      ['registry/uninstall.reg', full],
      ['registry/microsoft-intune.reg', full],
      ['registry/ie-esc-admins.reg', new Uint8Array(1)],
    ]);
    const source = bundleSource('m', manifest(), files);
    for (const id of ['registry.http-parameters', 'server.session-manager', 'connector.uninstall', 'connector.registry'] as const) {
      expect(await source.read(id)).toMatchObject({ status: 'ok' });
    }
    expect(await source.read('registry.ie-esc-admins')).toMatchObject({ status: 'unavailable', errorCode: 'E_TOO_LARGE' });
  });

  it('refuses a manifest over its cap and a bundle with too many entries', async () => {
    const big = writeFolder({ 'manifest.json': `{"bundleVersion":1,"pad":"${'x'.repeat(4 * MB)}"}` });
    expect(await bundleError(big)).toMatch(/manifest\.json is larger than 4\.0 MB/);
    const many: Record<string, Uint8Array> = { 'manifest.json': json(manifest()) };
    for (let i = 0; i <= 10_000; i++) many[`x/${i}`] = new Uint8Array();
    expect(await bundleError(writeZip(many))).toMatch(/more than 10000 entries; not an ndes-doctor bundle/);
  });
});

describe('unsafe bundle entries', () => {
  it('skips zip entries that leave the bundle or are links, and warns about each', async () => {
    const zip = writeZip({
      'manifest.json': json(manifest()),
      '../registry/ie-esc-admins.reg': HTTP_REG,
      '/etc/registry/ie-esc-users.reg': HTTP_REG,
      'C:\\Windows\\evil.reg': HTTP_REG,
      'x/../registry/http-parameters.reg': HTTP_REG,
    });
    const source = await openBundle(zip);
    expect(source.warnings).toEqual([
      expect.stringMatching(/^The zip entry "\.\.\/registry\/ie-esc-admins\.reg" climbs out of the bundle with "\.\."; it was skipped, never followed or extracted\.$/),
      expect.stringMatching(/^The zip entry "\/etc\/registry\/ie-esc-users\.reg" is an absolute path;/),
      expect.stringMatching(/^The zip entry "C:\/Windows\/evil\.reg" names a drive letter;/),
      expect.stringMatching(/^The zip entry "x\/\.\.\/registry\/http-parameters\.reg" climbs out/),
    ]);
    for (const id of ['registry.http-parameters', 'registry.ie-esc-admins', 'registry.ie-esc-users'] as const) {
      expect(await source.read(id)).toMatchObject({ status: 'unavailable', message: expect.stringMatching(/^the bundle has no /) });
    }
  });

  it('skips a zip entry that is a symbolic link', async () => {
    const zip = fresh('link.zip');
    writeFileSync(
      zip,
      zipSync({
        'manifest.json': json(manifest()),
        // Unix "made by", mode lrwxrwxrwx: the data is the link target.
        'registry/http-parameters.reg': [new TextEncoder().encode('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }],
      }),
    );
    const source = await openBundle(zip);
    expect(source.warnings).toEqual([expect.stringMatching(/^The zip entry "registry\/http-parameters\.reg" is a symbolic link;/)]);
    expect(await source.read('registry.http-parameters')).toMatchObject({ status: 'unavailable' });
  });

  it.skipIf(process.platform === 'win32')('never follows a symbolic link in a bundle folder, to a file or to a folder', async () => {
    const outside = fresh('outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.reg'), HTTP_REG);
    const dir = writeFolder({ 'manifest.json': json(manifest()) });
    mkdirSync(join(dir, 'registry'));
    symlinkSync(join(outside, 'secret.reg'), join(dir, 'registry', 'http-parameters.reg'));
    symlinkSync(outside, join(dir, 'iis'));
    const source = await openBundle(dir);
    expect(source.warnings).toEqual(
      expect.arrayContaining([
        'The bundle entry registry/http-parameters.reg is a symbolic link; links are never followed, so it was not read.',
        'The bundle entry iis is a symbolic link; links are never followed, so it was not read.',
      ]),
    );
    expect(await source.read('registry.http-parameters')).toMatchObject({ status: 'unavailable', message: expect.stringMatching(/^the bundle has no /) });
  });
});

describe('folder bundles: walked without following links', () => {
  it.skipIf(process.platform === 'win32')('reads nothing through a link to a folder, though the file behind it has an artifact name', async () => {
    const outside = fresh('outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'http-parameters.reg'), HTTP_REG);
    const dir = writeFolder({ 'manifest.json': json(manifest()) });
    symlinkSync(outside, join(dir, 'registry'));
    const source = await openBundle(dir);
    expect(source.warnings).toEqual(['The bundle entry registry is a symbolic link; links are never followed, so it was not read.']);
    expect(await source.read('registry.http-parameters')).toMatchObject({ status: 'unavailable', message: expect.stringMatching(/^the bundle has no /) });
  });

  it.skipIf(process.platform === 'win32')('lists a folder with links to itself and to / at once, warning about each', async () => {
    const dir = writeFolder({ 'manifest.json': json(manifest()), 'registry/http-parameters.reg': HTTP_REG });
    symlinkSync('.', join(dir, 'a'));
    symlinkSync('.', join(dir, 'b'));
    symlinkSync('/', join(dir, 'root'));
    const started = performance.now();
    const source = await openBundle(dir);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect([...source.warnings!].sort()).toEqual(['a', 'b', 'root'].map((n) => `The bundle entry ${n} is a symbolic link; links are never followed, so it was not read.`));
    expect(await source.read('registry.http-parameters')).toMatchObject({ status: 'ok' });
  });

  it.skipIf(process.platform === 'win32')('refuses a file reached through a folder swapped for a link after the listing', async () => {
    const outside = fresh('outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'http-parameters.reg'), HTTP_REG);
    const dir = writeFolder({ 'manifest.json': json(manifest()), 'registry/http-parameters.reg': HTTP_REG, 'logs/iis/w3svc.log': 'x' });
    const source = await openBundle(dir);
    renameSync(join(dir, 'registry'), join(dir, 'registry.old'));
    symlinkSync(outside, join(dir, 'registry'));
    renameSync(join(dir, 'logs', 'iis'), join(dir, 'logs', 'iis.old'));
    symlinkSync(outside, join(dir, 'logs', 'iis'));
    writeFileSync(join(outside, 'w3svc.log'), 'x');
    expect(await source.read('registry.http-parameters')).toEqual({
      status: 'unavailable',
      errorCode: 'E_FACT_UNAVAILABLE',
      message: 'registry/http-parameters.reg could not be read from the bundle: it is no longer the file that was listed when the bundle was opened (a file or folder was replaced, maybe by a link)',
    });
    const log = await source.read('logs.iis');
    if (log.status !== 'stream') throw new Error(`expected a stream, got ${log.status}`);
    await expect((async () => {
      for await (const _ of log.chunks());
    })()).rejects.toThrow(/^logs\/iis\/w3svc\.log could not be read from the bundle: it is no longer the file that was listed/);
  });

  it('refuses a folder with more than 10,000 entries', async () => {
    const dir = writeFolder({ 'manifest.json': json(manifest()) });
    mkdirSync(join(dir, 'x'));
    for (let i = 0; i < 10_000; i++) writeFileSync(join(dir, 'x', String(i)), '');
    expect(await bundleError(dir)).toMatch(/more than 10000 files and folders; not an ndes-doctor bundle/);
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)('refuses a bundle whose manifest, folder or subfolder it may not read, saying so', async () => {
    const dir = writeFolder({ 'manifest.json': json(manifest()), 'registry/http-parameters.reg': HTTP_REG });
    try {
      chmodSync(join(dir, 'manifest.json'), 0);
      expect(await bundleError(dir)).toMatch(/manifest\.json could not be read \(EACCES/);
      chmodSync(join(dir, 'manifest.json'), 0o644);
      chmodSync(join(dir, 'registry'), 0);
      expect(await bundleError(dir)).toMatch(/its folder registry could not be listed \(EACCES.*check that this account can read the whole bundle\.$/);
      chmodSync(join(dir, 'registry'), 0o755);
      chmodSync(dir, 0);
      expect(await bundleError(dir)).toMatch(/the folder could not be listed \(EACCES/);
    } finally {
      chmodSync(dir, 0o755);
      chmodSync(join(dir, 'registry'), 0o755);
    }
  });
});

describe('the bundle path', () => {
  it.skipIf(process.platform === 'win32')('refuses a named pipe before opening it, which would wait for a writer forever', async () => {
    const fifo = fresh('pipe.zip');
    execFileSync('mkfifo', [fifo]);
    expect(await bundleError(fifo)).toBe(`${fifo} is not a folder or a regular file (it is a named pipe); give the bundle folder or its .zip file.`);
  });
});

describe('manifest.json encodings', () => {
  const text = JSON.stringify(manifest());
  const encodings: Record<string, Buffer> = {
    'UTF-16LE with BOM (Windows PowerShell 5.1 Out-File)': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    'UTF-16LE without BOM': Buffer.from(text, 'utf16le'),
    'UTF-16BE with BOM': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
    'UTF-8 with BOM': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
  };
  for (const [name, bytes] of Object.entries(encodings)) {
    it(`reads a manifest in ${name}, from a folder and from a zip`, async () => {
      for (const path of [writeFolder({ 'manifest.json': bytes }), writeZip({ 'manifest.json': new Uint8Array(bytes) })]) {
        expect((await openBundle(path)).manifest.host.name, path).toBe('NDES01');
      }
    });
  }
});

describe('zip members that cannot be trusted', () => {
  const LOG = Buffer.alloc(3 * 1024 * 1024 + 5, 'GET /certsrv/mscep/mscep.dll 200\r\n');

  it('refuses a manifest.json that cannot be inflated with a BundleError saying why, not an internal error', async () => {
    const zip = () => pythonZip([['manifest.json', json(manifest())], ['registry/http-parameters.reg', HTTP_REG]]);
    const patched = (patch: (z: Buffer, h: { local: number; central: number }) => void) => {
      const z = zip();
      patch(z, headersOf(z, 'manifest.json'));
      return saveZip(z);
    };
    const cases: [string, string, RegExp][] = [
      ['encrypted', patched((z, h) => [h.local + 6, h.central + 8].forEach((at) => z.writeUInt16LE(z.readUInt16LE(at) | 1, at))), /encrypted/],
      ['compression method 99 (AES)', patched((z, h) => [h.local + 8, h.central + 10].forEach((at) => z.writeUInt16LE(99, at))), /unsupported compression method: 99/],
      ['Deflate64', patched((z, h) => [h.local + 8, h.central + 10].forEach((at) => z.writeUInt16LE(9, at))), /unsupported compression method: 9/],
      ['a bad local header', patched((z, h) => z.write('XX', h.local)), /invalid local file header signature/],
      ['an offset past the end', patched((z, h) => z.writeUInt32LE(0x7fffffff, h.central + 42)), /./],
      ['a size that lies', patched((z, h) => z.writeUInt32LE(3, h.central + 24)), /damaged/],
      ['a wrong CRC-32', patched((z, h) => z.writeUInt32LE(z.readUInt32LE(h.central + 16) ^ 1, h.central + 16)), /damaged \(CRC-32 mismatch\)/],
    ];
    for (const [what, file, why] of cases) {
      const message = await bundleError(file);
      expect(message, what).toMatch(/: manifest\.json could not be read \(/);
      expect(message, what).toMatch(why);
    }
  });

  it('fails a member whose data does not match its CRC-32, and still reads the others', async () => {
    const z = pythonZip([
      ['manifest.json', json(manifest())],
      ['registry/http-parameters.reg', HTTP_REG, 'stored'],
      ['registry/ie-esc-admins.reg', HTTP_REG],
      ['registry/ie-esc-users.reg', HTTP_REG],
    ]);
    // One bit of the stored data flipped: sizes and inflating are fine, only the CRC-32 tells.
    const data = headersOf(z, 'registry/http-parameters.reg').local + 30 + 'registry/http-parameters.reg'.length;
    z[data + 200]! ^= 1;
    // A deflated member whose recorded CRC-32 (central directory and local header) is not its data's.
    const { local, central } = headersOf(z, 'registry/ie-esc-admins.reg');
    for (const at of [local + 14, central + 16]) z.writeUInt32LE(z.readUInt32LE(at) ^ 0x100, at);
    const source = await openBundle(saveZip(z));
    for (const [id, file] of [['registry.http-parameters', 'registry/http-parameters.reg'], ['registry.ie-esc-admins', 'registry/ie-esc-admins.reg']] as const) {
      expect(await source.read(id)).toEqual({ status: 'unavailable', errorCode: 'E_FACT_UNAVAILABLE', message: `${file} could not be read from the bundle: the zip entry is damaged (CRC-32 mismatch)` });
    }
    expect(await source.read('registry.ie-esc-users')).toMatchObject({ status: 'ok' });
  });

  it('fails a streamed log whose CRC-32 does not match at its end', async () => {
    const z = pythonZip([['manifest.json', json(manifest())], ['logs/iis/w3svc.log', LOG, 'stored']]);
    z[headersOf(z, 'logs/iis/w3svc.log').local + 30 + 'logs/iis/w3svc.log'.length + 2 * 1024 * 1024]! ^= 1;
    const raw = await (await openBundle(saveZip(z))).read('logs.iis');
    if (raw.status !== 'stream') throw new Error(`expected a stream, got ${raw.status}`);
    const err = await (async () => {
      for await (const _ of raw.chunks());
    })().then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ArtifactReadError);
    expect(err).toMatchObject({ errorCode: 'E_FACT_UNAVAILABLE', message: 'logs/iis/w3svc.log could not be read from the bundle: the zip entry is damaged (CRC-32 mismatch)' });
  });

  it('reads a sound streamed log to the end from a Python zip', async () => {
    const raw = await (await openBundle(saveZip(pythonZip([['manifest.json', json(manifest())], ['logs/iis/w3svc.log', LOG]])))).read('logs.iis');
    if (raw.status !== 'stream') throw new Error(`expected a stream, got ${raw.status}`);
    let total = 0;
    for await (const c of raw.chunks()) total += c.length;
    expect(total).toBe(LOG.length);
  });

  it('reads neither of two different entries for one file, by the same name or one differing only in case, and names both', async () => {
    const other = Buffer.from(HTTP_REG).fill(0x20, 100, 200);
    for (const second of ['registry/http-parameters.reg', 'Registry/HTTP-Parameters.reg']) {
      const source = await openBundle(saveZip(pythonZip([['manifest.json', json(manifest())], ['registry/http-parameters.reg', HTTP_REG], [second, other], ['registry/ie-esc-users.reg', HTTP_REG]])));
      expect(source.warnings, second).toEqual([
        `The zip holds two entries with different content for registry/http-parameters.reg ("registry/http-parameters.reg", "${second}"); none of them was read.`,
      ]);
      expect(await source.read('registry.http-parameters')).toEqual({
        status: 'unavailable',
        errorCode: 'E_FACT_UNAVAILABLE',
        message: 'registry/http-parameters.reg could not be read from the bundle: the bundle has two entries for registry/http-parameters.reg with different content, so which one the server wrote is unknown; none of them was read',
      });
      expect(await source.read('registry.ie-esc-users')).toMatchObject({ status: 'ok' });
    }
  });

  it('reads a file added twice with the same bytes, without a warning', async () => {
    const source = await openBundle(saveZip(pythonZip([['manifest.json', json(manifest())], ['registry/http-parameters.reg', HTTP_REG], ['registry/http-parameters.reg', HTTP_REG, 'stored']])));
    expect(source.warnings).toEqual([]);
    expect(await source.read('registry.http-parameters')).toMatchObject({ status: 'ok', file: 'registry/http-parameters.reg' });
  });

  it('refuses a bundle with two different manifest.json', async () => {
    const file = saveZip(pythonZip([['manifest.json', json(manifest())], ['manifest.json', json(manifest({ host: { name: 'OTHER' } }))]]));
    expect(await bundleError(file)).toMatch(/manifest\.json could not be read \(the bundle has two entries for manifest\.json with different content/);
  });
});
