import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { openBundle, writeBundle } from '../../src/collect/bundle.js';
import { BUNDLE_VERSION, BundleError, type Manifest } from '../../src/collect/manifest.js';

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
