import type { ArtifactId } from '../collect/artifacts.js';
import { parseCertStoreJson, type StoreCert } from '../parse/cert-store.js';
import { parseNetshSslcert, type SslBinding } from '../parse/netsh-sslcert.js';
import { decodeText } from '../parse/text.js';
import { defineFact, parseOrThrow, requireBytes } from './fact.js';
import { readRegistryTree, stringValue, subkey } from './registry-tree.js';

export interface SslBindingsFact {
  bindings: SslBinding[];
  source: string;
}

export interface CertStoreFact {
  /** `LocalMachine\My`, as Windows names the store. */
  store: string;
  certs: StoreCert[];
  source: string;
}

export type ConnectorEncryptionCertFact =
  /** No PFXCertificateConnector key: the Certificate Connector for Microsoft Intune is not installed. */
  | { installed: false; source: string }
  | { installed: true; thumbprint?: string; registryPath: string; source: string };

const CONNECTOR_KEY = 'HKLM\\SOFTWARE\\Microsoft\\MicrosoftIntune';
export const PFX_CONNECTOR_KEY = `${CONNECTOR_KEY}\\PFXCertificateConnector`;

function certStoreFact(id: ArtifactId, store: string) {
  return defineFact({
    artifacts: [id],
    derive(read): CertStoreFact {
      const raw = requireBytes(read(id));
      const certs = parseOrThrow(raw.file, () => parseCertStoreJson(decodeText(raw.bytes, raw.codePage, 'as-written')));
      return { store, certs, source: raw.file };
    },
  });
}

export const tlsFacts = {
  sslBindings: defineFact({
    artifacts: ['tls.netsh-sslcert'],
    derive(read): SslBindingsFact {
      const raw = requireBytes(read('tls.netsh-sslcert'));
      return { bindings: parseOrThrow(raw.file, () => parseNetshSslcert(decodeText(raw.bytes, raw.codePage))), source: raw.file };
    },
  }),
  certStoreMy: certStoreFact('certs.localmachine-my', 'LocalMachine\\My'),
  certStoreRoot: certStoreFact('certs.localmachine-root', 'LocalMachine\\Root'),
  connectorEncryptionCert: defineFact({
    artifacts: ['connector.registry'],
    derive(read): ConnectorEncryptionCertFact {
      const tree = readRegistryTree(read('connector.registry'), CONNECTOR_KEY);
      const key = subkey(tree, 'PFXCertificateConnector');
      if (!key) return { installed: false, source: tree.source };
      const thumbprint = stringValue(key, 'EncryptionCertThumbprint')?.replace(/[\s\u200e\u200f]/g, '').toUpperCase();
      return { installed: true, thumbprint: thumbprint || undefined, registryPath: `${PFX_CONNECTOR_KEY}\\EncryptionCertThumbprint`, source: tree.source };
    },
  }),
};
