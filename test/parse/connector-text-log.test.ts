import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyConnectorText, PluginLogReader, SvclogReader, type ConnectorLogRecord } from '../../src/parse/connector-text-log.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/logs/${name}`, import.meta.url), 'utf8');
const bytes = (text: string) => new TextEncoder().encode(text);

describe('SvclogReader', () => {
  it('reads XmlWriterTraceListener fragments: time, level and the decoded ApplicationData text', () => {
    const records: ConnectorLogRecord[] = [];
    const reader = new SvclogReader((r) => records.push(r));
    const text = fixture('crp-csr-mismatch.svclog');
    const all = bytes(text);
    for (let i = 0; i < all.length; i += 97) reader.push(all.subarray(i, i + 97));
    expect(reader.end()).toEqual({ records: 5, truncated: false, strayText: false, oversized: 0 });
    expect(records.map((r) => r.level)).toEqual(['Information', 'Information', 'Error', 'Information', 'Information']);
    expect(records[2]!.text).toMatch(/^Subject Name in CSR CN="Test User \(TESTCOMPANY\\, LLC\),OU=UserAccounts/);
    expect(records[0]!.timeMs).toBe(Date.parse('2026-11-19T08:00:00Z'));
    expect(records.map((r) => classifyConnectorText(r.text))).toEqual([undefined, undefined, 'csr-subject-mismatch', 'verify-failure', 'verify-success']);
  });

  it('reports a trace cut in the middle of a fragment', () => {
    const reader = new SvclogReader(() => {});
    const text = fixture('crp-csr-mismatch.svclog');
    reader.push(bytes(text.slice(0, text.length - 100)));
    expect(reader.end()).toMatchObject({ records: 4, truncated: true });
  });
});

describe('PluginLogReader', () => {
  it('reads NDESPlugin.log lines; the documented lines carry no time', () => {
    const records: ConnectorLogRecord[] = [];
    const reader = new PluginLogReader((r) => records.push(r));
    reader.push(fixture('ndesplugin.log'));
    expect(reader.end()).toEqual({ records: 6 });
    expect(records.every((r) => r.timeMs === undefined)).toBe(true);
    expect(records.map((r) => classifyConnectorText(r.text))).toEqual([undefined, undefined, 'verify-success', undefined, undefined, 'crp-forbidden']);
  });

  it('takes a leading ISO date as the record time', () => {
    const records: ConnectorLogRecord[] = [];
    const reader = new PluginLogReader((r) => records.push(r));
    reader.push('[2026-11-19 08:00:01] Verify challenge returns false\n2026-11-19T08:00:02.5Z Exiting VerifyRequest with 0x80004005');
    reader.end();
    expect(records.map((r) => [r.timeMs, classifyConnectorText(r.text)])).toEqual([
      [Date.parse('2026-11-19T08:00:01Z'), 'verify-failure'],
      [Date.parse('2026-11-19T08:00:02.5Z'), 'verify-failure'],
    ]);
  });

  it('gives the same records whatever the chunk size, a line split anywhere', () => {
    const read = (text: string, size: number) => {
      const records: string[] = [];
      const reader = new PluginLogReader((r) => records.push(r.text));
      for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size));
      reader.end();
      return records;
    };
    const text = fixture('ndesplugin.log');
    const whole = read(text, text.length);
    expect(whole).toHaveLength(6);
    for (const size of [1, 3, 64]) expect(read(text, size)).toEqual(whole);
  });

  it('cuts a line without an end past 1 MB to its first 64 KB and reads on', () => {
    const records: string[] = [];
    const reader = new PluginLogReader((r) => records.push(r.text));
    const endless = 'x'.repeat((1 << 20) + 1);
    for (let i = 0; i < endless.length; i += 4096) reader.push(endless.slice(i, i + 4096));
    reader.push('\nVerify challenge returns false\n');
    reader.end();
    expect(records.map((r) => r.length)).toEqual([1 << 16, 'Verify challenge returns false'.length]);
  });
});

describe('classifyConnectorText', () => {
  it('names each documented outcome', () => {
    expect(classifyConnectorText('Request denied due to expired certificate challenge. 0x00000411')).toBe('challenge-expired');
    expect(classifyConnectorText('Signing certificate could not be retrieved. System.Security.Cryptography.CryptographicException: m_safeCertContext is an invalid handle.')).toBe('signing-cert-missing');
    expect(classifyConnectorText('WINHTTP_CALLBACK_STATUS_FLAG_CERT_CN_INVALID')).toBe('crp-tls-name');
    expect(classifyConnectorText('Failed to send http request /CertificateRegistrationSvc/Certificate/VerifyRequest. Error 12175')).toBe('crp-tls-name');
    expect(classifyConnectorText('NDES Connector certificate could not be found')).toBe('connector-cert-missing');
    expect(classifyConnectorText('Exiting Notify with 0x0')).toBe('notify-success');
    expect(classifyConnectorText('Exiting VerifyRequest with 0x0')).toBeUndefined();
    expect(classifyConnectorText('Sending request to certificate registration point.')).toBeUndefined();
  });
});

describe('classifyConnectorText, a phrase followed by another', () => {
  it('finds the second phrase anywhere after the first, as /first[\s\S]*then/ did', () => {
    const oracle = (text: string) =>
      /Subject Name in CSR\b[\s\S]*\bdo not match/i.test(text) ? 'csr-subject-mismatch' : /Verify challenge returns[\s\S]*403 - Forbidden/i.test(text) ? 'crp-forbidden' : undefined;
    const texts = [
      'The Subject Name in CSR and challenge\r\ndo not match',
      'do not match; the Subject Name in CSR',
      'Subject Name in CSRs do not match',
      'Subject Name in CSRs, and the Subject Name in CSR: they do not match',
      'subject name in csr ... DO NOT MATCH',
      'Subject Name in CSR undo not match',
      'Verify challenge returns: 403 - Forbidden',
      '403 - Forbidden before Verify challenge returns',
    ];
    for (const text of texts) expect(classifyConnectorText(text), text).toBe(oracle(text));
  });
});
