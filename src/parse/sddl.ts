/**
 * Security descriptors in SDDL, as certutil prints a template's (`nTSecurityDescriptor`,
 * `TemplatePropSecurityDescriptor`) and .NET's GetSddlForm writes them:
 * `O:<sid>G:<sid>D:PAI(OA;;RPWPCR;0e10c968-78fb-11d2-90d4-00c04f79dc55;;S-1-5-21-...-1113)(A;;LCRPLORC;;;AU)`.
 * Trustees are SIDs or two-letter aliases; rights are two-letter codes or a hex mask.
 */
import { ParseError } from './errors.js';

export class SddlError extends ParseError {
  override name = 'SddlError';
}

export interface SddlAce {
  /** `A` allow, `D` deny, `OA`/`OD` object allow/deny; other types are kept and never match. */
  type: string;
  /** ACE flags as written, e.g. `CIIO`, `ID`. */
  flags: string;
  mask: number;
  /** Lower-case GUID of the right or property an object ACE is limited to. */
  objectType?: string;
  inheritedObjectType?: string;
  /** As written: a SID (`S-1-5-21-...`) or an alias (`AU`, `DA`). */
  trustee: string;
}

export interface SecurityDescriptor {
  owner?: string;
  group?: string;
  dacl: SddlAce[];
}

/** Directory-service access rights (ADS_RIGHT_*) and the generic rights. */
export const RIGHTS = {
  CC: 0x1, DC: 0x2, LC: 0x4, SW: 0x8, RP: 0x10, WP: 0x20, DT: 0x40, LO: 0x80, CR: 0x100,
  SD: 0x10000, RC: 0x20000, WD: 0x40000, WO: 0x80000,
  GA: 0x10000000, GX: 0x20000000, GW: 0x40000000, GR: 0x80000000,
  // File and key rights that may appear in any SDDL; they grant nothing on a directory object here.
  FA: 0x1f01ff, FR: 0x120089, FW: 0x120116, FX: 0x1200a0, KA: 0xf003f, KR: 0x20019, KW: 0x20006, KX: 0x20019,
} as const satisfies Record<string, number>;

/** Aliases for well-known SIDs; `null` for aliases relative to the domain, resolved with its SID. */
const ALIASES: Record<string, string | { rid: number }> = {
  WD: 'S-1-1-0', CO: 'S-1-3-0', CG: 'S-1-3-1', NU: 'S-1-5-2', IU: 'S-1-5-4', SU: 'S-1-5-6', AN: 'S-1-5-7', ED: 'S-1-5-9',
  PS: 'S-1-5-10', AU: 'S-1-5-11', RC: 'S-1-5-12', SY: 'S-1-5-18', LS: 'S-1-5-19', NS: 'S-1-5-20',
  BA: 'S-1-5-32-544', BU: 'S-1-5-32-545', BG: 'S-1-5-32-546', PU: 'S-1-5-32-547', AO: 'S-1-5-32-548', SO: 'S-1-5-32-549',
  PO: 'S-1-5-32-550', BO: 'S-1-5-32-551', RE: 'S-1-5-32-552', RU: 'S-1-5-32-554', RD: 'S-1-5-32-555', NO: 'S-1-5-32-556',
  LA: { rid: 500 }, LG: { rid: 501 }, DA: { rid: 512 }, DU: { rid: 513 }, DG: { rid: 514 }, DC: { rid: 515 }, DD: { rid: 516 },
  CA: { rid: 517 }, RS: { rid: 553 }, PA: { rid: 520 }, RO: { rid: 498 },
};

/** The SID a trustee stands for; domain-relative aliases need the domain's SID. Undefined when it cannot be known. */
export function trusteeSid(trustee: string, domainSid?: string): string | undefined {
  if (/^S-1-/i.test(trustee)) return trustee.toUpperCase();
  const alias = ALIASES[trustee.toUpperCase()];
  if (alias === undefined) return undefined;
  if (typeof alias === 'string') return alias;
  return domainSid ? `${domainSid}-${alias.rid}` : undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseMask(text: string): number {
  if (/^0x[0-9a-f]+$/i.test(text)) return Number(text) >>> 0;
  if (/^\d+$/.test(text)) return Number(text) >>> 0;
  if (text.length % 2 !== 0) throw new SddlError(`rights "${text}" are not two-letter codes`);
  let mask = 0;
  for (let i = 0; i < text.length; i += 2) {
    const code = text.slice(i, i + 2).toUpperCase() as keyof typeof RIGHTS;
    if (!(code in RIGHTS)) throw new SddlError(`unknown right "${code}" in "${text}"`);
    mask = (mask | RIGHTS[code]) >>> 0;
  }
  return mask;
}

function parseAce(body: string): SddlAce {
  const parts = body.split(';');
  if (parts.length < 6) throw new SddlError(`ACE "(${body})" has ${parts.length} fields, not 6`);
  const [type, flags, rights, objectType, inheritedObjectType, trustee] = parts.map((p) => p.trim()) as [string, string, string, string, string, string];
  for (const guid of [objectType, inheritedObjectType]) if (guid && !GUID.test(guid)) throw new SddlError(`"${guid}" in "(${body})" is not a GUID`);
  if (!/^(S-1-[\d-]+|[A-Z]{2})$/i.test(trustee)) throw new SddlError(`"${trustee}" in "(${body})" is neither a SID nor an alias`);
  return {
    type: type.toUpperCase(),
    flags: flags.toUpperCase(),
    mask: parseMask(rights),
    ...(objectType && { objectType: objectType.toLowerCase() }),
    ...(inheritedObjectType && { inheritedObjectType: inheritedObjectType.toLowerCase() }),
    trustee,
  };
}

/** Parses owner, group and DACL; a descriptor cut short or with a malformed ACE throws SddlError. */
export function parseSddl(text: string): SecurityDescriptor {
  const s = text.trim();
  const parts = [...s.matchAll(/([OGDS]):((?:\([^()]*\)|[^()OGDS:]|[OGDS](?!:))*)/g)];
  if (parts.length === 0 || parts[0]!.index !== 0 || parts.reduce((n, m) => n + m[0].length, 0) !== s.length) {
    throw new SddlError(`"${s.slice(0, 80)}" is not a security descriptor in SDDL`);
  }
  const sd: SecurityDescriptor = { dacl: [] };
  let sawDacl = false;
  for (const [, tag, value] of parts) {
    if (tag === 'O') sd.owner = value;
    else if (tag === 'G') sd.group = value;
    else if (tag === 'D') {
      sawDacl = true;
      const aces = value!.replace(/^[A-Z]*/, '');
      if (!/^(\([^()]*\))*$/.test(aces)) throw new SddlError(`the DACL "${value!.slice(0, 80)}" is cut short or malformed`);
      sd.dacl = [...aces.matchAll(/\(([^()]*)\)/g)].map((m) => parseAce(m[1]!));
    }
  }
  if (!sawDacl) throw new SddlError('the security descriptor has no DACL (D:)');
  return sd;
}
