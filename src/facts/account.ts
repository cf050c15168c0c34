import { parsePsJson, psArray, psObject, psString } from '../parse/powershell-json.js';
import { parseSetspnList, type SetspnListing } from '../parse/setspn.js';
import { decodeText } from '../parse/text.js';
import type { ArtifactId } from '../collect/artifacts.js';
import { defineFact, FactError, parseOrThrow, requireBytes, type FactSpec } from './fact.js';

export interface GroupMember {
  /** `CONTOSO\svc-ndes`, `NDES01\Administrator`, as Windows resolved it. */
  name: string;
  sid?: string;
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

export function parseGroupMembers(text: string): GroupMember[] {
  return psArray(parsePsJson(text)).map((item) => {
    const o = psObject(item, 'group member');
    const name = psString(o.Name);
    if (!name) throw new FactError('E_FACT_MALFORMED', 'a group member has no Name');
    // Orphaned members have no name Windows can resolve, only the SID.
    const sid = psString(o.SID) ?? psString((o.SID as { Value?: unknown } | undefined)?.Value);
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
