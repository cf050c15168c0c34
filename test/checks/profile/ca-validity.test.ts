import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/profile/ca-validity.js';
import type { TargetRecording } from '../../../src/recordings/probes.js';
import type { EndpointFact } from '../../../src/facts/endpoint.js';
import { flags, run } from './profile-facts.js';

/**
 * A GetCACert answer holding one CA certificate, made with the openssl CLI (not node-forge, which
 * reads it):
 *   openssl req -x509 -newkey rsa:2048 -nodes -days 1000 -subj "/CN=Contoso Issuing CA 2/O=Contoso Test" \
 *     -addext basicConstraints=critical,CA:true -addext keyUsage=critical,keyCertSign,cRLSign,digitalSignature -out ca.pem
 *   openssl crl2pkcs7 -nocrl -certfile ca.pem -outform DER -out openssl-getcacert-ca.p7b
 * Its notAfter is 2029-08-27T00:20:06Z.
 */
const CA_NOT_AFTER = Date.parse('2029-08-27T00:20:06Z');
const DAY = 86_400_000;
const body = readFileSync(new URL('../../fixtures/certs/openssl-getcacert-ca.p7b', import.meta.url));
const URL_ = 'https://ndes.contoso.com/certsrv/mscep/mscep.dll';

function endpoint(status = 200, bytes: Buffer = body): EndpointFact {
  const target: TargetRecording = {
    input: URL_,
    url: URL_,
    host: 'ndes.contoso.com',
    port: 443,
    startedAt: '2026-12-01T00:00:00.000Z',
    durationMs: 40,
    notes: [],
    exchanges: [
      {
        purpose: 'getcacert',
        request: { method: 'GET', url: `${URL_}?operation=GetCACert&message=ndes-doctor` },
        response: { status, headers: { 'content-type': 'application/x-x509-ca-ra-cert' }, bodyBase64: bytes.toString('base64'), bodyBytes: bytes.length, truncated: false },
        timing: { totalMs: 12 },
      },
    ],
  };
  return { recorded: true, target, source: 'network/probes.json' };
}
const at = (ms: number) => ({ now: new Date(ms), options: {} });

describe('NDES-PRF-017 profile-ca-validity', () => {
  it("passes when a certificate issued now ends before the CA's, warns from the day it would not", () => {
    const oneYear = 365 * DAY;
    const pass = run(check, { profile: flags({ validity: '1y' }), endpoint: endpoint() }, at(CA_NOT_AFTER - oneYear - DAY));
    expect(pass).toMatchObject({ status: 'pass', evidence: { actual: '"O=Contoso Test, CN=Contoso Issuing CA 2" valid until 2029-08-27' } });
    const late = run(check, { profile: flags({ validity: '1y' }), endpoint: endpoint() }, at(CA_NOT_AFTER - oneYear + DAY));
    expect(late).toMatchObject({ status: 'warn', message: expect.stringMatching(/the issuing CA's certificate ends 2029-08-27: the CA cuts device certificates short by up to 1 days/) });
  });

  // 24 months is 730 or 731 days on the calendar, not 720: a CA certificate ending in between cuts it short.
  it('counts months on the calendar, both sides of the CA certificate', () => {
    const start = new Date(CA_NOT_AFTER);
    start.setUTCMonth(start.getUTCMonth() - 24);
    const verdict = (ms: number) => run(check, { profile: flags({ validity: '24m' }), endpoint: endpoint() }, at(ms)).status;
    expect([verdict(start.getTime() - DAY), verdict(start.getTime() + DAY)]).toEqual(['pass', 'warn']);
  });

  it("does not apply on Apple platforms, where the template's period counts", () => {
    expect(run(check, { profile: flags({ platform: 'ios' }), endpoint: endpoint() }, at(CA_NOT_AFTER)).status).toBe('skip');
  });

  it('skips without probes or without a CA certificate, and reports an unusable answer', () => {
    expect(run(check, { profile: flags(), endpoint: { recorded: false, reason: 'No SCEP endpoint was probed.' } })).toMatchObject({ status: 'skip', message: 'No SCEP endpoint was probed.' });
    expect(run(check, { profile: flags(), endpoint: endpoint(500) }).status).toBe('error');
    expect(run(check, { profile: flags(), endpoint: endpoint(200, Buffer.from('<html>')) })).toMatchObject({ status: 'error', errorCode: 'E_FACT_MALFORMED' });
  });
});
