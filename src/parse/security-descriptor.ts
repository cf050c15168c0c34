/**
 * Binary security descriptors in self-relative form ([MS-DTYP] 2.4.6), as Windows stores them in
 * the registry (a CA's `Security` value, a service's `Security\Security`). Trustees come out as
 * SIDs and rights as masks: nothing in the format is translated, whatever the Windows language.
 */
import { ParseError } from './errors.js';

export class SecurityDescriptorError extends ParseError {
  override name = 'SecurityDescriptorError';
}

export const ACE_TYPE = { accessAllowed: 0, accessDenied: 1 } as const;

/** ACE flag: the ACE applies to child objects only, never to the object that holds it. */
const INHERIT_ONLY = 0x08;
const SE_DACL_PRESENT = 0x0004;
const SE_SELF_RELATIVE = 0x8000;

export interface Ace {
  /** ACCESS_ALLOWED_ACE_TYPE 0, ACCESS_DENIED_ACE_TYPE 1; object, callback and audit types keep their number. */
  type: number;
  flags: number;
  mask: number;
  /** Undefined for ACE types whose layout is not read here; such ACEs never match. */
  sid?: string;
}

export interface SecurityDescriptor {
  control: number;
  owner?: string;
  group?: string;
  /** `null` for a NULL DACL (none present), which Windows reads as every right for everyone. */
  dacl: Ace[] | null;
}

/** ACE types laid out as header, mask, SID ([MS-DTYP] 2.4.4.2-2.4.4.17): allowed, denied, audit, alarm, their callback forms, mandatory label, scoped policy. */
const MASK_THEN_SID = new Set([0, 1, 2, 3, 9, 10, 13, 14, 17, 19]);
/** Object ACE types: header, mask, flags, optional object and inherited-object GUIDs, SID. */
const OBJECT_ACES = new Set([5, 6, 7, 8, 11, 12, 15, 16]);

export function parseSecurityDescriptor(bytes: Uint8Array): SecurityDescriptor {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  need(buf, 0, 20, 'the header');
  if (buf[0] !== 1) throw new SecurityDescriptorError(`revision ${buf[0]} is not 1`);
  const control = buf.readUInt16LE(2);
  if ((control & SE_SELF_RELATIVE) === 0) throw new SecurityDescriptorError(`control 0x${hex4(control)} is not self-relative (SE_SELF_RELATIVE)`);
  const [owner, group, , daclAt] = [4, 8, 12, 16].map((o) => buf.readUInt32LE(o)) as [number, number, number, number];
  const present = (control & SE_DACL_PRESENT) !== 0 && daclAt !== 0;
  return {
    control,
    owner: owner ? readSid(buf, owner, 'the owner') : undefined,
    group: group ? readSid(buf, group, 'the group') : undefined,
    dacl: present ? readAcl(buf, daclAt) : null,
  };
}

/**
 * Windows' access check for one right: the DACL's ACEs in order, and the first allow or deny ACE
 * that names one of the principal's SIDs with that right decides. Without one, the right is not
 * granted. Inherit-only ACEs do not apply to the object itself.
 */
export function checkAccess(dacl: readonly Ace[] | null, sids: ReadonlySet<string>, right: number): { granted: boolean; by?: Ace } {
  if (dacl === null) return { granted: true };
  const by = dacl.find(
    (a) => (a.type === ACE_TYPE.accessAllowed || a.type === ACE_TYPE.accessDenied) && (a.flags & INHERIT_ONLY) === 0 && (a.mask & right) !== 0 && a.sid !== undefined && sids.has(a.sid),
  );
  return { granted: by?.type === ACE_TYPE.accessAllowed, by };
}

function readAcl(buf: Buffer, at: number): Ace[] {
  need(buf, at, 8, 'the DACL header');
  const size = buf.readUInt16LE(at + 2);
  const count = buf.readUInt16LE(at + 4);
  need(buf, at, size, 'the DACL');
  const aces: Ace[] = [];
  let pos = at + 8;
  for (let i = 0; i < count; i++) {
    const what = `ACE ${i + 1}`;
    if (pos + 4 > at + size) throw new SecurityDescriptorError(`${what} starts past the end of the DACL (${size} bytes)`);
    const type = buf[pos]!;
    const flags = buf[pos + 1]!;
    const aceSize = buf.readUInt16LE(pos + 2);
    if (aceSize < 8 || pos + aceSize > at + size) throw new SecurityDescriptorError(`${what} has size ${aceSize}, which does not fit the DACL`);
    const mask = buf.readUInt32LE(pos + 4);
    let sid: string | undefined;
    if (MASK_THEN_SID.has(type)) sid = readSid(buf, pos + 8, what, pos + aceSize);
    else if (OBJECT_ACES.has(type)) {
      need(buf, pos + 8, 4, what);
      const objectFlags = buf.readUInt32LE(pos + 8);
      const sidAt = pos + 12 + (objectFlags & 1 ? 16 : 0) + (objectFlags & 2 ? 16 : 0);
      sid = readSid(buf, sidAt, what, pos + aceSize);
    }
    aces.push({ type, flags, mask, sid });
    pos += aceSize;
  }
  return aces;
}

/** A SID ([MS-DTYP] 2.4.2.2): revision 1, count, 48-bit big-endian authority, little-endian sub-authorities. */
function readSid(buf: Buffer, at: number, what: string, end = buf.length): string {
  if (at + 8 > end) throw new SecurityDescriptorError(`the SID of ${what} at offset ${at} is cut off`);
  if (buf[at] !== 1) throw new SecurityDescriptorError(`the SID of ${what} at offset ${at} has revision ${buf[at]}, not 1`);
  const count = buf[at + 1]!;
  if (count > 15 || at + 8 + count * 4 > end) throw new SecurityDescriptorError(`the SID of ${what} at offset ${at} has ${count} sub-authorities, which do not fit`);
  const authority = buf.readUIntBE(at + 2, 6);
  const subs = Array.from({ length: count }, (_, i) => buf.readUInt32LE(at + 8 + i * 4));
  return ['S-1', authority, ...subs].join('-');
}

function need(buf: Buffer, at: number, length: number, what: string): void {
  if (at + length > buf.length) throw new SecurityDescriptorError(`${what} at offset ${at} runs past the end of the ${buf.length}-byte descriptor`);
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');
