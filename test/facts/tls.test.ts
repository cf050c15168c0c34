import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ArtifactId } from '../../src/collect/artifacts.js';
import type { RawArtifact } from '../../src/collect/manifest.js';
import { FactError } from '../../src/facts/fact.js';
import { tlsFacts } from '../../src/facts/tls.js';

const fixture = (path: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${path}`, import.meta.url)));
const ok = (path: string): RawArtifact => ({ status: 'ok', file: path.split('/').pop()!, bytes: fixture(path), codePage: 850 });
const reading = (raw: RawArtifact) => (_id: ArtifactId) => raw;

describe('connectorEncryptionCert', () => {
  it('reads EncryptionCertThumbprint from the PFXCertificateConnector key', () => {
    expect(tlsFacts.connectorEncryptionCert.derive(reading(ok('registry/microsoft-intune-healthy.reg')))).toEqual({
      installed: true,
      thumbprint: '9D4C3B2A1F0E9D8C7B6A59483726150F4E3D2C1B',
      registryPath: 'HKLM\\SOFTWARE\\Microsoft\\MicrosoftIntune\\PFXCertificateConnector\\EncryptionCertThumbprint',
      source: 'microsoft-intune-healthy.reg',
    });
  });

  it('treats a server with only the legacy connector, or no Intune key at all, as not installed', () => {
    expect(tlsFacts.connectorEncryptionCert.derive(reading(ok('registry/microsoft-intune-legacy.reg')))).toMatchObject({ installed: false });
    const absent: RawArtifact = { status: 'not-found', file: 'registry/microsoft-intune.reg', message: 'ERROR: The system was unable to find the specified registry key or value.' };
    expect(tlsFacts.connectorEncryptionCert.derive(reading(absent))).toEqual({ installed: false, source: 'registry/microsoft-intune.reg' });
  });
});

describe('certificate stores and bindings', () => {
  it('passes on why a store could not be collected', () => {
    const denied: RawArtifact = { status: 'unavailable', errorCode: 'E_NOT_ELEVATED', message: 'needs an elevated prompt (Run as administrator)' };
    const run = () => tlsFacts.certStoreMy.derive(reading(denied));
    expect(run).toThrow(FactError);
    expect(run).toThrow(/elevated/);
    try {
      run();
    } catch (e) {
      expect((e as FactError).code).toBe('E_NOT_ELEVATED');
    }
  });

  it('names the file when the store dump is not JSON', () => {
    const raw: RawArtifact = { status: 'ok', file: 'certs/localmachine-my.json', bytes: new TextEncoder().encode('Access is denied.\r\n') };
    expect(() => tlsFacts.certStoreMy.derive(reading(raw))).toThrow(/^certs\/localmachine-my\.json: not the JSON/);
  });

  it('derives the HTTP.sys bindings from netsh output in the OEM code page', () => {
    const fact = tlsFacts.sslBindings.derive(reading(ok('netsh-sslcert/de-cp850.txt')));
    expect(fact.bindings.map((b) => b.key)).toEqual(['0.0.0.0:443', 'ndes.contoso.com:443']);
  });
});
