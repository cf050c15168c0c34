import { describe, expect, it } from 'vitest';
import { endpointChecks } from '../../../src/checks/endpoint/index.js';
import { openBundle } from '../../../src/collect/bundle.js';
import { runChecksPerTarget } from '../../../src/engine/per-target.js';
import { parseCertStoreJson } from '../../../src/parse/cert-store.js';
import { parseProbeFile } from '../../../src/parse/probe-recording.js';
import { classifyScepCertificates, parsePkcs7Certificates } from '../../../src/parse/scep-certs.js';
import { decodeText } from '../../../src/parse/text.js';
import { readFileSync } from 'node:fs';

const example = (name: string) => new URL(`../../../examples/${name}`, import.meta.url).pathname;
const read = (name: string, file: string) => decodeText(new Uint8Array(readFileSync(`${example(name)}/${file}`)));

async function statuses(name: string): Promise<Record<string, string>> {
  const source = await openBundle(example(name));
  // Judged as of the bundle's collection, as `check --bundle` does.
  const now = new Date(source.manifest.collectedAt);
  const results = await runChecksPerTarget(endpointChecks, source, { concurrency: 4, checkTimeoutMs: 10_000, deadline: Date.now() + 60_000, context: { now, options: {} } });
  return Object.fromEntries(results.map((r) => [r.id, r.status]));
}

describe('endpoint checks on the example bundles', () => {
  it('the healthy server passes every endpoint check (the enrollment probe is opt-in)', async () => {
    expect(Object.entries(await statuses('healthy')).filter(([, s]) => s !== 'pass')).toEqual([['NDES-NET-015', 'skip']]);
  });

  it('the broken server fails for its reasons', async () => {
    expect(await statuses('broken')).toMatchObject({
      'NDES-NET-001': 'fail', // plain NDES page: no policy module
      'NDES-NET-003': 'fail', // NDES02's signing RA certificate expired 2026-10-01
      'NDES-NET-007': 'warn', // TLS 1.0 and 1.1 accepted
      'NDES-NET-012': 'fail', // HTTP.sys refuses at 16 KB
      'NDES-NET-013': 'fail', // two NDES servers behind one name without affinity
      'NDES-NET-014': 'fail', // mscep_admin hands out challenge passwords
    });
  });

  it('the GetCACert answers carry the RA certificates of the bundles\' own stores', () => {
    for (const name of ['healthy', 'broken']) {
      const store = new Set(parseCertStoreJson(read(name, 'certs/localmachine-my.json')).map((c) => c.thumbprint));
      const [target] = parseProbeFile(read(name, 'network/probes.json')).targets;
      const first = target!.exchanges.find((e) => e.purpose === 'getcacert')!;
      const { ras } = classifyScepCertificates(parsePkcs7Certificates(new Uint8Array(Buffer.from(first.response!.bodyBase64!, 'base64'))));
      expect(ras.map((r) => r.cert.template?.name).sort()).toEqual(['CEPEncryption', 'EnrollmentAgentOffline']);
      for (const { cert } of ras) expect([name, store.has(cert.thumbprint)]).toEqual([name, true]);
    }
  });
});
