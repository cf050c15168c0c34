import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';
import { afterAll, describe, expect, test } from 'vitest';
import { probeTargets } from '../../../src/collect/network/probe.js';
import { tlsContexts } from '../../../src/collect/network/tls-probe.js';
import { issue, ndesPki } from '../../helpers/network/pki.js';
import { caFile, FAST } from '../../helpers/network/run.js';
import { listenOn, ndesResponder, type Running } from '../../helpers/network/servers.js';

const pki = ndesPki();
const tlsCert = issue({ cn: 'ndes.contoso.test', issuer: pki.ca, san: ['ndes.contoso.test'] });
const trust = caFile(pki.ca);
const resolve = { 'ndes.contoso.test': '127.0.0.1' };
const servers: Running[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** The first bytes a client sends: its ClientHello record, read by a plain TCP server. */
async function clientHello(context: tls.SecureContext): Promise<Buffer> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const hello = new Promise<Buffer>((r) => server.once('connection', (s) => s.once('data', (d: Buffer) => (r(d), s.destroy()))));
  const client = tls.connect({ port: (server.address() as AddressInfo).port, host: '127.0.0.1', secureContext: context, rejectUnauthorized: false });
  client.on('error', () => undefined);
  try {
    return await hello;
  } finally {
    client.destroy();
    server.close();
  }
}

/** The named groups of the key_share extension (RFC 8446 4.2.8) of a ClientHello record, read by hand. */
function keyShareGroups(record: Buffer): number[] {
  expect(record[0]).toBe(22); // handshake record
  expect(record[5]).toBe(1); // ClientHello
  let at = 5 + 4 + 2 + 32;
  at += 1 + record[at]!; // session id
  at += 2 + record.readUInt16BE(at); // cipher suites
  at += 1 + record[at]!; // compression methods
  const end = at + 2 + record.readUInt16BE(at);
  for (at += 2; at < end; ) {
    const type = record.readUInt16BE(at);
    const length = record.readUInt16BE(at + 2);
    if (type === 0x0033) {
      const groups: number[] = [];
      for (let p = at + 6; p < at + 4 + length; p += 4 + record.readUInt16BE(p + 2)) groups.push(record.readUInt16BE(p));
      return groups;
    }
    at += 4 + length;
  }
  return [];
}

const X25519 = 0x001d;

describe('the key exchange the probe offers', () => {
  test('every handshake sends one key share, X25519, not the post-quantum hybrid one OpenSSL 3.5 adds by default', async () => {
    const contexts = tlsContexts();
    for (const context of [contexts.trusted, contexts.pinned['TLSv1.3']]) {
      const hello = await clientHello(context);
      expect(keyShareGroups(hello)).toEqual([X25519]);
    }
    // The same reader on a context left to OpenSSL's defaults: on OpenSSL 3.5 it finds X25519MLKEM768 (0x11ec) first.
    const defaults = keyShareGroups(await clientHello(tls.createSecureContext()));
    expect(defaults.at(-1)).toBe(X25519);
    if (process.versions.openssl.startsWith('3.5')) expect(defaults).toEqual([0x11ec, X25519]);
  });

  test.each(['P-256', 'P-384'])('a server that takes only %s (as Schannel can be set to) still completes every handshake the probe makes', async (curve) => {
    const answer = ndesResponder({ caCerts: [pki.pkcs7] });
    const server = https.createServer({ key: tlsCert.keyPem, cert: tlsCert.certPem, ecdhCurve: curve }, answer);
    const s = await listenOn(server, 'https');
    servers.push(s);
    const [t] = await probeTargets([`https://ndes.contoso.test:${s.port}/certsrv/mscep/mscep.dll`], { caFile: trust, resolve, limits: FAST, longUrl: false });
    expect(t!.tls?.handshake?.authorized).toBe(true);
    expect(t!.tls?.versions['TLSv1.2'].accepted).toBe(true);
    expect(t!.tls?.versions['TLSv1.3'].accepted).toBe(true);
    expect(t!.exchanges.map((e) => [e.purpose, e.response?.status])).toEqual([
      ['mscep', 403],
      ['getcacaps', 200],
      ['getcacert', 200],
      ['getcacert', 200],
      ['getcacert', 200],
      ['mscep-admin', 401],
    ]);
  });
});
