import { expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseProbeFile } from '../../src/parse/probe-recording.js';
import { ownFqdn } from '../../src/collect/network/own-endpoint.js';

test('the example recordings parse', () => {
  for (const ex of ['healthy', 'broken']) {
    const f = parseProbeFile(readFileSync(new URL(`../../examples/${ex}/network/probes.json`, import.meta.url), 'utf8'));
    expect(f.targets).toHaveLength(1);
    expect(f.targets[0]!.exchanges.length).toBeGreaterThan(5);
  }
});

test('adversarial recordings are refused with the reason', () => {
  expect(() => parseProbeFile('{"format":"ndes-doctor-probes","version":1,"targets":[{"url":"x"')).toThrow(/not valid JSON/);
  expect(() => parseProbeFile('{"format":"other","version":1,"targets":[]}')).toThrow(/not an ndes-doctor probe recording/);
  expect(() => parseProbeFile('{"format":"ndes-doctor-probes","version":9,"targets":[]}')).toThrow(/upgrade ndes-doctor/);
  const bad = { format: 'ndes-doctor-probes', version: 1, targets: [{ url: 'u', host: 'h', port: 443, exchanges: [{ purpose: 'mscep', request: {}, response: { status: '200' } }] }] };
  expect(() => parseProbeFile(JSON.stringify(bad))).toThrow(/exchange 1: response without a numeric status/);
});

test('a recording missing what a check judges is refused, not read as an empty body, a refusal or an untrusted chain', () => {
  const text = readFileSync(new URL('../../examples/healthy/network/probes.json', import.meta.url), 'utf8');
  /** The example recording with `edit` applied to its one target. */
  const edited = (edit: (t: Record<string, any>) => void) => {
    const f = JSON.parse(text);
    edit(f.targets[0]);
    return JSON.stringify(f);
  };
  const exchange = (t: Record<string, any>, purpose: string) => t.exchanges.find((e: { purpose: string }) => e.purpose === purpose);
  expect(() => parseProbeFile(edited((t) => delete t.port))).toThrow(/target 1 \(https:\/\/ndes\.contoso\.com\/certsrv\/mscep\/mscep\.dll\) has no port number/);
  expect(() => parseProbeFile(edited((t) => (t.port = 70000)))).toThrow(/has no port number/);
  expect(() => parseProbeFile(edited((t) => delete exchange(t, 'getcacaps').response.bodyBase64))).toThrow(/exchange \d+ \(getcacaps\): response without its body/);
  expect(() => parseProbeFile(edited((t) => delete exchange(t, 'getcacaps').response.truncated))).toThrow(/\(getcacaps\): response without its headers or its "truncated" flag/);
  expect(() => parseProbeFile(edited((t) => delete t.tls.handshake.authorized))).toThrow(/TLS handshake without its protocol, certificate chain or verification result/);
  expect(() => parseProbeFile(edited((t) => delete t.tls.handshake.peerChain))).toThrow(/TLS handshake without/);
  expect(() => parseProbeFile(edited((t) => delete t.tls.versions.TLSv1))).toThrow(/TLS recording does not say whether TLSv1 was accepted/);
  expect(() => parseProbeFile(edited((t) => delete t.tls.versions))).toThrow(/TLS recording without its protocol versions/);
  expect(() => parseProbeFile(edited((t) => delete t.tls))).toThrow(/has no TLS recording, which every https target gets/);
  expect(() => parseProbeFile(edited((t) => delete exchange(t, 'getcacert').response))).toThrow(/\(getcacert\): neither a response nor an error/);
  expect(() => parseProbeFile(edited((t) => delete exchange(t, 'long-url').request.requestTargetBytes))).toThrow(/\(long-url\): no requestTargetBytes/);
  // The mscep_admin page is left out on purpose; an http:// target has no TLS recording; an error stands for a response.
  expect(() => parseProbeFile(edited((t) => delete exchange(t, 'mscep-admin').response.bodyBase64))).not.toThrow();
  expect(() => parseProbeFile(edited((t) => (delete t.tls, (t.url = t.url.replace('https:', 'http:')))))).not.toThrow();
  expect(() => parseProbeFile(edited((t) => ((exchange(t, 'getcacert').error = { code: 'ECONNRESET', message: 'reset' }), delete exchange(t, 'getcacert').response)))).not.toThrow();
});

test('a field of another type is refused, not printed as [object Object] or read as a default', () => {
  const text = readFileSync(new URL('../../examples/healthy/network/probes.json', import.meta.url), 'utf8');
  const edited = (edit: (f: Record<string, any>, t: Record<string, any>) => void) => {
    const f = JSON.parse(text);
    edit(f, f.targets[0]);
    return JSON.stringify(f);
  };
  const exchange = (t: Record<string, any>, purpose: string) => t.exchanges.find((e: { purpose: string }) => e.purpose === purpose);
  for (const version of [{}, '1', null]) expect(() => parseProbeFile(edited((f) => (f.version = version))), JSON.stringify(version)).toThrow(`recording format version is ${JSON.stringify(version)}, not a number`);
  expect(() => parseProbeFile(edited((f) => delete f.version))).toThrow('recording format version is missing, not a number');
  expect(() => parseProbeFile(edited((_, t) => (exchange(t, 'mscep').response.headers.server = { name: 'IIS' })))).toThrow(/\(mscep\): response without its headers or its "truncated" flag/);
  for (const bodyBytes of [{}, '12', -1, 1.5]) {
    expect(() => parseProbeFile(edited((_, t) => (exchange(t, 'getcacaps').response.bodyBytes = bodyBytes))), JSON.stringify(bodyBytes)).toThrow(/\(getcacaps\): response without its body size/);
  }
  expect(() => parseProbeFile(edited((_, t) => (exchange(t, 'mscep-admin').response.adminPage = 'login')))).toThrow(/admin page kind other than challenge-password, password-cache-full, no-permission, other/);
  expect(() => parseProbeFile(edited((_, t) => (t.tls.versions.TLSv1.error = { code: {}, message: 'x' })))).toThrow(/an error without its code or message/);
  expect(() => parseProbeFile(edited((_, t) => (t.tls.versions.TLSv1.error = null)))).toThrow(/an error without its code or message/);
  expect(() => parseProbeFile(edited((_, t) => (exchange(t, 'getcacert').error = { code: 'ECONNRESET' })))).toThrow(/an error without its code or message/);
  for (const field of ['extraCaFile', 'authorizationError', 'hostnameError', 'cipher']) {
    expect(() => parseProbeFile(edited((_, t) => (t.tls.handshake[field] = { path: 'ca.pem' }))), field).toThrow(/TLS handshake whose cipher, verification errors or extra CA file are not text/);
  }
  expect(() => parseProbeFile(edited((_, t) => t.tls.handshake.peerChain.push(42)))).toThrow(/TLS handshake without its protocol, certificate chain or verification result/);
  // The same fields with values of their own type, and each admin page kind, still read.
  const fine = edited((_, t) => {
    t.tls.handshake.extraCaFile = 'ca.pem';
    t.tls.versions.TLSv1.error = { code: 'ECONNRESET', message: 'reset' };
    exchange(t, 'getcacaps').response.bodyBytes = 0;
  });
  expect(parseProbeFile(fine).targets[0]!.tls!.handshake!.extraCaFile).toBe('ca.pem');
  for (const kind of ['challenge-password', 'password-cache-full', 'no-permission', 'other']) {
    expect(() => parseProbeFile(edited((_, t) => (exchange(t, 'mscep-admin').response.adminPage = kind))), kind).not.toThrow();
  }
});

test('the server FQDN for the live self-probe', () => {
  expect(ownFqdn({ USERDNSDOMAIN: 'CONTOSO.COM' }, 'NDES01')).toBe('ndes01.contoso.com');
  expect(ownFqdn({}, 'NDES01')).toBe('ndes01');
  expect(ownFqdn({ USERDNSDOMAIN: 'CONTOSO.COM' }, 'ndes01.corp.contoso.com')).toBe('ndes01.corp.contoso.com');
});
