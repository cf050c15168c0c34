import type { ArtifactRecord, RawArtifact } from '../manifest.js';
import { readRegistryTree, stringValue, subkey } from '../../facts/registry-tree.js';
import { connectorSettingsFrom } from '../../facts/connector.js';
import { PFX_CONNECTOR_KEY } from '../../facts/tls.js';
import { connectorProxy, encodeIntuneRecording, endpointsFromEnv, intuneEndpoints, probeIntune } from './intune-probe.js';

/** Live collection of `network.intune`: the connector's proxy and service address come from its registry key. */
export async function collectIntuneProbe(registry: RawArtifact): Promise<{ record: ArtifactRecord; bytes?: Uint8Array }> {
  const started = Date.now();
  let base: string | undefined;
  let proxy;
  try {
    const tree = readRegistryTree(registry, PFX_CONNECTOR_KEY.slice(0, PFX_CONNECTOR_KEY.lastIndexOf('\\')));
    const settings = connectorSettingsFrom(tree);
    base = stringValue(subkey(tree, 'PFXCertificateConnector'), 'BaseServiceAddress');
    const port = settings.proxyPort?.type === 'REG_DWORD' || settings.proxyPort?.type === 'REG_SZ' ? settings.proxyPort.data : undefined;
    proxy = connectorProxy(settings.proxyServer, port);
  } catch {
    // Without the connector's settings the probe goes direct to the public cloud, as a fresh connector would.
  }
  const endpoints = endpointsFromEnv(process.env['NDES_DOCTOR_INTUNE_ENDPOINTS'], intuneEndpoints(base));
  const command = `probe Intune endpoints${proxy ? ` through ${proxy.text}` : ''}`;
  if (endpoints === 'off') return { record: { status: 'failed', command, message: 'not probed: NDES_DOCTOR_INTUNE_ENDPOINTS=none', errorCode: 'E_FACT_UNAVAILABLE' } };
  const recording = await probeIntune({ endpoints, proxy });
  return { record: { status: 'ok', command, durationMs: Date.now() - started }, bytes: encodeIntuneRecording(recording) };
}
