import { describe, expect, it } from 'vitest';
import clockSkew from '../../../src/checks/intune/clock-skew.js';
import endpointsReachable from '../../../src/checks/intune/endpoints-reachable.js';
import tlsNotIntercepted from '../../../src/checks/intune/tls-not-intercepted.js';
import type { EndpointRecording } from '../../../src/recordings/intune.js';
import { cmd, powershell } from '../../../src/engine/outcome.js';
import { parseIntuneRecording } from '../../../src/facts/intune.js';
import { runCheck } from '../host-facts.js';

const AT = Date.parse('2026-11-20T09:13:58.000Z');
const PROXY = { host: 'proxy.contoso.com', port: 8080, text: 'http://proxy.contoso.com:8080' };
const DIRECT = 'directly (no connector proxy is configured)';
/** The probe goes on to HTTP after any handshake, trusted or not. */
const HEAD = { status: 302, receivedAt: new Date(AT).toISOString(), roundTripMs: 10 };

/** An endpoint that answered with a Date header `skewS` seconds behind this server's clock, after a round trip of `roundTripMs`. */
function answered(host: string, skewS: number, roundTripMs = 200): Partial<EndpointRecording> {
  return {
    host,
    tls: { protocol: 'TLSv1.3', peerChain: [], authorized: true },
    http: { status: 302, date: new Date(AT - skewS * 1000).toUTCString(), receivedAt: new Date(AT + roundTripMs / 2).toISOString(), roundTripMs },
  };
}

function refused(host: string, extra: Partial<EndpointRecording> = {}): Partial<EndpointRecording> {
  return { host, error: { stage: 'connect', code: 'ECONNREFUSED', message: 'connection refused' }, ...extra };
}

/** A recording as the probe writes it, read through the fact parser. */
function recording(endpoints: Partial<EndpointRecording>[], proxy: typeof PROXY | null = null) {
  const parsed = parseIntuneRecording(
    JSON.stringify({
      format: 'ndes-doctor-intune-probe',
      version: 1,
      startedAt: new Date(AT).toISOString(),
      proxy,
      endpoints: endpoints.map((e) => ({ port: 443, purpose: 'sign-in', durationMs: 300, ...e })),
    }),
  );
  return { ...parsed, source: 'network/intune.json' };
}

const run = (check: Parameters<typeof runCheck>[0], endpoints: Partial<EndpointRecording>[], proxy: typeof PROXY | null = null) =>
  runCheck(check, { intuneReachability: recording(endpoints, proxy) });

describe('NDES-INT-001 intune-endpoints-reachable', () => {
  it('passes when every endpoint answered, saying how it was reached and what each answered', async () => {
    expect(await run(endpointsReachable, [answered('login.microsoftonline.com', 0)])).toMatchObject({
      status: 'pass',
      message: `Every Intune endpoint answered ${DIRECT}.`,
      evidence: {
        expected: `an HTTP answer from each endpoint over TLS, ${DIRECT}`,
        actual: 'login.microsoftonline.com (sign-in): HTTP 302 over TLSv1.3',
        source: 'network/intune.json',
      },
    });
    const viaProxy = await run(endpointsReachable, [answered('login.microsoftonline.com', 0)], PROXY);
    expect(viaProxy.message).toBe("Every Intune endpoint answered through the connector's proxy http://proxy.contoso.com:8080.");
  });

  it('fails on one refused endpoint among answering ones, naming the stage and code, with a test command per endpoint', async () => {
    const o = await run(endpointsReachable, [answered('login.microsoftonline.com', 0), refused('api.manage.microsoft.com', { purpose: 'intune-service' })]);
    expect(o).toMatchObject({
      status: 'fail',
      message: 'api.manage.microsoft.com (intune-service): connect failed, ECONNREFUSED: connection refused. The connector cannot sign in, reach the Intune service or update itself from this server.',
      evidence: { actual: 'login.microsoftonline.com (sign-in): HTTP 302 over TLSv1.3; api.manage.microsoft.com (intune-service): connect failed, ECONNREFUSED: connection refused' },
    });
    if (o.status !== 'fail') return;
    expect(o.remediation).toEqual({
      text: 'Allow HTTPS (443) from this server, as SYSTEM and as the connector account, to the endpoints Microsoft lists for the connector, through the proxy set in the connector wizard (with its http:// prefix).',
      commands: [
        powershell('Invoke-WebRequest https://login.microsoftonline.com/ -Method Head -UseBasicParsing'),
        powershell('Invoke-WebRequest https://api.manage.microsoft.com/ -Method Head -UseBasicParsing'),
      ],
      docs: 'https://learn.microsoft.com/intune/intune-service/protect/certificate-connector-prerequisites',
    });
  });

  it('says the proxy wants authentication when any failed CONNECT got 407, and tests through the proxy', async () => {
    const o = await run(endpointsReachable, [refused('login.microsoftonline.com'), refused('api.manage.microsoft.com', { proxyStatus: 407 })], PROXY);
    if (o.status !== 'fail') throw new Error(o.status);
    expect(o.remediation.text).toMatch(/^The proxy demands authentication, which the connector does not support: allow the NDES server through without it\. Allow HTTPS/);
    expect(o.remediation.commands?.[0]).toEqual(powershell('Invoke-WebRequest https://login.microsoftonline.com/ -Method Head -UseBasicParsing -Proxy http://proxy.contoso.com:8080'));
  });
});

describe('NDES-INT-002 intune-tls-not-intercepted', () => {
  it('does not apply when no endpoint completed a handshake', async () => {
    expect(await run(tlsNotIntercepted, [refused('login.microsoftonline.com')])).toMatchObject({
      status: 'skip',
      message: 'No Intune endpoint completed a TLS handshake (see NDES-INT-001).',
    });
  });

  it('passes on public chains, listing only the endpoints that completed a handshake', async () => {
    const o = await run(tlsNotIntercepted, [answered('login.microsoftonline.com', 0), refused('api.manage.microsoft.com')]);
    expect(o).toMatchObject({
      status: 'pass',
      message: `Every Intune endpoint presented a publicly trusted chain ${DIRECT}.`,
      evidence: {
        expected: 'each chain verified against public roots only, for the endpoint name',
        actual: 'login.microsoftonline.com (sign-in): public chain, top certificate issued by unknown',
      },
    });
  });

  it('fails an untrusted chain of the Intune service without a reason or certificates in plain words, and gives a command per endpoint', async () => {
    const o = await run(tlsNotIntercepted, [{ host: 'manage.microsoft.com', purpose: 'intune-service', tls: { protocol: 'TLSv1.2', peerChain: [], authorized: false }, http: HEAD }], PROXY);
    expect(o).toMatchObject({
      status: 'fail',
      message:
        "manage.microsoft.com (intune-service) presented a chain that public roots do not trust: a proxy or firewall inspects TLS through the connector's proxy http://proxy.contoso.com:8080. Microsoft does not support TLS inspection of the Intune service endpoints or of the connector's auto-update service, so the connector may fail to reach Intune or to update.",
      evidence: { actual: 'manage.microsoft.com (intune-service): not trusted, top certificate issued by unknown' },
    });
    if (o.status !== 'fail') return;
    expect(o.remediation).toEqual({
      text: 'Exempt the NDES server, or the Intune and Microsoft sign-in endpoints, from TLS inspection on the proxy or firewall.',
      commands: [powershell("$r = [Net.HttpWebRequest]::Create('https://manage.microsoft.com/'); try { $r.GetResponse().Close() } catch { }; $r.ServicePoint.Certificate.Issuer")],
      docs: 'https://learn.microsoft.com/intune/intune-service/fundamentals/intune-endpoints',
    });
  });

  // Network endpoints for Microsoft Intune: inspection is unsupported for *.manage.microsoft.com and *.dm.microsoft.com only.
  it('warns when only the sign-in endpoint is inspected, and fails as soon as an Intune endpoint is too', async () => {
    const signIn = { host: 'login.microsoftonline.com', tls: { protocol: 'TLSv1.2', peerChain: [], authorized: false }, http: HEAD };
    expect(await run(tlsNotIntercepted, [signIn, answered('manage.microsoft.com', 0)])).toMatchObject({
      status: 'warn',
      severity: 'medium',
      message: expect.stringContaining('unsupported for the Intune service endpoints, not for sign-in'),
    });
    const update = { host: 'autoupdate.msappproxy.net', purpose: 'auto-update' as const, tls: { protocol: 'TLSv1.2', peerChain: [], authorized: false }, http: HEAD };
    expect((await run(tlsNotIntercepted, [signIn, update])).status).toBe('fail');
  });
});

describe('NDES-INT-003 intune-clock-skew', () => {
  it('compares with the middle of the round trip: 300 s either way passes even after 4 s on the wire', async () => {
    expect((await run(clockSkew, [answered('login.microsoftonline.com', 300, 4_000)])).status).toBe('pass');
    expect((await run(clockSkew, [answered('login.microsoftonline.com', -300, 4_000)])).status).toBe('pass');
    expect((await run(clockSkew, [answered('login.microsoftonline.com', 301, 4_000)])).status).toBe('fail');
  });

  it('judges by the worst endpoint, whatever the order, and lists every dated answer with its sign', async () => {
    const o = await run(clockSkew, [answered('login.microsoftonline.com', 0), answered('api.manage.microsoft.com', -400), answered('graph.microsoft.com', 10)]);
    expect(o).toMatchObject({
      status: 'fail',
      message:
        "The server's clock is 400 s behind Microsoft's (api.manage.microsoft.com (sign-in): -400 s): sign-in tokens, certificates and CRLs look not yet valid or expired to the connector.",
      evidence: {
        expected: 'within ±300 seconds of the Date header of each answer',
        actual: 'login.microsoftonline.com (sign-in): +0 s; api.manage.microsoft.com (sign-in): -400 s; graph.microsoft.com (sign-in): +10 s',
      },
    });
    if (o.status !== 'fail') return;
    expect(o.remediation.commands).toEqual([cmd('w32tm /query /status'), cmd('w32tm /resync /force'), cmd('w32tm /stripchart /computer:time.windows.com /samples:3 /dataonly')]);
    expect(o.remediation.text).toMatch(/^Synchronise the clock with the domain hierarchy/);
    expect((await run(clockSkew, [answered('a.example', -400), answered('b.example', 10)])).status).toBe('fail');
  });

  it('of two equally bad endpoints names the first', async () => {
    const o = await run(clockSkew, [answered('a.example', 350), answered('b.example', -350)]);
    expect(o.message).toContain('350 s ahead of Microsoft\'s (a.example (sign-in): +350 s)');
  });

  it('passes with the worst skew in the message, and leaves out answers without a Date header', async () => {
    const undated = { ...answered('graph.microsoft.com', 0), http: { status: 200, receivedAt: new Date(AT).toISOString(), roundTripMs: 10 } };
    const o = await run(clockSkew, [answered('login.microsoftonline.com', -12), undated]);
    expect(o).toMatchObject({ status: 'pass', message: "The server's clock is within 12 s of Microsoft's.", evidence: { actual: 'login.microsoftonline.com (sign-in): -12 s' } });
    expect(await run(clockSkew, [undated])).toMatchObject({ status: 'skip', message: 'No Intune endpoint answered with a readable Date header (see NDES-INT-001).' });
  });

  it('compares no Date header that is not an HTTP date, which Date.parse would read as the year 2000 or 12345, and says so', async () => {
    const odd = (date: string) => ({ ...answered('graph.microsoft.com', 0), http: { status: 200, date, receivedAt: new Date(AT).toISOString(), roundTripMs: 10 } });
    expect(await run(clockSkew, [odd('0')])).toMatchObject({
      status: 'skip',
      message: 'No Intune endpoint answered with a readable Date header (see NDES-INT-001). Not an HTTP date, so not compared: graph.microsoft.com (sign-in) sent "0".',
    });
    const o = await run(clockSkew, [answered('login.microsoftonline.com', -12), odd('12345')]);
    expect(o).toMatchObject({
      status: 'pass',
      message: 'The server\'s clock is within 12 s of Microsoft\'s. Not an HTTP date, so not compared: graph.microsoft.com (sign-in) sent "12345".',
      evidence: { actual: 'login.microsoftonline.com (sign-in): -12 s' },
    });
    expect((await run(clockSkew, [answered('login.microsoftonline.com', -400), odd('2026-11-20T09:13:58Z')])).status).toBe('fail');
  });
});
