import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { endpointChecks } from '../../../src/checks/endpoint/index.js';
import type { Exchange, TargetRecording } from '../../../src/collect/network/recording.js';
import type { Outcome } from '../../../src/engine/types.js';
import { parseProbeFile } from '../../../src/parse/probe-recording.js';
import { decodeText } from '../../../src/parse/text.js';
import { shown } from '../example-outcomes.js';

const healthy = parseProbeFile(decodeText(new Uint8Array(readFileSync(new URL('../../../examples/healthy/network/probes.json', import.meta.url))))).targets[0]!;
const page = (f: string) => Buffer.from(readFileSync(new URL(`../../fixtures/ndes-http/${f}`, import.meta.url))).toString('base64');
const NOW = new Date(healthy.startedAt);

type Change = (t: TargetRecording) => void;
const on = (purpose: string, change: (e: Exchange) => void): Change => (t) => t.exchanges.filter((e) => e.purpose === purpose).forEach(change);
const answer = (status: number, body?: string, headers: Record<string, string> = { server: 'Microsoft-IIS/10.0', 'content-type': 'text/html' }) => (e: Exchange) => {
  e.response = { status, headers, bodyBytes: body ? Buffer.from(body, 'base64').length : 0, truncated: false, ...(body && { bodyBase64: body }) } as Exchange['response'];
  delete e.error;
};
const caps = (change: (e: Exchange) => void): Change => (t) => (on('getcacaps', change)(t), on('long-url', change)(t));
const failWith = (code: string, message: string) => (e: Exchange) => {
  delete e.response;
  e.error = { code, message };
};

/** Every endpoint check on the healthy recording with one thing changed, as a device or proxy would see it. */
async function variant(change: Change): Promise<Record<string, unknown>> {
  const target = structuredClone(healthy);
  change(target);
  const endpoint = { recorded: true as const, target, source: 'network/probes.json' };
  const out: Record<string, unknown> = {};
  for (const c of endpointChecks) out[c.id] = shown((await c.run({ endpoint } as never, { now: NOW, options: {} })) as Outcome);
  return out;
}

// What a user reads when the NDES server, a proxy or the network answers differently from the
// healthy server, held still: a change to any word, evidence or fix shows up here for review.
describe('the endpoint checks on the healthy recording with one answer changed', () => {
  it.each([
    ['mscep.dll shows the NDES information page (no policy module)', on('mscep', answer(200, page('mscep-ndes-page.html')))],
    ['mscep.dll answers 404', on('mscep', answer(404, page('iis-404.html')))],
    ["mscep.dll's 403 is nginx's own page", on('mscep', answer(403, page('nginx-403.html'), { server: 'nginx/1.22.1' }))],
    ['mscep.dll answers 500', on('mscep', answer(500))],
    ['mscep.dll answers 503 from HTTP.sys', on('mscep', answer(503, page('httpsys-503.html'), { server: 'Microsoft-HTTPAPI/2.0' }))],
    ['mscep.dll is refused', on('mscep', failWith('ECONNREFUSED', 'connect ECONNREFUSED'))],
    // The long-URL requests are GetCACaps too, and get the same list.
    ['GetCACaps lists the legacy capabilities', caps(answer(200, page('getcacaps-legacy.txt'), {}))],
    ['GetCACaps of EJBCA', caps(answer(200, page('getcacaps-ejbca.txt'), {}))],
    ['GetCACaps answers 404', on('getcacaps', answer(404, page('iis-404.html')))],
    ['GetCACaps times out', on('getcacaps', failWith('E_TIMEOUT', 'no answer in 20 s'))],
    ['GetCACert answers 500', on('getcacert', answer(500))],
    ['GetCACert is an HTML page', on('getcacert', answer(200, page('iis-403.html')))],
    ['GetCACert hits a TLS error', on('getcacert', failWith('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'))],
    ['mscep_admin hands out a password', on('mscep-admin', answer(200, page('mscep-admin-password.html')))],
    ['mscep_admin hands out a password in German', on('mscep-admin', answer(200, page('mscep-admin-password-de.html')))],
    ['mscep_admin has a full password cache', on('mscep-admin', answer(200, page('mscep-admin-cache-full.html')))],
    ['mscep_admin refuses the account', on('mscep-admin', answer(200, page('mscep-admin-no-permission.html')))],
    ['mscep_admin answers 404', on('mscep-admin', answer(404, page('iis-404.html')))],
    ['mscep_admin resets the connection', on('mscep-admin', failWith('ECONNRESET', 'socket hang up'))],
    ['the long URL gets 414 from HTTP.sys', on('long-url', answer(414, page('httpsys-414.html'), { server: 'Microsoft-HTTPAPI/2.0' }))],
    ['the long URL gets 400 Request Too Long from HTTP.sys', on('long-url', answer(400, page('httpsys-400-request-too-long.html'), { server: 'Microsoft-HTTPAPI/2.0' }))],
    ['the long URL gets 404.15 from IIS', on('long-url', answer(404, page('iis-404.15-detailed.html')))],
    ['the long URL times out', on('long-url', failWith('E_TIMEOUT', 'no answer in 20 s'))],
    ['the long URL is refused by a proxy at 32 KB', (t) => on('long-url', (e) => ((e.request.requestTargetBytes = 32_768), answer(414, undefined, { server: 'nginx' })(e)))(t)],
    ['nothing but mscep.dll was probed', (t) => void (t.exchanges = t.exchanges.filter((e) => e.purpose === 'mscep'))],
    ['the TLS chain is not trusted', (t) => void (t.tls!.handshake = { ...t.tls!.handshake!, authorized: false, authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN' })],
    ['the TLS name does not match', (t) => void (t.tls!.handshake = { ...t.tls!.handshake!, authorized: false, authorizationError: 'ERR_TLS_CERT_ALTNAME_INVALID', hostnameError: "Hostname/IP does not match certificate's altnames" })],
    ['TLS 1.0 is accepted and TLS 1.2 refused', (t) => void (t.tls!.versions = { ...t.tls!.versions, TLSv1: { accepted: true }, 'TLSv1.2': { accepted: false, error: { code: 'ERR_SSL_WRONG_VERSION_NUMBER', message: 'wrong version number' } } })],
    ['no TLS handshake at all', (t) => void (t.tls = undefined)],
  ] as [string, Change][])('%s', async (_what, change) => {
    expect(await variant(change)).toMatchSnapshot();
  });
});
