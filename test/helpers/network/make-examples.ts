// Records the example bundles' network/probes.json by probing the NDES-like responder on 127.0.0.1:443
// under the name ndes.contoso.com (needs root for port 443). From the repository root, in an empty temp dir:
//   node_modules/.bin/esbuild test/helpers/network/make-examples.ts --bundle --platform=node --format=esm \
//     --outfile=test/helpers/network/.make-examples.tmp.mjs \
//     --banner:js="import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"
//   (cd "$(mktemp -d)" && node "$OLDPWD/test/helpers/network/.make-examples.tmp.mjs" "$OLDPWD/examples/healthy" "$OLDPWD/examples/broken")
// then delete the .tmp.mjs file. Existing network/probes.json files are overwritten.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';
import { probeTargets } from '../../../src/collect/network/probe.js';
import { encodeProbeFile } from '../../../src/collect/network/recording.js';
import { issue, ndesPki } from './pki.js';
import { ndesResponder, type NdesOptions } from './servers.js';

const NAME = 'ndes.contoso.com';
const root = issue({ cn: 'Contoso Root CA', ca: true, notBefore: new Date('2025-01-01'), notAfter: new Date('2045-01-01') });
const leaf = issue({ cn: NAME, issuer: root, san: [NAME], notBefore: new Date('2026-01-01'), notAfter: new Date('2044-01-01') });

async function record(out: string, o: Omit<NdesOptions, 'caCerts'> & { caCerts: Uint8Array[] }, tls: { minVersion?: 'TLSv1' } = {}) {
  const server = https.createServer(
    { key: leaf.keyPem, cert: leaf.certPem, maxHeaderSize: 256 * 1024, ...(tls.minVersion && { minVersion: tls.minVersion, ciphers: 'DEFAULT@SECLEVEL=0' }) },
    ndesResponder(o),
  );
  await new Promise<void>((resolve) => server.listen(443, '127.0.0.1', resolve));
  const running = await Promise.resolve({ close: () => new Promise<void>((r) => server.close(() => r())) });
  try {
    const caDir = join(process.cwd(), 'contoso-root-ca.pem');
    writeFileSync(caDir, root.certPem);
    const probed = await probeTargets([`https://${NAME}`], { caFile: 'contoso-root-ca.pem', resolve: { [NAME]: '127.0.0.1' } });
    // Recorded as part of the bundle's collection: stamped with its collectedAt, not the recording day.
    const { collectedAt } = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { collectedAt: string };
    const targets = probed.map((t) => ({ ...t, startedAt: collectedAt }));
    mkdirSync(join(out, 'network'), { recursive: true });
    writeFileSync(join(out, 'network', 'probes.json'), encodeProbeFile(targets));
  } finally {
    server.closeAllConnections();
    await running.close();
  }
}

// Every date is fixed: the bundles are judged as of their manifest's collectedAt (2026-11-20), so a
// certificate dated from the day of recording would be "not yet valid" in a later re-recording.
const notBefore = new Date('2026-01-01');
const pki = ndesPki({ notBefore, caNotAfter: new Date('2045-01-01'), raNotAfter: new Date('2044-06-01') });
await record(process.argv[2]!, { caCerts: [pki.pkcs7] });
const expired = ndesPki({ notBefore, caNotAfter: new Date('2045-01-01'), raNotAfter: new Date('2026-10-01') });
const other = ndesPki({ notBefore, caNotAfter: new Date('2045-01-01'), raNotAfter: new Date('2044-06-01') });
await record(
  process.argv[3]!,
  { caCerts: [expired.pkcs7, other.pkcs7], mscep: 'ndes-page', urlLimit: { bytes: 16_300, refuse: 'http-sys-400' }, admin: 'password' },
  { minVersion: 'TLSv1' },
);
