import { hostname } from 'node:os';
import { parseCertStoreJson } from '../../parse/cert-store.js';
import { decodeText } from '../../parse/text.js';
import type { ArtifactId } from '../artifacts.js';
import type { ArtifactRecord, RawArtifact } from '../manifest.js';
import { probeTargets, type ProbeOptions } from './probe.js';
import { encodeProbeFile } from './recording.js';
import { MSCEP_PATH } from '../../recordings/probes.js';

/**
 * This server's FQDN: the host name plus the DNS domain Windows puts in USERDNSDOMAIN.
 * A member server's users are normally from the same domain; --url covers the other cases.
 */
export function ownFqdn(env: NodeJS.ProcessEnv = process.env, host = hostname()): string {
  const domain = env['USERDNSDOMAIN'];
  const name = host.toLowerCase();
  return domain && !name.includes('.') ? `${name}.${domain.toLowerCase()}` : name;
}

export function ownEndpointUrl(): string {
  return `https://${ownFqdn()}${MSCEP_PATH}`;
}

/**
 * The certificates of the server's LocalMachine\Root store. Node carries its own root list, which
 * lacks the enterprise root that usually issues an NDES server's TLS certificate; without these a
 * live run would call every internally issued certificate untrusted.
 */
export async function machineRootTrust(read: (id: ArtifactId) => Promise<RawArtifact>): Promise<ProbeOptions['trust']> {
  const raw = await read('certs.localmachine-root');
  if (raw.status !== 'ok') return undefined;
  let certs;
  try {
    certs = parseCertStoreJson(decodeText(raw.bytes, raw.codePage, 'as-written'));
  } catch {
    return undefined;
  }
  const pem = certs.flatMap((c) => (c.status === 'ok' ? [c.cert.x509.toString()] : []));
  return pem.length ? { pem, from: 'the LocalMachine\\Root store' } : undefined;
}

/** Live collection of `network.probes`: the server probes its own endpoint as a device would. */
export async function probeOwnEndpoint(opts: ProbeOptions = {}): Promise<{ record: ArtifactRecord; bytes?: Uint8Array }> {
  const url = ownEndpointUrl();
  const started = Date.now();
  try {
    const targets = await probeTargets([url], opts);
    return { record: { status: 'ok', command: `probe ${url}`, durationMs: Date.now() - started }, bytes: encodeProbeFile(targets) };
  } catch (e) {
    return { record: { status: 'failed', command: `probe ${url}`, message: (e as Error).message, errorCode: 'E_NETWORK' } };
  }
}
