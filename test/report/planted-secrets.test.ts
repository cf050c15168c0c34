/**
 * Secrets planted in every kind of report field, in every form they are known to take, must not
 * survive redaction in any byte of any format; evidence that only looks like a secret (a
 * certificate fingerprint, a CA thumbprint) must.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/engine/types.js';
import { decodeText } from '../../src/parse/text.js';
import { FORMATS, RENDERERS } from '../../src/report/index.js';
import { buildReport, type Report } from '../../src/report/model.js';
import { redactReport } from '../../src/report/redact.js';

const german = decodeText(new Uint8Array(readFileSync('test/fixtures/ndes-http/mscep-admin-password-de.html')));
/** The German page's challenge, as in the fixture. */
const GERMAN_CHALLENGE = '5D0A2B7C91E4F003';
const PEM_BODY = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj';

/** Each planted secret, and the text that carries it into the report. */
const PLANTED: [secret: string, carrier: string][] = [
  ['8CE317021F690069', 'The enrollment challenge password is: <B> 8CE317021F690069 </B>'],
  [GERMAN_CHALLENGE, german],
  ['7B3C1D9E0F2A4B68', "<P> Le mot de passe de stimulation d'inscription est : <B> 7B3C1D9E0F2A4B68 </B>"],
  ['6A1F0C93D2E4B857', '<B> 6A1F0C93D2E4B857 </B>'],
  ['Pfx!Secret-42', '    PfxPassword    REG_SZ    Pfx!Secret-42'],
  ['50,00,66,00,78,00', '"PfxPassword"=hex:50,00,66,00,78,00,21,00,\\\n  31,00,00,00'],
  ['PfxColon9', 'PfxPassword : PfxColon9'],
  [PEM_BODY, `-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\nAoIBAQC7VJTUt9Us8cKjMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictG\n-----END PRIVATE KEY-----`],
  ['MIIEowIBAAKCAQEAtruncated', '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAtruncated'],
  ['S3cr3tUrlPass', 'https://svc-ndes:S3cr3tUrlPass@ndes.contoso.com/certsrv/mscep/mscep.dll'],
  ['aGVsbG8gdGhpcyBpcyBhIGNoYWxsZW5nZQ9Xy7', 'Intune challenge aGVsbG8gdGhpcyBpcyBhIGNoYWxsZW5nZQ9Xy7 was rejected'],
];
const NUMERIC_PFX = 12345678;

/** Fingerprints that are evidence: NDES-NET-013's RA sets (16-hex prefixes) and the CA thumbprint on the admin page. */
const KEPT = ['3F2A6C0E9B8D7A6F', 'C0FFEE09876ABCDE', 'A656FA66 AB12B433 A2DA5CF7 CC153D9A', 'EnforcePassword=1', 'PasswordMax = 5'];

function plantedReport(): Report {
  const base = { area: 'endpoint', docs: 'docs/checks/X.md', durationMs: 1, severity: 'high' } as const;
  const results: Result[] = PLANTED.map(([, carrier], i) => ({
    ...base,
    id: `NDES-NET-${String(100 + i)}`,
    slug: `planted-${i}`,
    title: 'Planted',
    status: 'fail',
    // Every field a renderer prints carries the secret somewhere.
    message: `Could not check: ${carrier}`,
    evidence: { expected: carrier, actual: carrier, source: carrier, codes: [carrier], details: { page: carrier, nested: [{ text: carrier }] } },
    remediation: { text: carrier, commands: [{ shell: 'cmd', text: carrier }], docs: carrier },
  }));
  results.push({
    ...base,
    id: 'NDES-NET-013',
    slug: 'load-balancer-affinity',
    title: 'Every connection reaches the same NDES RA certificates',
    status: 'fail',
    message: 'EnforcePassword=1 and PasswordMax = 5 are configuration.',
    evidence: { actual: '2 different RA certificate set(s) in 3 answers', details: { raSets: [['3F2A6C0E9B8D7A6F'], ['C0FFEE09876ABCDE']], PfxPassword: NUMERIC_PFX } },
    remediation: { text: 'The CA thumbprint is <B> A656FA66 AB12B433 A2DA5CF7 CC153D9A </B>.' },
  });
  return buildReport({
    mode: 'bundle',
    startedAt: new Date('2026-11-20T10:00:00Z'),
    finishedAt: new Date('2026-11-20T10:00:01Z'),
    argv: ['check', '--bundle', 'b.zip'],
    failOn: 'info',
    timeouts: { checkMs: 30_000, runMs: 120_000 },
    config: { only: [], skip: [] },
    results,
    runWarnings: PLANTED.map(([, carrier]) => carrier),
  });
}

describe('planted secrets', () => {
  const input = plantedReport();
  const redacted = redactReport(input, { hosts: false });

  it('are really in the unredacted report, so their absence below means something', () => {
    const all = FORMATS.map((f) => RENDERERS[f](input, { color: false, verbose: true })).join('\n');
    for (const [secret] of PLANTED) expect(all, secret).toContain(secret);
    expect(JSON.stringify(input)).toContain(String(NUMERIC_PFX));
  });

  for (const format of FORMATS) {
    it(`leave no byte in ${format}`, () => {
      const out = RENDERERS[format](redacted, { color: false, verbose: true });
      for (const [secret] of PLANTED) expect(out.includes(secret), `${format} still has ${secret}`).toBe(false);
      const at = out.indexOf(String(NUMERIC_PFX));
      expect(at < 0 ? '' : out.slice(at - 60, at + 20), `${format} still has the numeric PfxPassword`).toBe('');
    });
  }

  it('keeps certificate fingerprints and configuration values, which are evidence', () => {
    const json = JSON.stringify(redacted);
    for (const k of KEPT) expect(json, k).toContain(k);
    const net013 = redacted.results.find((r) => r.id === 'NDES-NET-013')!;
    expect(net013.evidence!.details!.raSets).toEqual([['3F2A6C0E9B8D7A6F'], ['C0FFEE09876ABCDE']]);
  });

  it('masks a PEM private key block whole, keeping its markers', () => {
    const pem = redacted.runWarnings[PLANTED.findIndex(([s]) => s === PEM_BODY)]!;
    expect(pem).toBe('-----BEGIN PRIVATE KEY-----\n***\n-----END PRIVATE KEY-----');
  });
});
