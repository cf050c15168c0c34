import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/endpoint/endpoint-tls-versions.js';
import type { TargetRecording, TlsRecording } from '../../../src/collect/network/recording.js';
import { parseProbeFile } from '../../../src/parse/probe-recording.js';
import { decodeText } from '../../../src/parse/text.js';

// Mixed answers (one version accepted, another not answered) cannot be made on demand by a real server; the
// recording of the healthy example, with its versions changed, stands in for one.
const healthy = parseProbeFile(decodeText(new Uint8Array(readFileSync(new URL('../../../examples/healthy/network/probes.json', import.meta.url))))).targets[0]!;
const ALERT = { code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', message: 'the server refused this TLS version alert number 70' };

async function withVersions(versions: Partial<TlsRecording['versions']>) {
  const target: TargetRecording = structuredClone(healthy);
  target.tls!.versions = { ...target.tls!.versions, ...versions };
  return check.run({ endpoint: { recorded: true, target, source: 'network/probes.json' } } as never, { now: new Date(healthy.startedAt), options: {} } as never);
}

describe('NDES-NET-007 judges TLS 1.2 on its own handshake', () => {
  it('TLS 1.3 accepted and TLS 1.2 timed out: TLS 1.2 is not known to be refused, so it is an error', async () => {
    const r = await withVersions({ 'TLSv1.2': { accepted: false, error: { code: 'E_TIMEOUT', message: 'no TLS handshake within 4000 ms' } } });
    expect(r).toMatchObject({ status: 'error', errorCode: 'E_NETWORK' });
    expect(r.message).toBe(
      'Could not tell whether ndes.contoso.com:443 accepts TLSv1.2: its handshake failed with E_TIMEOUT (no TLS handshake within 4000 ms), which says nothing about the TLS versions the server accepts.',
    );
    expect(r.evidence?.actual).toBe('TLSv1 refused (ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION), TLSv1.1 refused (ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION), TLSv1.2 failed (E_TIMEOUT), TLSv1.3 accepted');
  });

  it('TLS 1.3 accepted and TLS 1.2 turned down with a protocol-version alert: it fails', async () => {
    const r = await withVersions({ 'TLSv1.2': { accepted: false, error: ALERT } });
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/^ndes\.contoso\.com:443 refuses TLS 1\.2 \(accepts TLSv1\.3\)/);
  });

  it('no version accepted, TLS 1.2 refused but TLS 1.3 not answered: an error, naming TLS 1.3', async () => {
    const r = await withVersions({ 'TLSv1.2': { accepted: false, error: ALERT }, 'TLSv1.3': { accepted: false, error: { code: 'E_DEADLINE', message: 'the run reached its overall deadline' } } });
    expect(r).toMatchObject({ status: 'error', errorCode: 'E_NETWORK' });
    expect(r.message).toMatch(/accepts TLSv1\.3: its handshake failed with E_DEADLINE/);
  });
});
