import { hostname } from 'node:os';
import type { ArtifactRecord } from '../manifest.js';
import { probeTargets, type ProbeOptions } from './probe.js';
import { encodeProbeFile } from './recording.js';
import { MSCEP_PATH } from './targets.js';

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
