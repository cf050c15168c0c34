import { afterAll, describe, expect, test } from 'vitest';
import type { RawArtifact } from '../../../src/collect/manifest.js';
import { machineRootTrust } from '../../../src/collect/network/own-endpoint.js';
import { issue, ndesPki } from '../../helpers/network/pki.js';
import { probeAndCheck } from '../../helpers/network/run.js';
import { listen, ndesResponder, type Running } from '../../helpers/network/servers.js';

const NAME = 'ndes.contoso.test';
const root = issue({ cn: 'Contoso Enterprise Root', ca: true });
const leaf = issue({ cn: NAME, issuer: root, san: [NAME] });
const stranger = issue({ cn: 'Somebody Else Root', ca: true });

/** LocalMachine\Root as the collector's PowerShell writes it (Windows PowerShell 5.1: BOM, CRLF). */
function rootStore(...certs: ReturnType<typeof issue>[]): RawArtifact {
  const json = JSON.stringify(
    certs.map((c) => ({ Thumbprint: 'AB', HasPrivateKey: false, RawData: Buffer.from(c.der).toString('base64') })),
    null,
    4,
  ).replace(/\n/g, '\r\n');
  return { status: 'ok', file: 'certs/localmachine-root.json', bytes: Buffer.from(`\uFEFF${json}`, 'utf8') };
}
const readerOf = (raw: RawArtifact) => async () => raw;

const servers: Running[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

describe('the server probing itself trusts its own LocalMachine\\Root store', () => {
  test('a certificate from the enterprise root in that store is trusted, and the evidence says by what', async () => {
    const s = await listen(ndesResponder({ caCerts: [ndesPki().pkcs7] }), { key: leaf.keyPem, certChain: leaf.certPem });
    servers.push(s);
    const url = `https://${NAME}:${s.port}`;
    const resolve = { [NAME]: '127.0.0.1' };

    const trust = await machineRootTrust(readerOf(rootStore(stranger, root)));
    expect(trust?.pem).toHaveLength(2);
    const trusted = await probeAndCheck([url], { resolve, longUrl: false, trust });
    expect(trusted.byId['NDES-NET-008']!.status).toBe('pass');
    expect(trusted.byId['NDES-NET-008']!.message).toContain('the LocalMachine\\Root store');

    const other = await probeAndCheck([url], { resolve, longUrl: false, trust: await machineRootTrust(readerOf(rootStore(stranger))) });
    expect(other.byId['NDES-NET-008']!.status).toBe('fail');
  });

  test('without a readable Root store there is no extra trust, and no error', async () => {
    expect(await machineRootTrust(readerOf({ status: 'unavailable', errorCode: 'E_FACT_UNAVAILABLE', message: 'powershell missing' }))).toBeUndefined();
    expect(await machineRootTrust(readerOf({ status: 'ok', file: 'x', bytes: Buffer.from('not json') }))).toBeUndefined();
  });
});
