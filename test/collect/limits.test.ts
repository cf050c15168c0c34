import { describe, expect, it } from 'vitest';
import { ARTIFACTS } from '../../src/collect/artifacts.js';
import { bundleSource } from '../../src/collect/bundle.js';
import { BUNDLE_VERSION, type Manifest } from '../../src/collect/manifest.js';
import { ARTIFACT_KINDS, artifactKind } from '../../src/collect/limits.js';

const MB = 1024 * 1024;
const manifest: Manifest = {
  bundleVersion: BUNDLE_VERSION,
  tool: { name: 'ndes-doctor', version: '0.1.0' },
  collectedAt: '2026-11-20T09:14:02.000Z',
  host: { name: 'NDES01', os: 'Windows 10.0.20348', oemCodePage: 437, elevated: true },
  artifacts: {},
};

describe('the applicationHost.config cap', () => {
  it('is its own kind, far above the other configuration files', () => {
    expect(artifactKind(ARTIFACTS['iis.applicationhost'])).toBe('iis-server-config');
    expect(artifactKind(ARTIFACTS['iis.webconfig-site'])).toBe('config');
    expect(ARTIFACT_KINDS['iis-server-config'].maxBytes).toBe(40 * MB);
  });

  it('reads a 5,000-site file at 40 MB and refuses one byte more', async () => {
    const files = (n: number) => new Map([['iis/applicationHost.config', new Uint8Array(n)]]);
    expect(await bundleSource('m', manifest, files(40 * MB)).read('iis.applicationhost')).toMatchObject({ status: 'ok' });
    const over = await bundleSource('m', manifest, files(40 * MB + 1)).read('iis.applicationhost');
    expect(over).toMatchObject({ status: 'unavailable', errorCode: 'E_TOO_LARGE' });
    expect(over.status === 'unavailable' && over.message).toMatch(/over the 40\.0 MB cap for an? IIS server configuration/);
  });
});

describe('the JSON cap', () => {
  it('reads a JSON artifact at 32 MB and refuses one byte more', async () => {
    expect(artifactKind(ARTIFACTS['server.features'])).toBe('json');
    const files = (n: number) => new Map([['server/windows-features.json', new Uint8Array(n)]]);
    expect(await bundleSource('m', manifest, files(32 * MB)).read('server.features')).toMatchObject({ status: 'ok' });
    const over = await bundleSource('m', manifest, files(32 * MB + 1)).read('server.features');
    expect(over.status === 'unavailable' && over.message).toMatch(/over the 32\.0 MB cap for a JSON file/);
  });
});
