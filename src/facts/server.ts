import type { DateCulture } from '../parse/culture-date.js';
import { parsePsJson, psArray, psBool, psDate, psNumber, psObject, psString, psList } from '../parse/powershell-json.js';
import { decodeText } from '../parse/text.js';
import { defineFact, FactError, parseOrThrow, requireBytes } from './fact.js';
import { readRegistryTree, registryTreeFact, subkey, type RegistryTreeFact } from './registry-tree.js';
import { serverArtifacts } from '../collect/windows/server-artifacts.js';

export interface ServerSystemFact {
  /** Win32_ComputerSystem.DNSHostName. */
  computerName: string;
  /** Win32_ComputerSystem.Name: the NetBIOS name (at most 15 characters), which names local accounts (`NDES01\user`). */
  netbiosName: string;
  /** `ndes01.contoso.com` when domain joined, else the host name. */
  fqdn: string;
  /** The AD domain's DNS name, or the workgroup's name when not domain joined; never empty. */
  domain: string;
  partOfDomain: boolean;
  /** Win32_ComputerSystem.DomainRole: 0/1 workstation, 2/3 member server, 4/5 domain controller. */
  domainRole: number;
  /** Win32_OperatingSystem.ProductType: 1 workstation, 2 domain controller, 3 server. */
  productType: number;
  caption: string;
  /** `10.0.20348`. */
  version: string;
  lastBootUpTime?: Date;
  /** `Server`, `Server Core` or `Client` (CurrentVersion\InstallationType, never translated). */
  installationType?: string;
  productName?: string;
  /** When the data was collected, by the server's clock; absent in bundles from older collectors. */
  collectedAt?: Date;
  /** The server's offset from UTC at collection time, for values Windows writes in local time. */
  utcOffsetMinutes?: number;
  /**
   * Date formats recorded at collection: the collecting account's culture and LocalSystem's
   * (HKU\.DEFAULT). Undefined in bundles from collectors that did not record them.
   */
  dateFormats?: AccountDateCulture[];
  source: string;
}

export interface AccountDateCulture extends DateCulture {
  /** Whose settings: the account that ran the collector, or LocalSystem. */
  account: 'collector' | 'system';
}

export interface WindowsFeature {
  name: string;
  installed: boolean;
}

export interface WindowsFeaturesFact {
  /** By lower-cased name. */
  features: Map<string, WindowsFeature>;
  source: string;
}

export interface RebootMarkersFact {
  cbsRebootPending: boolean;
  windowsUpdateRebootRequired: boolean;
  /** Files Windows replaces at the next boot (PendingFileRenameOperations and ...2), as written. */
  pendingFileRenames: string[];
  sources: string[];
}

export interface NetFxCryptoFact {
  x64: RegistryTreeFact;
  wow64: RegistryTreeFact;
}

export function parseServerSystem(text: string): Omit<ServerSystemFact, 'source'> {
  const root = psObject(parsePsJson(text), 'system.json');
  const cs = psObject(root.ComputerSystem, 'ComputerSystem');
  const os = psObject(root.OperatingSystem, 'OperatingSystem');
  const cv = root.CurrentVersion ? psObject(root.CurrentVersion, 'CurrentVersion') : {};
  const clock = root.Clock ? psObject(root.Clock, 'Clock') : {};
  const computerName = psString(cs.DNSHostName);
  const netbiosName = psString(cs.Name);
  const domain = psString(cs.Domain);
  const partOfDomain = psBool(cs.PartOfDomain);
  const domainRole = psNumber(cs.DomainRole);
  const productType = psNumber(os.ProductType);
  // Win32_OperatingSystem.Version is major.minor.build; anything else would compare as some other Windows.
  const version = psString(os.Version)?.match(/^\d+\.\d+\.\d+$/)?.[0];
  // Windows fills each of these on every machine (Domain holds the workgroup's name off a domain), and the
  // collector writes them all: one missing, null or empty means a damaged or hand-made file. A default would
  // become a verdict: "a member of ." or a certificate that does not name a made-up FQDN.
  if (!computerName || !netbiosName || !domain || partOfDomain === undefined || domainRole === undefined || productType === undefined || !version) {
    const read = {
      'ComputerSystem.DNSHostName': computerName,
      'ComputerSystem.Name': netbiosName,
      'ComputerSystem.Domain': domain,
      'ComputerSystem.PartOfDomain': partOfDomain,
      'ComputerSystem.DomainRole': domainRole,
      'OperatingSystem.ProductType': productType,
      'OperatingSystem.Version': version,
    };
    const missing = Object.entries(read).filter(([, v]) => v === undefined || v === '').map(([name]) => name);
    throw new FactError('E_FACT_MALFORMED', `no usable ${missing.join(', ')} (missing, null, empty or not of the form Windows writes); the collector always writes them, so the file is damaged or was not written by it`);
  }
  return {
    computerName,
    netbiosName,
    fqdn: partOfDomain ? `${computerName}.${domain}`.toLowerCase() : computerName.toLowerCase(),
    domain,
    partOfDomain,
    domainRole,
    productType,
    caption: psString(os.Caption) ?? '',
    version,
    lastBootUpTime: psDate(os.LastBootUpTime),
    installationType: psString(cv.InstallationType),
    productName: psString(cv.ProductName),
    collectedAt: psDate(clock.Utc),
    utcOffsetMinutes: psNumber(clock.UtcOffsetMinutes),
    dateFormats: root.DateFormats === undefined ? undefined : psArray(root.DateFormats).flatMap(dateCulture),
  };
}

/** One recorded date format; an entry without both patterns (an unset registry value) is left out. */
function dateCulture(item: unknown): AccountDateCulture[] {
  const o = psObject(item, 'DateFormats entry');
  const account = psString(o.Account);
  const shortDatePattern = psString(o.ShortDatePattern);
  const longTimePattern = psString(o.LongTimePattern);
  if ((account !== 'collector' && account !== 'system') || !shortDatePattern || !longTimePattern) return [];
  return [
    {
      account,
      name: psString(o.Name) ?? '',
      shortDatePattern,
      longTimePattern,
      dateSeparator: psString(o.DateSeparator) ?? '/',
      timeSeparator: psString(o.TimeSeparator) ?? ':',
      amDesignator: psString(o.AMDesignator) ?? '',
      pmDesignator: psString(o.PMDesignator) ?? '',
    },
  ];
}

export function parseWindowsFeatures(text: string): Map<string, WindowsFeature> {
  const features = new Map<string, WindowsFeature>();
  for (const item of psList(text)) {
    const o = psObject(item, 'feature');
    const name = psString(o.Name);
    const installed = psBool(o.Installed);
    if (!name || installed === undefined) throw new FactError('E_FACT_MALFORMED', 'a feature entry has no Name or Installed');
    features.set(name.toLowerCase(), { name, installed });
  }
  if (features.size === 0) throw new FactError('E_FACT_MALFORMED', 'Get-WindowsFeature returned no features');
  return features;
}

const key = (id: keyof typeof serverArtifacts) => {
  const w = serverArtifacts[id].windows;
  return w.kind === 'registry' ? w.key : '';
};

export const serverFacts = {
  serverSystem: defineFact({
    artifacts: ['server.system'],
    derive(read): ServerSystemFact {
      const raw = requireBytes(read('server.system'));
      return { ...parseOrThrow(raw.file, () => parseServerSystem(decodeText(raw.bytes, raw.codePage))), source: raw.file };
    },
  }),
  windowsFeatures: defineFact({
    artifacts: ['server.features'],
    derive(read): WindowsFeaturesFact {
      const raw = requireBytes(read('server.features'));
      return { features: parseOrThrow(raw.file, () => parseWindowsFeatures(decodeText(raw.bytes, raw.codePage))), source: raw.file };
    },
  }),
  dotnetFramework: registryTreeFact('server.dotnet', key('server.dotnet')),
  schannelProtocols: registryTreeFact('server.schannel-protocols', key('server.schannel-protocols')),
  netFxCrypto: defineFact({
    artifacts: ['server.netfx', 'server.netfx-wow64'],
    derive: (read): NetFxCryptoFact => ({
      x64: readRegistryTree(read('server.netfx'), key('server.netfx')),
      wow64: readRegistryTree(read('server.netfx-wow64'), key('server.netfx-wow64')),
    }),
  }),
  rebootMarkers: defineFact({
    artifacts: ['server.reboot-cbs', 'server.reboot-wu', 'server.session-manager'],
    derive(read): RebootMarkersFact {
      const cbs = readRegistryTree(read('server.reboot-cbs'), key('server.reboot-cbs'));
      const wu = readRegistryTree(read('server.reboot-wu'), key('server.reboot-wu'));
      const sm = readRegistryTree(read('server.session-manager'), key('server.session-manager'));
      const smKey = subkey(sm, '');
      const renames = ['PendingFileRenameOperations', 'PendingFileRenameOperations2'].flatMap((name) => {
        const v = smKey?.values.get(name.toLowerCase());
        if (!v) return [];
        if (v.type === 'REG_MULTI_SZ') return v.data;
        if (v.type === 'REG_SZ' || v.type === 'REG_EXPAND_SZ') return v.data ? [v.data] : [];
        return [`(${v.type} data)`];
      });
      return {
        cbsRebootPending: cbs.exists,
        windowsUpdateRebootRequired: wu.exists,
        pendingFileRenames: renames,
        sources: [cbs.source, wu.source, sm.source],
      };
    },
  }),
};
