import type { ArtifactId } from '../collect/artifacts.js';
import { parseCertStoreJson, type StoreCert } from '../parse/cert-store.js';
import { parseNetshSslcert, type SslBinding } from '../parse/netsh-sslcert.js';
import { parsePsJson, psBool, psObject, psString } from '../parse/powershell-json.js';
import { findKey, parseRegistryText } from '../parse/registry.js';
import { decodeText } from '../parse/text.js';
import { defineFact, FactError, parseOrThrow, requireBytes } from './fact.js';

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

export interface ServerDnsNameFact {
  /** Lower-case; the host name alone when the server is not in a domain. */
  fqdn: string;
  domainJoined: boolean;
  source: string;
}

export type ConnectorEncryptionCertFact =
  /** No PFXCertificateConnector key: the Certificate Connector for Microsoft Intune is not installed. */
  | { installed: false; source: string }
  | { installed: true; thumbprint?: string; registryPath: string; source: string };

export const PFX_CONNECTOR_KEY = 'HKLM\\SOFTWARE\\Microsoft\\MicrosoftIntune\\PFXCertificateConnector';

function certStoreFact(id: ArtifactId, store: string) {
  return defineFact({
    artifacts: [id],
    derive(read): CertStoreFact {
      const raw = requireBytes(read(id));
      const certs = parseOrThrow(raw.file, () => parseCertStoreJson(decodeText(raw.bytes, raw.codePage)));
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
  serverDnsName: defineFact({
    artifacts: ['server.system'],
    derive(read): ServerDnsNameFact {
      const raw = requireBytes(read('server.system'));
      return parseOrThrow(raw.file, () => {
        const data = psObject(parsePsJson(decodeText(raw.bytes, raw.codePage)), 'server/system.json');
        const cs = psObject(data.ComputerSystem, 'ComputerSystem');
        const host = psString(cs.DNSHostName) ?? psString(cs.Name);
        if (!host) throw new FactError('E_FACT_MALFORMED', `${raw.file}: ComputerSystem has neither DNSHostName nor Name`);
        const domainJoined = psBool(cs.PartOfDomain) === true;
        const domain = psString(cs.Domain);
        const fqdn = domainJoined && domain ? `${host}.${domain}` : host;
        return { fqdn: fqdn.toLowerCase(), domainJoined, source: raw.file };
      });
    },
  }),
  connectorEncryptionCert: defineFact({
    artifacts: ['connector.registry'],
    derive(read): ConnectorEncryptionCertFact {
      const raw = read('connector.registry');
      if (raw.status === 'not-found') return { installed: false, source: raw.file ?? 'connector.registry' };
      const ok = requireBytes(raw);
      const keys = parseOrThrow(ok.file, () => parseRegistryText(decodeText(ok.bytes, ok.codePage)));
      const key = findKey(keys, PFX_CONNECTOR_KEY);
      if (!key) return { installed: false, source: ok.file };
      const value = key.values.get('encryptioncertthumbprint');
      const thumbprint =
        value && (value.type === 'REG_SZ' || value.type === 'REG_EXPAND_SZ') && value.data.trim() !== ''
          ? value.data.replace(/[\s\u200e\u200f]/g, '').toUpperCase()
          : undefined;
      return { installed: true, thumbprint, registryPath: `${PFX_CONNECTOR_KEY}\\EncryptionCertThumbprint`, source: ok.file };
    },
  }),
};
