import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterAll, describe, expect, test } from 'vitest';
import { probeTargets } from '../../../src/collect/network/probe.js';
import { issue, ndesPki } from '../../helpers/network/pki.js';
import { caFile, FAST } from '../../helpers/network/run.js';
import { listen, listenOn, ndesResponder, type Running } from '../../helpers/network/servers.js';

const pki = ndesPki();
const tlsCert = issue({ cn: 'ndes.contoso.test', issuer: pki.ca, san: ['ndes.contoso.test'] });
const otherName = issue({ cn: 'other.contoso.test', issuer: pki.ca, san: ['other.contoso.test'] });
const trust = caFile(pki.ca);
const resolve = { 'ndes.contoso.test': '127.0.0.1' };
const servers: Running[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

/** An NDES-like TLS server that notes which connection carried each request. */
async function countingNdes(urlLimit: number) {
  const sockets = new Map<Socket, number>();
  const requests: { what: string; connection: number; resumed: boolean }[] = [];
  const answer = ndesResponder({ caCerts: [pki.pkcs7], urlLimit: { bytes: urlLimit, refuse: 'http-sys-400' } });
  const s = await listen(
    (req: IncomingMessage, res: ServerResponse) => {
      if (!sockets.has(req.socket)) sockets.set(req.socket, sockets.size);
      const url = req.url ?? '';
      const what = url.length > 1_000 ? 'long-url' : (/operation=(\w+)/.exec(url)?.[1] ?? (url.includes('mscep_admin') ? 'admin' : 'mscep'));
      requests.push({ what, connection: sockets.get(req.socket)!, resumed: (req.socket as TLSSocket).isSessionReused() });
      answer(req, res);
    },
    { key: tlsCert.keyPem, certChain: tlsCert.certPem },
  );
  servers.push(s);
  return { url: `https://ndes.contoso.test:${s.port}`, requests };
}

describe('connections a probe opens', () => {
  test('each load-balancer affinity call has a fresh connection, resuming a session of the target; mscep.dll, GetCACaps and the long-URL search share one, opened again after each refusal', async () => {
    const ndes = await countingNdes(20_000);
    const [t] = await probeTargets([ndes.url], { caFile: trust, resolve, limits: FAST });
    const long = t!.exchanges.filter((e) => e.purpose === 'long-url');
    // HTTP.sys refuses above 20,000 bytes with "Connection: close", so the search goes down to 16,384 and bisects.
    expect(long.map((e) => e.response?.status)).toEqual([400, 400, 400, 200, 400, 200, 400, 400]);

    const on = (what: string) => ndes.requests.filter((r) => r.what === what).map((r) => r.connection);
    const cacert = on('GetCACert');
    expect(cacert).toHaveLength(3);
    expect(new Set(cacert).size).toBe(3);
    for (const c of cacert) expect(ndes.requests.filter((r) => r.connection === c)).toHaveLength(1);
    // One after another, each resuming a session, the first the main handshake's: a load balancer spreads connections,
    // not sessions, so no affinity call needs a full handshake of its own.
    expect(ndes.requests.filter((r) => r.what === 'GetCACert').map((r) => r.resumed)).toEqual([true, true, true]);

    const admin = on('admin');
    expect(admin).toHaveLength(1);
    expect(ndes.requests.filter((r) => r.connection === admin[0])).toHaveLength(1);

    // mscep.dll answers 403 (the policy module) and keeps the connection open, as GetCACaps and a long URL answered
    // 200 do; HTTP.sys closes it with each refusal, so the next request opens a new one.
    const shared = ndes.requests.filter((r) => r.what === 'mscep' || r.what === 'GetCACaps' || r.what === 'long-url');
    expect(shared.map((r) => r.what).slice(0, 2)).toEqual(['mscep', 'GetCACaps']);
    const closed = [false, false, ...long.map((e) => e.response!.status === 400)];
    for (let i = 1; i < shared.length; i++) {
      if (!closed[i - 1]) expect(shared[i]!.connection).toBe(shared[i - 1]!.connection);
      else expect(shared[i]!.connection).not.toBe(shared[i - 1]!.connection);
    }
    expect(new Set(shared.map((r) => r.connection)).size).toBe(1 + closed.slice(0, -1).filter(Boolean).length);
    // The first is the TLS probe's verified handshake; each one opened again resumes its session, as a browser would.
    expect(shared.map((r) => r.resumed)).toEqual(shared.map((r) => r.connection !== shared[0]!.connection));
  });
});

/** An NDES-like TLS server (TLS 1.2 and 1.3) counting the handshakes it completes and the connections that carried a request. */
async function handshakeCountingNdes(cert = tlsCert) {
  const carried = new Set<Socket>();
  const paths: string[] = [];
  const answer = ndesResponder({ caCerts: [pki.pkcs7] });
  const server = https.createServer({ key: cert.keyPem, cert: cert.certPem }, (req, res) => {
    carried.add(req.socket);
    paths.push(req.url ?? '');
    answer(req, res);
  });
  let handshakes = 0;
  server.on('secureConnection', () => handshakes++);
  const s = await listenOn(server, 'https');
  servers.push(s);
  return { url: `https://ndes.contoso.test:${s.port}/certsrv/mscep/mscep.dll`, counts: () => ({ handshakes, carried: carried.size }), paths };
}

describe('the TLS probe hands its main connection over', () => {
  test('mscep.dll is asked on the main handshake a strict client accepted, mscep_admin on the TLS 1.2 one: every completed handshake carries a request', async () => {
    const ndes = await handshakeCountingNdes();
    const [t] = await probeTargets([ndes.url], { caFile: trust, resolve, limits: FAST, longUrl: false });
    expect(t!.tls?.handshake?.authorized).toBe(true);
    expect(t!.exchanges.find((e) => e.purpose === 'mscep')!.response?.status).toBe(403);
    // TLS 1.2 and 1.3 accepted (TLS 1.0 and 1.1 refused): two probe handshakes, of which the TLS 1.3 one goes on
    // to carry mscep.dll and GetCACaps and the TLS 1.2 one mscep_admin; GetCACert three times on handshakes of their own.
    expect(ndes.counts()).toEqual({ handshakes: 5, carried: 5 });
  });

  test.each([
    ['an untrusted root', undefined, tlsCert, /UNABLE_TO_VERIFY|SELF_SIGNED|unable to (get|verify)/i],
    ['another host name', trust, otherName, /ERR_TLS_CERT_ALTNAME_INVALID|altnames/i],
  ] as const)('%s: the handshake is not reused, and mscep.dll fails on a connection of its own as a strict client does', async (_, ca, cert, error) => {
    const ndes = await handshakeCountingNdes(cert);
    const [t] = await probeTargets([ndes.url], { ...(ca && { caFile: ca }), resolve, limits: FAST, longUrl: false });
    expect(t!.tls?.handshake?.authorized).toBe(false);
    const mscep = t!.exchanges.find((e) => e.purpose === 'mscep')!;
    expect(mscep.response).toBeUndefined();
    expect(`${mscep.error?.code} ${mscep.error?.message}`).toMatch(error);
    // Only the unverified mscep_admin request got an answer.
    expect(ndes.paths).toEqual(['/certsrv/mscep_admin/']);
  });
});

describe('the long-URL search runs beside the load-balancer affinity calls', () => {
  test('it starts once GetCACaps has answered, without waiting for GetCACert: a server holding GetCACert until a long URL arrives still answers both', async () => {
    const answer = ndesResponder({ caCerts: [pki.pkcs7], urlLimit: { bytes: 30_800, refuse: 'http-sys-400' } });
    let longUrlArrived: () => void = () => {};
    const arrived = new Promise<void>((resolve) => (longUrlArrived = resolve));
    const s = await listen(
      (req: IncomingMessage, res: ServerResponse) => {
        const url = req.url ?? '';
        if (url.length > 1_000) longUrlArrived();
        if (url.includes('operation=GetCACert')) void arrived.then(() => answer(req, res));
        else answer(req, res);
      },
      { key: tlsCert.keyPem, certChain: tlsCert.certPem },
    );
    servers.push(s);
    const [t] = await probeTargets([`https://ndes.contoso.test:${s.port}`], { caFile: trust, resolve, limits: FAST });
    // Had the search waited for the affinity calls, the first GetCACert would have run out of time (FAST: 5 s).
    expect(t!.exchanges.filter((e) => e.purpose === 'getcacert').map((e) => e.response?.status)).toEqual([200, 200, 200]);
    expect(t!.exchanges.filter((e) => e.purpose === 'long-url').map((e) => e.response?.status)).toEqual([400, 400, 200]);
    // The recording keeps its order whatever answered first.
    expect(t!.exchanges.map((e) => e.purpose)).toEqual(['mscep', 'getcacaps', 'getcacert', 'getcacert', 'getcacert', 'mscep-admin', 'long-url', 'long-url', 'long-url']);
  });
});

describe('the long-URL search stops once the thresholds decide', () => {
  test('a limit just above 30,720 bytes (the documented configuration) is not narrowed down: three requests, two refused', async () => {
    const ndes = await countingNdes(30_800);
    const [t] = await probeTargets([ndes.url], { caFile: trust, resolve, limits: FAST });
    const long = t!.exchanges.filter((e) => e.purpose === 'long-url');
    expect(long.map((e) => [e.request.requestTargetBytes, e.response?.status])).toEqual([
      [65_000, 400],
      [40_960, 400],
      [30_720, 200],
    ]);
  });

  test('a limit just below 30,720 bytes is narrowed down to about 1 KB', async () => {
    const ndes = await countingNdes(30_600);
    const [t] = await probeTargets([ndes.url], { caFile: trust, resolve, limits: FAST });
    const long = t!.exchanges.filter((e) => e.purpose === 'long-url');
    const sizes = long.map((e) => e.request.requestTargetBytes!);
    expect(sizes.slice(0, 4)).toEqual([65_000, 40_960, 30_720, 16_384]);
    const accepted = Math.max(...long.filter((e) => e.response?.status === 200).map((e) => e.request.requestTargetBytes!));
    expect(accepted).toBeLessThanOrEqual(30_600);
    expect(accepted).toBeGreaterThan(30_600 - 1_024);
  });
});
