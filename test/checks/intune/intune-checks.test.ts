import { describe, expect, it } from 'vitest';
import clockSkew, { MAX_SKEW_SECONDS } from '../../../src/checks/intune/clock-skew.js';
import endpointsReachable from '../../../src/checks/intune/endpoints-reachable.js';
import tlsNotIntercepted from '../../../src/checks/intune/tls-not-intercepted.js';
import { parseIntuneRecording } from '../../../src/facts/intune.js';
import { ctx, factFrom, runCheck } from '../host-facts.js';

const AT = Date.parse('2026-11-20T09:13:58.000Z');
/** A recording whose one endpoint answered with a Date `skewS` seconds behind the local receipt time (minus half the round trip). */
function recording(skewS: number, over: Record<string, unknown> = {}) {
  const parsed = parseIntuneRecording(
    JSON.stringify({
      format: 'ndes-doctor-intune-probe',
      version: 1,
      startedAt: new Date(AT).toISOString(),
      proxy: null,
      endpoints: [
        {
          host: 'login.microsoftonline.com',
          port: 443,
          purpose: 'sign-in',
          tls: { protocol: 'TLSv1.3', peerChain: [], authorized: true },
          http: { status: 302, date: new Date(AT - skewS * 1000).toUTCString(), receivedAt: new Date(AT + 100).toISOString(), roundTripMs: 200 },
          durationMs: 300,
          ...over,
        },
      ],
    }),
  );
  return { ...parsed, source: 'network/intune.json' };
}

describe('NDES-INT-003 intune-clock-skew', () => {
  it(`passes at ${MAX_SKEW_SECONDS} s and fails one second beyond, either way`, async () => {
    expect((await runCheck(clockSkew, { intuneReachability: recording(MAX_SKEW_SECONDS) })).status).toBe('pass');
    expect(await runCheck(clockSkew, { intuneReachability: recording(MAX_SKEW_SECONDS + 1) })).toMatchObject({ status: 'fail', message: expect.stringContaining('301 s ahead of') });
    expect((await runCheck(clockSkew, { intuneReachability: recording(-MAX_SKEW_SECONDS) })).status).toBe('pass');
    expect(await runCheck(clockSkew, { intuneReachability: recording(-MAX_SKEW_SECONDS - 1) })).toMatchObject({ status: 'fail', message: expect.stringContaining('301 s behind') });
  });

  it('does not apply when no answer carried a Date header', async () => {
    const undated = { status: 302, receivedAt: new Date(AT).toISOString(), roundTripMs: 10 };
    expect((await runCheck(clockSkew, { intuneReachability: recording(0, { http: undated }) })).status).toBe('skip');
  });
});

describe('NDES-INT-002 intune-tls-not-intercepted', () => {
  it('fails a chain rejected for the host name as well as for an untrusted root', async () => {
    const o = await runCheck(tlsNotIntercepted, { intuneReachability: recording(0, { host: 'manage.microsoft.com', purpose: 'intune-service', tls: { protocol: 'TLSv1.2', peerChain: [], authorized: false, authorizationError: "Hostname/IP does not match certificate's altnames" } }) });
    expect(o).toMatchObject({ status: 'fail', evidence: { actual: expect.stringContaining('does not match') } });
  });
});

describe('the Intune checks on the example bundles', () => {
  const fact = (ex: string) => factFrom('intuneReachability', { 'network.intune': `../../examples/${ex}/network/intune.json` });

  it('pass on examples/healthy, with real public roots at the top of each chain', async () => {
    const healthy = fact('healthy');
    expect(healthy.endpoints.map((e) => e.chain.at(-1)?.subject)).toEqual([
      'CN=DigiCert Global Root G2, OU=www.digicert.com, O=DigiCert Inc, C=US',
      'CN=Microsoft RSA Root Certificate Authority 2017, O=Microsoft Corporation, C=US',
      'CN=DigiCert Global Root G2, OU=www.digicert.com, O=DigiCert Inc, C=US',
    ]);
    for (const check of [endpointsReachable, tlsNotIntercepted, clockSkew]) expect((await runCheck(check, { intuneReachability: healthy }, ctx)).status, check.id).toBe('pass');
  });

  it('show TLS inspection of the auto-update endpoint on examples/broken', async () => {
    const o = await runCheck(tlsNotIntercepted, { intuneReachability: fact('broken') });
    expect(o).toMatchObject({ status: 'fail', message: expect.stringContaining('autoupdate.msappproxy.net (auto-update) presented a chain that public roots do not trust, issued by CN=Fabrikam Proxy Inspection CA') });
  });

  it('refuses a file that is not a recording of this probe', () => {
    expect(() => parseIntuneRecording('{"format":"ndes-doctor-probes","version":1}')).toThrow(/not an ndes-doctor-intune-probe/);
    expect(() => parseIntuneRecording('<html>')).toThrow(/not JSON/);
  });

  it('refuses a recording with no endpoint, which would otherwise pass NDES-INT-001 on nothing probed', () => {
    const empty = { format: 'ndes-doctor-intune-probe', version: 1, startedAt: new Date(AT).toISOString(), proxy: null, endpoints: [] };
    expect(() => parseIntuneRecording(JSON.stringify(empty))).toThrow(/no endpoint was probed/);
  });

  it('refuses a proxy, port, status, error or text field of another type, which read as "proxy undefined" or failed the check', () => {
    const base = { format: 'ndes-doctor-intune-probe', version: 1, startedAt: new Date(AT).toISOString(), endpoints: [{ host: 'login.microsoftonline.com', port: 443, purpose: 'sign-in', durationMs: 1, error: { code: 'ECONNREFUSED', message: 'refused', stage: 'connect' } }] };
    const read = (changes: Record<string, unknown>) => parseIntuneRecording(JSON.stringify({ ...base, ...changes }));
    for (const proxy of [null, undefined, { host: 'proxy.contoso.com', port: 8080, text: 'http://proxy.contoso.com:8080' }]) expect(read({ proxy }).proxy).toEqual(proxy ?? null);
    for (const proxy of ['http://proxy.contoso.com:8080', 8080, true, [], {}, { host: 'proxy.contoso.com', port: '8080', text: 'x' }, { host: 'proxy.contoso.com', port: 8080 }]) {
      expect(() => read({ proxy }), JSON.stringify(proxy)).toThrow(/proxy is .*: neither null \(no proxy\) nor a host, port and text/);
    }
    const endpoint = (changes: Record<string, unknown>) => read({ endpoints: [{ ...base.endpoints[0], ...changes }] });
    expect(endpoint({ proxyStatus: 407 }).endpoints[0]!.proxyStatus).toBe(407);
    for (const changes of [{ port: '443' }, { port: 1.5 }, { proxyStatus: '407' }, { proxyStatus: null }]) {
      expect(() => endpoint(changes), JSON.stringify(changes)).toThrow(/endpoint 1 \(login\.microsoftonline\.com\): port or proxy answer status is not a number/);
    }
    for (const error of [{ code: 1, message: 'm', stage: 'connect' }, { code: 'E', message: {}, stage: 'connect' }, { code: 'E', message: 'm', stage: 'dns' }, { code: 'E', message: 'm' }, 'refused', null]) {
      expect(() => endpoint({ error }), JSON.stringify(error)).toThrow(/error without its code, message or stage \(proxy, connect, tls, http\)/);
    }
    const tls = { protocol: 'TLSv1.3', peerChain: [], authorized: false };
    const http = { status: 302, receivedAt: new Date(AT).toISOString(), roundTripMs: 200 };
    expect(endpoint({ error: undefined, tls: { ...tls, authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN' }, http: { ...http, date: 'Fri, 20 Nov 2026 09:13:58 GMT' } }).endpoints).toHaveLength(1);
    for (const bad of [{ authorizationError: {} }, { authorizationError: null }, { peerChain: [null] }, { peerChain: [42] }]) {
      expect(() => endpoint({ error: undefined, tls: { ...tls, ...bad }, http }), JSON.stringify(bad)).toThrow(/TLS recording without its protocol, certificate chain or verification result/);
    }
    for (const date of [0, true, {}, [], null]) {
      expect(() => endpoint({ error: undefined, tls, http: { ...http, date } }), JSON.stringify(date)).toThrow(/HTTP recording without its status, round-trip time or time of receipt/);
    }
  });

  it('refuses an endpoint whose verification result or timing is missing, which read as untrusted or a clock off by NaN', () => {
    const tls = { protocol: 'TLSv1.3', peerChain: [], authorized: true };
    const http = { status: 302, receivedAt: new Date(AT).toISOString(), roundTripMs: 200 };
    const without = (o: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));
    for (const key of ['authorized', 'peerChain', 'protocol']) {
      expect(() => recording(0, { tls: without(tls, key) }), key).toThrow(/endpoint 1 \(login\.microsoftonline\.com\): TLS recording without its protocol, certificate chain or verification result/);
    }
    for (const key of ['status', 'receivedAt', 'roundTripMs']) {
      expect(() => recording(0, { http: without(http, key) }), key).toThrow(/endpoint 1 \(login\.microsoftonline\.com\): HTTP recording without its status, round-trip time or time of receipt/);
    }
    // Date.parse reads both as some date: a bare number as a year, a local time in this machine's zone.
    for (const receivedAt of ['yesterday', 12345, '2026-11-20 09:13:58']) expect(() => recording(0, { http: { ...http, receivedAt } }), String(receivedAt)).toThrow(/HTTP recording without/);
    // The probe records the handshake and the answer, or the error that stopped it before them.
    expect(recording(0, { tls: { ...tls, authorized: false } }).endpoints[0]!.tls?.authorized).toBe(false);
    expect(recording(0, { tls: undefined, http: undefined, error: { code: 'ECONNREFUSED', message: 'refused', stage: 'connect' } }).endpoints).toHaveLength(1);
    expect(recording(0, { http: undefined, error: { code: 'E_TIMEOUT', message: 'no response', stage: 'http' } }).endpoints).toHaveLength(1);
    expect(() => recording(0, { http: undefined })).toThrow(/endpoint 1 \(login\.microsoftonline\.com\): neither an HTTP answer nor the error that stopped the probe before it/);
    expect(() => recording(0, { tls: undefined, http: undefined })).toThrow(/neither a TLS handshake nor the error/);
    expect(() => recording(0, { tls: undefined, http: undefined, error: { code: 'E_TIMEOUT', message: 'no response', stage: 'http' } })).toThrow(/neither a TLS handshake nor the error/);
  });
});
