import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { caCertOf, codesFor, scepCertificatesOf, unreachable } from '../../../src/checks/endpoint/common.js';
import type { Exchange, TargetRecording } from '../../../src/collect/network/recording.js';

const NDES_URL = 'https://ndes.contoso.com/certsrv/mscep/mscep.dll';
const get = (over: Partial<Exchange> = {}): Exchange => ({ purpose: 'getcacert', request: { method: 'GET', url: `${NDES_URL}?operation=GetCACert` }, timing: { totalMs: 5 }, ...over });
const response = (status: number, body = new Uint8Array(), over = {}) => ({ status, headers: { 'content-type': 'application/x-x509-ca-ra-cert' }, bodyBase64: Buffer.from(body).toString('base64'), bodyBytes: body.length, ...over });
const target = (...exchanges: Exchange[]) => ({ url: NDES_URL, exchanges }) as unknown as TargetRecording;
/** A real GetCACert answer, made by OpenSSL (test/fixtures/certs/README.md). */
const P7B = new Uint8Array(readFileSync(new URL('../../fixtures/certs/openssl-getcacert-ca.p7b', import.meta.url)));

describe('unreachable: what went wrong, and where to look', () => {
  it('a TLS failure points at the TLS checks and --ca-file', () => {
    expect(unreachable(get({ error: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: 'unable to verify' } }), 'read the CA')).toEqual({
      status: 'error',
      errorCode: 'E_TLS_HANDSHAKE',
      message: `Could not read the CA: GET ${NDES_URL}?operation=GetCACert failed with UNABLE_TO_VERIFY_LEAF_SIGNATURE (unable to verify). The TLS checks (NDES-NET-007 to NDES-NET-011) explain the certificate problem; if the server uses a private CA, pass its certificate with --ca-file.`,
    });
  });

  it("OpenSSL's verification codes without CERT in their name are TLS failures too, a name-constraint violation's UNSPECIFIED among them", () => {
    for (const code of ['UNSPECIFIED', 'INVALID_CA', 'PATH_LENGTH_EXCEEDED', 'INVALID_PURPOSE', 'HOSTNAME_MISMATCH', 'CRL_HAS_EXPIRED', 'ERROR_IN_CERT_NOT_AFTER_FIELD']) {
      expect([code, unreachable(get({ error: { code, message: 'x' } }), 'x')]).toMatchObject([code, { errorCode: 'E_TLS_HANDSHAKE' }]);
    }
    for (const code of ['ECONNRESET', 'E_TIMEOUT', 'E_DEADLINE', 'UND_ERR_SOCKET']) expect([code, unreachable(get({ error: { code, message: 'x' } }), 'x')]).toMatchObject([code, { errorCode: 'E_NETWORK' }]);
  });

  it('a refused connection, a name that does not resolve, and anything else', () => {
    expect(unreachable(get({ error: { code: 'ECONNREFUSED', message: 'refused' } }), 'x')).toMatchObject({ errorCode: 'E_NETWORK', message: expect.stringMatching(/ Nothing listens on that port: check the URL, the IIS https binding and firewalls\.$/) });
    expect(unreachable(get({ error: { code: 'ENOTFOUND', message: 'nope' } }), 'x').message).toMatch(/ The name does not resolve: check DNS \(or the URL\)\.$/);
    expect(unreachable(get({ error: { code: 'ECONNRESET', message: 'reset' } }), 'x').message).toMatch(/failed with ECONNRESET \(reset\)\.$/);
    expect(unreachable(get(), 'x').message).toMatch(/failed with unknown \(no response recorded\)\.$/);
  });
});

describe('caCertOf: only a whole 200 answer is read', () => {
  it('skips when GetCACert was not probed', () => {
    expect(caCertOf(target(), 'the CA')).toMatchObject({ ok: false, outcome: { status: 'skip', message: `GetCACert was not probed for ${NDES_URL}.` } });
  });

  it('errors on no answer, another status, or a body cut short', () => {
    expect(caCertOf(target(get({ error: { code: 'ECONNRESET', message: 'reset' } })), 'the CA')).toMatchObject({ ok: false, outcome: { status: 'error', errorCode: 'E_NETWORK' } });
    expect(caCertOf(target(get({ response: response(403) as never })), 'the CA')).toEqual({
      ok: false,
      outcome: { status: 'error', errorCode: 'E_NETWORK', message: 'Could not read the CA: GetCACert answered HTTP 403 instead of the CA and RA certificates (see NDES-NET-001 for what 403 means here).' },
    });
    expect(caCertOf(target(get({ response: response(200, P7B.subarray(0, 100)) as never, error: { code: 'E_TIMEOUT', message: 'timed out' } })), 'the CA')).toEqual({
      ok: false,
      outcome: { status: 'error', errorCode: 'E_NETWORK', message: `Could not read the CA: GetCACert from ${NDES_URL} answered HTTP 200 but its body stopped after 100 bytes with E_TIMEOUT (timed out).` },
    });
  });

  it('reads a bundle, and calls anything else malformed, saying when the size cap cut it', () => {
    const ok = caCertOf(target(get({ response: response(200, P7B) as never })), 'the CA');
    expect(ok).toMatchObject({ ok: true, contentType: 'application/x-x509-ca-ra-cert', source: `GET ${NDES_URL}?operation=GetCACert` });
    const cut = caCertOf(target(get({ response: response(200, P7B.subarray(0, 50), { truncated: true }) as never })), 'the CA');
    expect(cut).toMatchObject({ ok: false, outcome: { status: 'error', errorCode: 'E_FACT_MALFORMED', message: expect.stringContaining('returned something that is not a certificate bundle (the body was cut at the size cap): ') } });
    const html = caCertOf(target(get({ response: response(200, new TextEncoder().encode('<html>')) as never })), 'the CA');
    expect(html.ok === false && html.outcome.message).toMatch(/not a certificate bundle: /);
  });
});

describe('codesFor', () => {
  it('adds what the knowledge base says of the codes it knows, and no details when it knows none', () => {
    expect(codesFor('zz-unknown')).toEqual({ codes: ['zz-unknown'] });
    const known = codesFor('403', 'zz-unknown');
    expect(known.codes).toEqual(['403', 'zz-unknown']);
    expect(Object.keys((known.details as { knowledge: object }).knowledge)).toEqual(['403']);
  });
});

describe('scepCertificatesOf: each GetCACert answer of a target read once', () => {
  it('the same bytes on several connections and for several checks give the one reading; other bytes their own', () => {
    const [a, b, html] = [get({ response: response(200, P7B) as never }), get({ response: response(200, P7B) as never }), get({ response: response(200, new TextEncoder().encode('<html>')) as never })];
    const t = target(a, b, html);
    const first = scepCertificatesOf(t, a);
    expect(first.all.length).toBeGreaterThan(0);
    expect(scepCertificatesOf(t, b)).toBe(first);
    expect(scepCertificatesOf(target(a), a)).not.toBe(first);
    expect(scepCertificatesOf(target(a), a)).toEqual(first);
    // An unreadable answer says why every time it is asked for.
    expect(() => scepCertificatesOf(t, html)).toThrow(/not DER/);
    expect(() => scepCertificatesOf(t, html)).toThrow(/not DER/);
  });
});
