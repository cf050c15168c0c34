import { parsePsJson, psArray, psObject, psString, psList } from '../parse/powershell-json.js';
import { parseSetspnList, type SetspnListing } from '../parse/setspn.js';
import { decodeText } from '../parse/text.js';
import type { ArtifactId } from '../collect/artifacts.js';
import { defineFact, FactError, parseOrThrow, requireBytes, type FactSpec } from './fact.js';

export interface GroupMember {
  /** `CONTOSO\svc-ndes`, `NDES01\Administrator`, as Windows resolved it. */
  name: string;
  sid: string;
}

export interface LocalGroupFact {
  /** The group's well-known SID. */
  sid: string;
  members: GroupMember[];
  source: string;
}

export interface ScepAccountSpnFact {
  /** Undefined when the collector found no SCEP pool user (built-in identity or no pool). */
  listing?: SetspnListing;
  source: string;
}

/** The account the SCEP application pool reaches the CA as, with the groups its token carries. */
export interface ScepIdentityFact {
  applicationPool?: string;
  /** As appcmd reports processModel.identityType: SpecificUser, ApplicationPoolIdentity, NetworkService, LocalSystem, LocalService. */
  identityType?: string;
  /** `CONTOSO\svc-ndes`, or `NDES01$` for a built-in identity. */
  account?: string;
  sid?: string;
  /** Every security group SID in the account's token (nested groups and the primary group included); undefined when it could not be read. */
  tokenGroups?: string[];
  /** Why the SID or the groups are missing, as the collector saw it. */
  error?: string;
  source: string;
}

const SID = /^S-1-\d+(?:-\d+)+$/;

export function parseScepIdentity(text: string): Omit<ScepIdentityFact, 'source'> {
  const o = psObject(parsePsJson(text), 'scep-identity.json');
  const sid = psString(o.Sid);
  if (sid !== undefined && !SID.test(sid)) throw new FactError('E_FACT_MALFORMED', `Sid "${sid}" is not a SID`);
  const groups = o.TokenGroups === null || o.TokenGroups === undefined ? undefined : psArray(o.TokenGroups).map((g) => psString(g) ?? '');
  const bad = groups?.find((g) => !SID.test(g));
  if (bad !== undefined) throw new FactError('E_FACT_MALFORMED', `TokenGroups holds "${bad}", which is not a SID`);
  return {
    applicationPool: psString(o.ApplicationPool),
    identityType: psString(o.IdentityType),
    account: psString(o.Account),
    sid,
    tokenGroups: sid ? groups : undefined,
    error: psString(o.Error),
  };
}

export function parseGroupMembers(text: string): GroupMember[] {
  return psList(text).map((item) => {
    const o = psObject(item, 'group member');
    const name = psString(o.Name);
    if (!name) throw new FactError('E_FACT_MALFORMED', 'a group member has no Name');
    // Orphaned members have no name Windows can resolve, only the SID.
    const sid = psString(o.SID) ?? psString((o.SID as { Value?: unknown } | undefined)?.Value);
    // Every member Get-LocalGroupMember lists has a SID, and the collector always selects it: without one the
    // file is damaged, and the checks that match by SID (user rights through a group) would miss the member.
    if (sid === undefined || !SID.test(sid)) {
      throw new FactError('E_FACT_MALFORMED', `group member ${name} has ${sid === undefined ? 'no SID' : `SID "${sid}", which is not a SID`}`);
    }
    return { name, sid };
  });
}

export function localGroupFact(id: ArtifactId, sid: string): FactSpec<LocalGroupFact> {
  return defineFact({
    artifacts: [id],
    derive(read) {
      const raw = requireBytes(read(id));
      return { sid, members: parseOrThrow(raw.file, () => parseGroupMembers(decodeText(raw.bytes, raw.codePage))), source: raw.file };
    },
  });
}

export const accountFacts = {
  scepIdentity: defineFact({
    artifacts: ['account.scep-identity'],
    derive(read): ScepIdentityFact {
      const raw = requireBytes(read('account.scep-identity'));
      return { ...parseOrThrow(raw.file, () => parseScepIdentity(decodeText(raw.bytes, raw.codePage))), source: raw.file };
    },
  }),
  iisIusrsGroup: localGroupFact('account.iis-iusrs', 'S-1-5-32-568'),
  administratorsGroup: localGroupFact('account.administrators', 'S-1-5-32-544'),
  scepAccountSpn: defineFact({
    artifacts: ['account.spn'],
    derive(read): ScepAccountSpnFact {
      const raw = requireBytes(read('account.spn'));
      const text = decodeText(raw.bytes, raw.codePage);
      if (text.trim() === '') return { source: raw.file };
      return { listing: parseOrThrow(raw.file, () => parseSetspnList(text)), source: raw.file };
    },
  }),
};
