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
  const bad = { format: 'ndes-doctor-probes', version: 1, targets: [{ url: 'u', host: 'h', exchanges: [{ purpose: 'mscep', request: {}, response: { status: '200' } }] }] };
  expect(() => parseProbeFile(JSON.stringify(bad))).toThrow(/exchange 1: response without a numeric status/);
});

test('the server FQDN for the live self-probe', () => {
  expect(ownFqdn({ USERDNSDOMAIN: 'CONTOSO.COM' }, 'NDES01')).toBe('ndes01.contoso.com');
  expect(ownFqdn({}, 'NDES01')).toBe('ndes01');
  expect(ownFqdn({ USERDNSDOMAIN: 'CONTOSO.COM' }, 'ndes01.corp.contoso.com')).toBe('ndes01.corp.contoso.com');
});
