import { connectorArtifacts } from '../collect/windows/connector-artifacts.js';
import { psEnum, psObject, psString, psList } from '../parse/powershell-json.js';
import type { RegistryValue } from '../parse/registry.js';
import { withoutPassword } from '../parse/proxy-url.js';
import { decodeText } from '../parse/text.js';
import { defineFact, FactError, parseOrThrow, requireBytes } from './fact.js';
import { childKeys, readRegistryTree, stringValue, subkey, value, type RegistryTreeFact } from './registry-tree.js';

/** Product names as the installers register them; product names are not translated. */
export const CONNECTOR_PRODUCTS = {
  current: 'Certificate Connector for Microsoft Intune',
  legacy: ['Microsoft Intune Connector', 'PFX Certificate Connector for Microsoft Intune'],
} as const;

export interface InstalledProduct {
  displayName: string;
  displayVersion?: string;
  /** `InstallDate` as written (`yyyymmdd`). */
  installDate?: string;
  /** The uninstall key it was read from. */
  key: string;
}

export interface ConnectorInstallFact {
  /** The current connector, highest version first when several entries exist. */
  current?: InstalledProduct;
  /** Retired connectors still installed. */
  legacy: InstalledProduct[];
  sources: string[];
}

export interface ConnectorSettingsFact {
  /** `...\MicrosoftIntune\PFXCertificateConnector` exists. */
  exists: boolean;
  path: string;
  enableScep?: RegistryValue;
  enableRevocation?: RegistryValue;
  /** As the connector stores it, but for a password written into it (masked: nothing that reads the fact needs it). */
  proxyServer?: string;
  proxyPort?: RegistryValue;
  proxyUsername?: string;
  lastConnectionTime?: RegistryValue;
  issueDetails?: string;
  source: string;
}

export const SERVICE_STATUSES = {
  1: 'Stopped', 2: 'StartPending', 3: 'StopPending', 4: 'Running', 5: 'ContinuePending', 6: 'PausePending', 7: 'Paused',
} as const;
export const START_TYPES = { 0: 'Boot', 1: 'System', 2: 'Automatic', 3: 'Manual', 4: 'Disabled' } as const;

export interface ServiceState {
  name: string;
  status: (typeof SERVICE_STATUSES)[keyof typeof SERVICE_STATUSES];
  startType: (typeof START_TYPES)[keyof typeof START_TYPES];
}

export interface ConnectorServicesFact {
  services: ServiceState[];
  source: string;
}

/** Compares dotted versions numerically; missing parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const pb = b.split('.').map((n) => Number.parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

export function findConnectorProducts(trees: readonly RegistryTreeFact[]): Omit<ConnectorInstallFact, 'sources'> {
  const products: InstalledProduct[] = trees.flatMap((tree) =>
    childKeys(tree).flatMap((k) => {
      const displayName = stringValue(k, 'DisplayName')?.trim();
      if (!displayName) return [];
      return [{ displayName, displayVersion: stringValue(k, 'DisplayVersion')?.trim(), installDate: stringValue(k, 'InstallDate')?.trim(), key: k.path }];
    }),
  );
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  const current = products
    .filter((p) => same(p.displayName, CONNECTOR_PRODUCTS.current))
    .sort((a, b) => compareVersions(b.displayVersion ?? '0', a.displayVersion ?? '0'))[0];
  const legacy = products.filter((p) => CONNECTOR_PRODUCTS.legacy.some((n) => same(p.displayName, n)));
  return { current, legacy };
}

/** The connector in a few words for a report's header: its version, a retired connector, or not installed. */
export function describeConnector(fact: Omit<ConnectorInstallFact, 'sources'>): string {
  const retired = fact.legacy.map((p) => `${p.displayName} ${p.displayVersion ?? ''}`.trim());
  if (fact.current) return [fact.current.displayVersion ?? 'installed, version unknown', ...retired.map((r) => `retired ${r} still installed`)].join('; ');
  return retired.length ? `${retired.join('; ')} (retired)` : 'not installed';
}

export function parseServices(text: string): ServiceState[] {
  return psList(text).map((item) => {
    const o = psObject(item, 'service');
    const name = psString(o.Name);
    if (!name) throw new FactError('E_FACT_MALFORMED', 'a service entry has no Name');
    // Get-Service always has both, as a number (or its name): anything else is a damaged file, and reading it
    // as "not running" would fail a service that runs.
    const enumOf = <T extends string>(property: 'Status' | 'StartType', names: Readonly<Record<number, T>>): T => {
      const found = psEnum(o[property], names);
      if (found) return found;
      const what = o[property] === undefined ? `has no ${property}` : `has ${property} ${JSON.stringify(o[property])}, which is not one Get-Service writes`;
      throw new FactError('E_FACT_MALFORMED', `service ${name} ${what}`);
    };
    return { name, status: enumOf('Status', SERVICE_STATUSES), startType: enumOf('StartType', START_TYPES) };
  });
}

const registryKeyOf = (id: keyof typeof connectorArtifacts) => {
  const w = connectorArtifacts[id].windows;
  return w.kind === 'registry' ? w.key : '';
};

export function connectorSettingsFrom(tree: RegistryTreeFact): ConnectorSettingsFact {
  const main = subkey(tree, 'PFXCertificateConnector');
  const status = subkey(tree, 'PFXCertificateConnector\\ConnectionStatus');
  const proxy = subkey(tree, 'PFXCertificateConnector\\Proxy');
  return {
    exists: main !== undefined,
    path: `${tree.path}\\PFXCertificateConnector`,
    enableScep: value(main, 'EnableSCEP'),
    enableRevocation: value(main, 'EnableRevocation'),
    proxyServer: withoutPassword(stringValue(proxy, 'ProxyServer')?.trim() ?? '') || undefined,
    proxyPort: value(proxy, 'Port'),
    proxyUsername: stringValue(proxy, 'Username')?.trim() || undefined,
    // Some builds write the status values on the main key instead of the subkey.
    lastConnectionTime: value(status, 'LastConnectionTime') ?? value(main, 'LastConnectionTime'),
    issueDetails: (stringValue(status, 'IssueDetails') ?? stringValue(main, 'IssueDetails'))?.trim() || undefined,
    source: tree.source,
  };
}

export const connectorFacts = {
  connectorInstall: defineFact({
    artifacts: ['connector.uninstall', 'connector.uninstall-wow64'],
    derive(read): ConnectorInstallFact {
      const trees = (['connector.uninstall', 'connector.uninstall-wow64'] as const).map((id) => readRegistryTree(read(id), registryKeyOf(id)));
      return { ...findConnectorProducts(trees), sources: trees.map((t) => t.source) };
    },
  }),
  connectorSettings: defineFact({
    artifacts: ['connector.registry'],
    derive: (read): ConnectorSettingsFact =>
      connectorSettingsFrom(readRegistryTree(read('connector.registry'), registryKeyOf('connector.registry'))),
  }),
  connectorServices: defineFact({
    artifacts: ['connector.services'],
    derive(read): ConnectorServicesFact {
      const raw = requireBytes(read('connector.services'));
      return { services: parseOrThrow(raw.file, () => parseServices(decodeText(raw.bytes, raw.codePage))), source: raw.file };
    },
  }),
};
