import https from 'node:https';
import type { AddressInfo, LookupFunction } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import endpointsReachable from '../../../src/checks/intune/endpoints-reachable.js';
import tlsNotIntercepted from '../../../src/checks/intune/tls-not-intercepted.js';
import clockSkew from '../../../src/checks/intune/clock-skew.js';
import { connectorProxy, encodeIntuneRecording, endpointsFromEnv, intuneEndpoints, probeIntune, } from '../../../src/collect/network/intune-probe.js';
import type { IntuneEndpoint } from '../../../src/recordings/intune.js';
import { parseIntuneRecording } from '../../../src/facts/intune.js';
import { startConnectProxy } from '../../helpers/network/connect-proxy.js';
import { OpensslPki, type Pem } from '../../helpers/network/openssl-pki.js';
import { ctx, readFixture } from '../../checks/host-facts.js';
import { collectIntuneProbe } from '../../../src/collect/network/intune-collect.js';

/** Every name resolves to loopback: the probe never leaves the machine. */
const loopback: LookupFunction = (_host, options, callback) => {
  if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
};

interface Server {
  port: number;
  close(): Promise<void>;
}

/** A TLS server standing in for an Intune endpoint; `skewMs` shifts the Date header it sends. */
async function endpointServer(pem: Pem, chain: string[], skewMs = 0): Promise<Server> {
  const server = https.createServer({ key: pem.key, cert: [pem.cert, ...chain].join('\n') }, (_req, res) => {
    res.sendDate = false;
    res.setHeader('Date', new Date(Date.now() + skewMs).toUTCString());
    res.statusCode = 302;
    res.setHeader('Location', 'https://example.invalid/');
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((r) => server.close(() => r())) };
}

const NAMES = { signIn: 'login.intune.test', service: 'manage.intune.test', update: 'autoupdate.intune.test' };

describe('Intune reachability probe against loopback TLS servers and a CONNECT proxy', () => {
  const pki = new OpensslPki();
  let publicRoot: Pem;
  let servers: Record<string, Server>;
  const endpoints = (): IntuneEndpoint[] => [
    { host: NAMES.signIn, port: servers[NAMES.signIn]!.port, purpose: 'sign-in' },
    { host: NAMES.service, port: servers[NAMES.service]!.port, purpose: 'intune-service' },
    { host: NAMES.update, port: servers[NAMES.update]!.port, purpose: 'auto-update' },
  ];

  beforeAll(async () => {
    publicRoot = pki.root('Test Public Root');
    const inspection = pki.root('Fabrikam Proxy Inspection CA');
    servers = {
      [NAMES.signIn]: await endpointServer(pki.server([NAMES.signIn], publicRoot), []),
      [NAMES.service]: await endpointServer(pki.server([NAMES.service], publicRoot), []),
      // Auto-update sits behind a TLS-inspecting proxy: its certificate comes from a private root, and its clock is off.
      [NAMES.update]: await endpointServer(pki.server([NAMES.update], inspection), [inspection.cert], 7 * 60_000),
    };
  }, 60_000);

  afterAll(async () => {
    await Promise.all(Object.values(servers ?? {}).map((s) => s.close()));
    pki.dispose();
  });

  const portMap = () => Object.fromEntries(Object.entries(servers).map(([h, s]) => [h, s.port]));

  it('tunnels through the proxy, records chains, statuses and Date headers, and the checks judge them', async () => {
    const proxy = await startConnectProxy(portMap());
    try {
      const rec = await probeIntune({ endpoints: endpoints(), proxy: { host: '127.0.0.1', port: proxy.port, text: `http://127.0.0.1 port ${proxy.port}` }, publicRoots: [publicRoot.cert], timeoutMs: 5_000 });
      expect(proxy.requests).toEqual(expect.arrayContaining(endpoints().map((e) => `${e.host}:${e.port}`)));
      expect(rec.endpoints.map((e) => [e.purpose, e.proxyStatus, e.http?.status, e.tls?.authorized])).toEqual([
        ['sign-in', 200, 302, true],
        ['intune-service', 200, 302, true],
        ['auto-update', 200, 302, false],
      ]);
      const fact = { ...parseIntuneRecording(new TextDecoder().decode(encodeIntuneRecording(rec))), source: 'network/intune.json' };
      expect(fact.endpoints[2]!.chain.map((c) => c.subject)).toEqual([`CN=${NAMES.update}`, 'CN=Fabrikam Proxy Inspection CA, O=Test']);
      expect((await endpointsReachable.run({ intuneReachability: fact } as never, ctx)).status).toBe('pass');
      const tls = await tlsNotIntercepted.run({ intuneReachability: fact } as never, ctx);
      expect(tls.status).toBe('fail');
      expect(tls.message).toContain(`${NAMES.update} (auto-update) presented a chain that public roots do not trust, issued by CN=Fabrikam Proxy Inspection CA, O=Test`);
      expect(tls.message).toContain("through the connector's proxy");
      const skew = await clockSkew.run({ intuneReachability: fact } as never, ctx);
      expect(skew.status).toBe('fail');
      expect(skew.message).toMatch(/clock is (41\d|42\d) s behind Microsoft's \(autoupdate\.intune\.test/);
    } finally {
      await proxy.close();
    }
  }, 30_000);

  it('connects directly when no proxy is configured', async () => {
    const rec = await probeIntune({ endpoints: endpoints().slice(0, 2), publicRoots: [publicRoot.cert], lookup: loopback, timeoutMs: 5_000 });
    expect(rec.proxy).toBeNull();
    expect(rec.endpoints.every((e) => e.tls?.authorized && e.http?.status === 302 && e.proxyStatus === undefined)).toBe(true);
    const fact = { ...parseIntuneRecording(new TextDecoder().decode(encodeIntuneRecording(rec))), source: 'network/intune.json' };
    expect((await tlsNotIntercepted.run({ intuneReachability: fact } as never, ctx)).status).toBe('pass');
    expect((await clockSkew.run({ intuneReachability: fact } as never, ctx)).status).toBe('pass');
  }, 30_000);

  it('records a proxy that demands authentication (407), which the connector cannot use', async () => {
    const proxy = await startConnectProxy(portMap(), 'auth-required');
    try {
      const rec = await probeIntune({ endpoints: endpoints().slice(0, 1), proxy: { host: '127.0.0.1', port: proxy.port, text: 'proxy' }, timeoutMs: 5_000 });
      expect(rec.endpoints[0]).toMatchObject({ proxyStatus: 407, error: { stage: 'proxy', code: 'HTTP_407' } });
      const o = await endpointsReachable.run({ intuneReachability: { ...parseIntuneRecording(new TextDecoder().decode(encodeIntuneRecording(rec))), source: 'network/intune.json' } } as never, ctx);
      expect(o).toMatchObject({ status: 'fail', message: expect.stringContaining('authentication') });
      if (o.status === 'fail') expect(o.remediation.text).toMatch(/does not support/);
    } finally {
      await proxy.close();
    }
  }, 30_000);

  it('gives up on a proxy that never answers within the time limit', async () => {
    const proxy = await startConnectProxy(portMap(), 'silent');
    try {
      const started = Date.now();
      const rec = await probeIntune({ endpoints: endpoints().slice(0, 1), proxy: { host: '127.0.0.1', port: proxy.port, text: 'proxy' }, timeoutMs: 500 });
      expect(rec.endpoints[0]!.error).toMatchObject({ stage: 'proxy', code: 'E_TIMEOUT' });
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await proxy.close();
    }
  }, 30_000);

  it('records a refused connection', async () => {
    const closed = await endpointServer(pki.server(['gone.intune.test'], publicRoot), []);
    await closed.close();
    const rec = await probeIntune({ endpoints: [{ host: 'gone.intune.test', port: closed.port, purpose: 'intune-service' }], lookup: loopback, timeoutMs: 2_000 });
    expect(rec.endpoints[0]!.error).toMatchObject({ stage: 'connect', code: 'ECONNREFUSED' });
  }, 30_000);
});

describe('Intune probe configuration', () => {
  it('parses the connector proxy with and without a scheme and port', () => {
    expect(connectorProxy('http://proxy.contoso.com', 8080)).toMatchObject({ host: 'proxy.contoso.com', port: 8080 });
    expect(connectorProxy('http://proxy.contoso.com:3128', undefined)).toMatchObject({ port: 3128 });
    expect(connectorProxy('proxy.contoso.com', '8080')).toMatchObject({ host: 'proxy.contoso.com', port: 8080 });
    expect(connectorProxy(undefined, 8080)).toBeUndefined();
    expect(connectorProxy('svc:***@proxy.contoso.com', 8080)).toEqual({ host: 'proxy.contoso.com', port: 8080, text: 'svc:***@proxy.contoso.com port 8080' });
  });

  it("names the connector's proxy in the manifest's command without a password written into it", async () => {
    const before = process.env['NDES_DOCTOR_INTUNE_ENDPOINTS'];
    process.env['NDES_DOCTOR_INTUNE_ENDPOINTS'] = 'none';
    try {
      const file = 'registry/microsoft-intune-proxy-password.reg';
      const { record } = await collectIntuneProbe({ status: 'ok', file, bytes: readFixture(file) });
      expect(record.command).toBe('probe Intune endpoints through http://svc:***@proxy.contoso.com:8080');
    } finally {
      if (before === undefined) delete process.env['NDES_DOCTOR_INTUNE_ENDPOINTS'];
      else process.env['NDES_DOCTOR_INTUNE_ENDPOINTS'] = before;
    }
  });

  it('probes the service host of BaseServiceAddress, and takes a list or "none" from the environment', () => {
    expect(intuneEndpoints('https://manage.microsoft.us/').map((e) => e.host)).toEqual(['login.microsoftonline.com', 'manage.microsoft.us', 'autoupdate.msappproxy.net']);
    expect(endpointsFromEnv('none', intuneEndpoints())).toBe('off');
    expect(endpointsFromEnv('a.test:8443, b.test', intuneEndpoints())).toEqual([
      { host: 'a.test', port: 8443, purpose: 'sign-in' },
      { host: 'b.test', port: 443, purpose: 'intune-service' },
    ]);
  });
});
