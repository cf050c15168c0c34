import type { ArtifactId } from '../collect/artifacts.js';
import { parseAdAccounts, type AdAccount } from '../parse/ad-accounts.js';
import { psObject, psString, psList } from '../parse/powershell-json.js';
import { parseSeceditUserRights, type RightHolder } from '../parse/secedit-inf.js';
import { decodeText } from '../parse/text.js';
import { localGroupFact } from './account.js';
import { normalizeKeyPath } from '../parse/registry.js';
import { dwordValue, readRegistryTree, stringValue, subkey } from './registry-tree.js';
import { PFX_CONNECTOR_KEY } from './tls.js';
import { defineFact, FactError, parseOrThrow, requireBytes, type FactSpec } from './fact.js';

export interface UserRightsFact {
  rights: Map<string, RightHolder[]>;
  source: string;
}

export interface AdAccountsFact {
  accounts: AdAccount[];
  source: string;
}

export interface ServiceLogon {
  name: string;
  /** `LocalSystem`, `NT AUTHORITY\NetworkService`, `CONTOSO\svc-connector`. */
  startName?: string;
  startMode?: string;
  state?: string;
}

export interface ServiceLogonsFact {
  services: ServiceLogon[];
  source: string;
}

/** A fact read from one artifact's text by one parser; the parser's errors name the file. */
export function textFact<T>(id: ArtifactId, parse: (text: string) => T): FactSpec<T & { source: string }> {
  return defineFact({
    artifacts: [id],
    derive(read) {
      const raw = requireBytes(read(id));
      return { ...parseOrThrow(raw.file, () => parse(decodeText(raw.bytes, raw.codePage))), source: raw.file };
    },
  });
}

export function parseServiceLogons(text: string): ServiceLogon[] {
  return psList(text).map((item) => {
    const o = psObject(item, 'service');
    const name = psString(o.Name);
    if (!name) throw new FactError('E_FACT_MALFORMED', 'a service entry has no Name');
    return { name, startName: psString(o.StartName), startMode: psString(o.StartMode), state: psString(o.State) };
  });
}

/** The account the connector's configuration wizard was told to run as: `CA*` subkeys of PFXCertificateConnector. */
export interface ConnectorAccountConfigFact {
  installed: boolean;
  useSystemAccount?: boolean;
  username?: string;
  source: string;
}

export const rightsFacts = {
  userRights: textFact('account.user-rights', (text): Omit<UserRightsFact, 'source'> => parseSeceditUserRights(text)),
  usersGroup: localGroupFact('account.users', 'S-1-5-32-545'),
  adAccounts: textFact('account.ad-accounts', (text): Omit<AdAccountsFact, 'source'> => ({ accounts: parseAdAccounts(text) })),
  connectorAccountConfig: defineFact({
    artifacts: ['connector.registry'],
    derive(read): ConnectorAccountConfigFact {
      const tree = readRegistryTree(read('connector.registry'), PFX_CONNECTOR_KEY.slice(0, PFX_CONNECTOR_KEY.lastIndexOf('\\')));
      if (!subkey(tree, 'PFXCertificateConnector')) return { installed: false, source: tree.source };
      const base = `${normalizeKeyPath(PFX_CONNECTOR_KEY)}\\`;
      const ca = tree.keys.filter((k) => {
        const p = normalizeKeyPath(k.path);
        return p.startsWith(base) && /^CA[^\\]*$/i.test(p.slice(base.length));
      });
      const system = ca.map((k) => dwordValue(k, 'UseSystemAccount')).find((v) => v !== undefined);
      const username = ca.map((k) => stringValue(k, 'Username')?.trim()).find((v) => !!v);
      return { installed: true, useSystemAccount: system === undefined ? undefined : system === 1, username, source: tree.source };
    },
  }),
  connectorServiceLogons: textFact('connector.service-logons', (text): Omit<ServiceLogonsFact, 'source'> => ({ services: parseServiceLogons(text) })),
};
