// Records the example bundles' network/probes.json by probing the NDES-like responder on 127.0.0.1:443 under the
// name ndes.contoso.com, serving the very certificates of each bundle's stores (TLS certificate, RA certificates,
// issuing CA), as test/fixtures/certs/make-fixtures.py made them with openssl. From the repository root:
//   python3 test/fixtures/certs/make-fixtures.py --export /tmp/example-pki
//   node_modules/.bin/esbuild test/helpers/network/make-examples.ts --bundle --platform=node --format=esm \
//     --outfile=test/helpers/network/.make-examples.tmp.mjs \
//     --banner:js="import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"
//   (cd "$(mktemp -d)" && unshare -n sh -c "ip link set lo up && node $OLDPWD/test/helpers/network/.make-examples.tmp.mjs /tmp/example-pki $OLDPWD/examples/healthy $OLDPWD/examples/broken")
// then delete the .tmp.mjs file. `unshare -n` (as root) gives port 443 in a network namespace of its own.
// Existing network/probes.json files are overwritten.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { join } from 'node:path';
import { probeTargets } from '../../../src/collect/network/probe.js';
import { encodeProbeFile } from '../../../src/collect/network/recording.js';
import { certsOnlyPkcs7 } from './pki.js';
import { ndesResponder, type NdesOptions } from './servers.js';

const NAME = 'ndes.contoso.com';
const [pkiDir, healthyDir, brokenDir] = process.argv.slice(2) as [string, string, string];
const pem = (name: string) => ({ certPem: readFileSync(join(pkiDir, `${name}.crt`), 'utf8'), keyPem: readFileSync(join(pkiDir, `${name}.key`), 'utf8') });
const issuing = pem('issuing');
const getCaCert = (server: 'healthy' | 'broken') => certsOnlyPkcs7([pem(`${server}-ra_signing`), pem(`${server}-ra_encryption`), issuing]);

async function record(out: string, o: Omit<NdesOptions, 'caCerts'> & { caCerts: Uint8Array[] }, tls: { leaf: 'healthy-tls'; minVersion?: 'TLSv1' }) {
  const leaf = pem(tls.leaf);
  // IIS sends the intermediate CA certificates with the server certificate.
  const listener = https.createServer(
    { key: leaf.keyPem, cert: leaf.certPem + issuing.certPem, maxHeaderSize: 256 * 1024, ...(tls.minVersion && { minVersion: tls.minVersion, ciphers: 'DEFAULT@SECLEVEL=0' }) },
    ndesResponder(o),
  );
  await new Promise<void>((resolve) => listener.listen(443, '127.0.0.1', resolve));
  try {
    writeFileSync('contoso-root-ca.pem', pem('root').certPem);
    const probed = await probeTargets([`https://${NAME}`], { caFile: 'contoso-root-ca.pem', resolve: { [NAME]: '127.0.0.1' } });
    // Recorded as part of the bundle's collection: stamped with its collectedAt, not the recording day.
    const { collectedAt } = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { collectedAt: string };
    const targets = probed.map((t) => ({ ...t, startedAt: collectedAt }));
    mkdirSync(join(out, 'network'), { recursive: true });
    writeFileSync(join(out, 'network', 'probes.json'), encodeProbeFile(targets));
  } finally {
    listener.closeAllConnections();
    await new Promise<void>((r) => listener.close(() => r()));
  }
}

await record(healthyDir, { caCerts: [getCaCert('healthy')] }, { leaf: 'healthy-tls' });
// NDES02 sits with NDES01 behind a load balancer without affinity that terminates TLS for ndes.contoso.com
// with NDES01's certificate (NDES02's own SHA-1 certificate, which TLS clients refuse, stays behind it):
// GetCACert alternates between NDES02's RA certificates (the signing one expired) and NDES01's.
await record(
  brokenDir,
  { caCerts: [getCaCert('broken'), getCaCert('healthy')], mscep: 'ndes-page', urlLimit: { bytes: 16_300, refuse: 'http-sys-400' }, admin: 'password' },
  { leaf: 'healthy-tls', minVersion: 'TLSv1' },
);
