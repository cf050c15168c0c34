/** Reading the `[Privilege Rights]` of a secedit export for one principal. */
import type { UserRightsFact } from '../../facts/rights.js';
import type { RightHolder } from '../../parse/secedit-inf.js';
import { sidLabel } from './pool-principal.js';

/** The holder of a right that matches the principal: one of its SIDs, or a name secedit printed for it. */
export function holderFor(rights: UserRightsFact, right: string, sids: ReadonlySet<string>, names: readonly string[] = []): RightHolder | undefined {
  const wanted = names.map((n) => n.toLowerCase());
  return (rights.rights.get(right) ?? []).find((h) => (h.kind === 'sid' ? sids.has(h.sid) : wanted.includes(h.name.toLowerCase())));
}

export function holderText(h: RightHolder, principal?: { sid: string; label: string }): string {
  return h.kind === 'sid' ? sidLabel(h.sid, principal) : h.name;
}

/** How secedit lists a right's holders, for evidence. */
export function rightLine(rights: UserRightsFact, right: string): string {
  const holders = rights.rights.get(right);
  return `${right} = ${holders?.map((h) => holderText(h)).join(',') ?? '(not assigned)'}`;
}

/** Where to change user rights: the local policy, unless a GPO manages it, which then wins at the next refresh. */
export const RIGHTS_HOWTO =
  'Open secpol.msc > Local Policies > User Rights Assignment (if a Group Policy sets the right, change it in that GPO instead: gpresult /h shows the winning GPO), ' +
  'add the principal, then run gpupdate /force and restart the computer.';
