/**
 * An Intune SCEP certificate profile as ndes-doctor lints it, read either from the JSON Microsoft
 * Graph returns for deviceManagement/deviceConfigurations (the *ScepCertificateProfile types) or
 * from lint-profile's flags. Pure: no Graph call, no file access.
 *
 * Graph property names and enum members follow the Microsoft Graph resource pages of these types
 * (intune-deviceconfig-*scepcertificateprofile, v1.0 and beta) and the shared enums keyUsages,
 * keySize, hashAlgorithms, subjectNameFormat, subjectAlternativeNameType and
 * certificateValidityPeriodScale. Flags enums are written as comma-joined member names.
 */
import { ParseError } from './errors.js';

import { PLATFORMS, type Platform } from './scep-platforms.js';
import { ownValue } from './own-value.js';

export { PLATFORMS, type Platform };

/** The Graph types lint-profile reads, by @odata.type without the `#microsoft.graph.` prefix. */
export const GRAPH_TYPES = {
  androidScepCertificateProfile: 'android',
  androidWorkProfileScepCertificateProfile: 'android-work-profile',
  androidForWorkScepCertificateProfile: 'android-work-profile',
  androidDeviceOwnerScepCertificateProfile: 'android-device-owner',
  aospDeviceOwnerScepCertificateProfile: 'android-aosp',
  iosScepCertificateProfile: 'ios',
  macOSScepCertificateProfile: 'macos',
  // The Intune admin center stores Windows 10/11 SCEP profiles as this type too.
  windows81SCEPCertificateProfile: 'windows',
} as const satisfies Record<string, Platform>;

export type CertType = 'user' | 'device';
export type SanType = 'email' | 'upn' | 'dns' | 'uri' | 'aad-attribute';
export type ValidityUnit = 'days' | 'months' | 'years';
export type Hash = 'sha1' | 'sha2';

export const SAN_LABELS = {
  email: 'Email address',
  upn: 'User principal name (UPN)',
  dns: 'DNS',
  uri: 'Uniform Resource Identifier (URI)',
  'aad-attribute': 'Custom Microsoft Entra attribute',
} as const satisfies Record<SanType, string>;

export interface Subject {
  /** subjectNameFormat: `custom`, or one of the fixed formats. */
  format: string;
  /** The format string; for a fixed format, the equivalent custom string. */
  text: string;
  /** True when `text` stands for a fixed format rather than what the administrator typed. */
  implied: boolean;
}

export interface SanEntry {
  type: SanType;
  value: string;
  /** True when the entry comes from the older subjectAlternativeNameType flags, which imply their variable. */
  implied: boolean;
}

export interface Validity {
  value: number;
  unit: ValidityUnit;
}

export interface KeyUsage {
  digitalSignature: boolean;
  keyEncipherment: boolean;
}

export interface Eku {
  oid: string;
  name?: string;
}

/** One profile setting: read, not set, or set to something ndes-doctor cannot read. */
export type Field<T> =
  | { status: 'ok'; value: T; from: string }
  | { status: 'absent'; from: string }
  | { status: 'invalid'; from: string; raw: string; reason: string };

export interface ScepProfile {
  input: 'graph' | 'flags';
  /** The file the profile was read from, or "command-line flags". */
  origin: string;
  graphType?: string;
  id?: string;
  name?: string;
  platform: Platform;
  certType: Field<CertType>;
  subject: Field<Subject>;
  sans: Field<SanEntry[]>;
  validity: Field<Validity>;
  renewalThreshold: Field<number>;
  keyUsage: Field<KeyUsage>;
  keySize: Field<number>;
  hash: Field<Hash[]>;
  ekus: Field<Eku[]>;
  scepUrls: Field<string[]>;
  keyStorageProvider: Field<string>;
}

/** The profile input cannot be used at all: not JSON, no SCEP profile in it, a bad flag value. */
export class ProfileInputError extends ParseError {
  override name = 'ProfileInputError';
}

const GRAPH_PREFIX = /^#?microsoft\.graph\./i;
const OID = /^[0-2](\.\d+)+$/;

/** What a fixed subjectNameFormat puts in the subject, written as the equivalent custom format. */
const FIXED_SUBJECTS: Record<string, string> = {
  commonName: 'CN={{UserName}}',
  commonNameIncludingEmail: 'CN={{UserName}},E={{EmailAddress}}',
  commonNameAsEmail: 'CN={{EmailAddress}}',
  commonNameAsIMEI: 'CN={{IMEI}}',
  commonNameAsSerialNumber: 'CN={{SerialNumber}}',
  commonNameAsAadDeviceId: 'CN={{AAD_Device_ID}}',
  commonNameAsIntuneDeviceId: 'CN={{DeviceId}}',
  // No documented variable holds the durable device ID, so nothing here can be checked.
  commonNameAsDurableDeviceId: 'CN=(durable device ID)',
};

const SAN_TYPES: Record<string, SanType> = {
  emailAddress: 'email',
  userPrincipalName: 'upn',
  domainNameService: 'dns',
  universalResourceIdentifier: 'uri',
  customAzureADAttribute: 'aad-attribute',
};

/** The variable each legacy subjectAlternativeNameType flag stands for. */
const IMPLIED_SAN_VALUES: Partial<Record<SanType, string>> = { email: '{{EmailAddress}}', upn: '{{UserPrincipalName}}' };

const KEY_SIZES: Record<string, number> = { size1024: 1024, size2048: 2048, size4096: 4096 };

type Json = Record<string, unknown>;

/**
 * Reads the profile from Graph JSON: one deviceConfiguration object, a collection response
 * (`{"value": [...]}`) or a JSON array. With several SCEP profiles, `select` (an id or a display
 * name) picks one.
 */
export function parseGraphProfile(text: string, origin: string, select?: string): ScepProfile {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ProfileInputError(`${origin} is not valid JSON (${(e as Error).message}).`);
  }
  const items = graphItems(data);
  if (!items) throw new ProfileInputError(`${origin}: expected a deviceConfiguration object, a Graph collection ({"value": [...]}) or an array of them.`);
  const scep = items.filter((item) => graphType(item) !== undefined);
  const chosen = choose(scep, items, origin, select);
  return fromGraph(chosen, origin);
}

function graphItems(data: unknown): Json[] | undefined {
  const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
  if (Array.isArray(data)) return data.filter(isObject);
  if (!isObject(data)) return undefined;
  if (Array.isArray(data.value)) return data.value.filter(isObject);
  return [data];
}

function rawType(item: Json): string | undefined {
  const t = item['@odata.type'];
  return typeof t === 'string' ? t.replace(GRAPH_PREFIX, '') : undefined;
}

function graphType(item: Json): keyof typeof GRAPH_TYPES | undefined {
  const t = rawType(item)?.toLowerCase();
  return (Object.keys(GRAPH_TYPES) as (keyof typeof GRAPH_TYPES)[]).find((k) => k.toLowerCase() === t);
}

function describeItem(item: Json): string {
  const name = typeof item.displayName === 'string' ? `"${item.displayName}"` : '(no displayName)';
  return `${name} (${rawType(item) ?? 'no @odata.type'}${typeof item.id === 'string' ? `, id ${item.id}` : ''})`;
}

function choose(scep: Json[], all: Json[], origin: string, select: string | undefined): Json {
  if (select !== undefined) {
    const want = select.trim().toLowerCase();
    const match = all.filter((i) => String(i.id ?? '').toLowerCase() === want || String(i.displayName ?? '').toLowerCase() === want);
    if (match.length === 0) throw new ProfileInputError(`${origin} has no profile with id or displayName "${select}". It holds: ${all.map(describeItem).join('; ') || 'nothing'}.`);
    const inScope = match.filter((i) => scep.includes(i));
    if (inScope.length === 0) throw new ProfileInputError(`${describeItem(match[0]!)} is not a SCEP certificate profile ndes-doctor reads. ${supportedTypes()}`);
    if (inScope.length > 1) throw new ProfileInputError(`${origin}: "${select}" matches ${inScope.length} SCEP profiles; select one by id: ${inScope.map(describeItem).join('; ')}.`);
    return inScope[0]!;
  }
  if (scep.length === 1) return scep[0]!;
  if (scep.length > 1) {
    throw new ProfileInputError(`${origin} holds ${scep.length} SCEP certificate profiles; pick one with --select <id|displayName>: ${scep.map(describeItem).join('; ')}.`);
  }
  const retired = all.find((i) => /scepcertificateprofile$/i.test(rawType(i) ?? ''));
  if (retired) throw new ProfileInputError(`${describeItem(retired)} is not a SCEP profile type ndes-doctor reads (retired platform). ${supportedTypes()}`);
  if (all.length === 1 && rawType(all[0]!) === undefined) {
    throw new ProfileInputError(`${origin}: the object has no "@odata.type", which names the platform. Export it from Graph as it is returned, or give the settings as flags.`);
  }
  throw new ProfileInputError(`${origin} holds no SCEP certificate profile (found: ${all.map(describeItem).join('; ') || 'nothing'}). ${supportedTypes()}`);
}

function supportedTypes(): string {
  return `Supported @odata.type values: ${Object.keys(GRAPH_TYPES).join(', ')}.`;
}

function fromGraph(item: Json, origin: string): ScepProfile {
  const type = graphType(item)!;
  const platform: Platform = GRAPH_TYPES[type];
  return {
    input: 'graph',
    origin,
    graphType: type,
    ...(typeof item.id === 'string' && { id: item.id }),
    ...(typeof item.displayName === 'string' && { name: item.displayName }),
    platform,
    certType: graphCertType(item, type),
    subject: graphSubject(item),
    sans: graphSans(item),
    validity: graphValidity(item),
    renewalThreshold: graphInteger(item, 'renewalThresholdPercentage'),
    keyUsage: graphFlags(item, 'keyUsage', ['keyEncipherment', 'digitalSignature'], (set) => ({
      digitalSignature: set.has('digitalSignature'),
      keyEncipherment: set.has('keyEncipherment'),
    })),
    keySize: graphEnum(item, 'keySize', KEY_SIZES),
    hash: graphFlags(item, 'hashAlgorithm', ['sha1', 'sha2'], (set) => (['sha1', 'sha2'] as const).filter((h) => set.has(h))),
    ekus: graphEkus(item),
    scepUrls: graphStrings(item, 'scepServerUrls'),
    keyStorageProvider: graphString(item, 'keyStorageProvider'),
  };
}

const isAbsent = (v: unknown) => v === undefined || v === null;
const shown = (v: unknown) => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));

function invalid<T>(from: string, value: unknown, reason: string): Field<T> {
  return { status: 'invalid', from, raw: shown(value), reason };
}

function graphCertType(item: Json, type: keyof typeof GRAPH_TYPES): Field<CertType> {
  const from = 'certificateStore';
  const v = item[from];
  // Android device administrator profiles predate the Device certificate type and carry no certificateStore.
  if (isAbsent(v) && type === 'androidScepCertificateProfile') return { status: 'ok', value: 'user', from: `${from} (absent: Android device administrator profiles issue user certificates)` };
  if (isAbsent(v)) return { status: 'absent', from };
  if (v === 'user') return { status: 'ok', value: 'user', from };
  if (v === 'machine') return { status: 'ok', value: 'device', from };
  return invalid(from, v, 'expected "user" or "machine"');
}

function graphSubject(item: Json): Field<Subject> {
  const format = item.subjectNameFormat;
  const custom = item.subjectNameFormatString;
  const from = 'subjectNameFormat / subjectNameFormatString';
  if (!isAbsent(format) && typeof format !== 'string') return invalid(from, format, 'subjectNameFormat is not a string');
  if (!isAbsent(custom) && typeof custom !== 'string') return invalid(from, custom, 'subjectNameFormatString is not a string');
  const customText = typeof custom === 'string' ? custom.trim() : '';
  if (format === 'custom' || (isAbsent(format) && customText)) {
    if (!customText) return invalid(from, custom ?? null, 'subjectNameFormat is "custom" but subjectNameFormatString is empty');
    return { status: 'ok', value: { format: 'custom', text: customText, implied: false }, from: 'subjectNameFormatString' };
  }
  if (isAbsent(format)) return { status: 'absent', from };
  const implied = ownValue(FIXED_SUBJECTS, format as string);
  if (!implied) return invalid(from, format, `unknown subjectNameFormat; known: custom, ${Object.keys(FIXED_SUBJECTS).join(', ')}`);
  return { status: 'ok', value: { format: format as string, text: implied, implied: true }, from: 'subjectNameFormat' };
}

function graphSans(item: Json): Field<SanEntry[]> {
  const custom = item.customSubjectAlternativeNames;
  const legacy = item.subjectAlternativeNameType;
  if (Array.isArray(custom) && custom.length > 0) {
    const from = 'customSubjectAlternativeNames';
    const entries: SanEntry[] = [];
    for (const [i, e] of custom.entries()) {
      const entry = e as Json | null;
      const type = typeof entry?.sanType === 'string' ? ownValue(SAN_TYPES, entry.sanType) : undefined;
      if (!type) return invalid(from, e, `entry ${i + 1}: sanType must be one of ${Object.keys(SAN_TYPES).join(', ')}`);
      if (typeof entry!.name !== 'string') return invalid(from, e, `entry ${i + 1}: name (the value) is not a string`);
      entries.push({ type, value: entry!.name.trim(), implied: false });
    }
    return { status: 'ok', value: entries, from };
  }
  if (!isAbsent(custom) && !Array.isArray(custom)) return invalid('customSubjectAlternativeNames', custom, 'not an array');
  if (typeof legacy === 'string' && legacy.trim() !== '') {
    const from = 'subjectAlternativeNameType';
    const names = legacy.split(',').map((s) => s.trim());
    if (names.includes('none')) return { status: 'ok', value: [], from };
    const entries: SanEntry[] = [];
    const formatString = typeof item.subjectAlternativeNameFormatString === 'string' ? item.subjectAlternativeNameFormatString.trim() : '';
    for (const name of names) {
      const type = ownValue(SAN_TYPES, name);
      if (!type) return invalid(from, legacy, `unknown member "${name}"; known: none, ${Object.keys(SAN_TYPES).join(', ')}`);
      entries.push({ type, value: IMPLIED_SAN_VALUES[type] ?? formatString, implied: true });
    }
    return { status: 'ok', value: entries, from };
  }
  if (!isAbsent(legacy) && typeof legacy !== 'string') return invalid('subjectAlternativeNameType', legacy, 'not a string');
  if (Array.isArray(custom)) return { status: 'ok', value: [], from: 'customSubjectAlternativeNames' };
  return { status: 'absent', from: 'customSubjectAlternativeNames / subjectAlternativeNameType' };
}

/**
 * Graph types the validity value and the renewal threshold as Edm.Int32: a larger number is not a
 * profile Graph returned, and would turn the day counts the checks print into Infinity and NaN.
 */
const [INT32_MIN, INT32_MAX] = [-2_147_483_648, 2_147_483_647];
const isInt32 = (v: number) => Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX;

function graphValidity(item: Json): Field<Validity> {
  const value = item.certificateValidityPeriodValue;
  const unit = item.certificateValidityPeriodScale;
  const from = 'certificateValidityPeriodValue / certificateValidityPeriodScale';
  if (isAbsent(value) && isAbsent(unit)) return { status: 'absent', from };
  if (typeof value !== 'number' || !isInt32(value) || value <= 0) return invalid(from, value ?? null, `certificateValidityPeriodValue must be a whole number from 1 to ${INT32_MAX}`);
  if (unit !== 'days' && unit !== 'months' && unit !== 'years') return invalid(from, unit ?? null, 'certificateValidityPeriodScale must be days, months or years');
  return { status: 'ok', value: { value, unit }, from };
}

function graphInteger(item: Json, from: string): Field<number> {
  const v = item[from];
  if (isAbsent(v)) return { status: 'absent', from };
  if (typeof v !== 'number' || !isInt32(v)) return invalid(from, v, `not a whole number from ${INT32_MIN} to ${INT32_MAX}`);
  return { status: 'ok', value: v, from };
}

function graphString(item: Json, from: string): Field<string> {
  const v = item[from];
  if (isAbsent(v)) return { status: 'absent', from };
  if (typeof v !== 'string') return invalid(from, v, 'not a string');
  return { status: 'ok', value: v, from };
}

function graphEnum(item: Json, from: string, members: Record<string, number>): Field<number> {
  const v = item[from];
  if (isAbsent(v)) return { status: 'absent', from };
  const value = typeof v === 'string' ? ownValue(members, v) : undefined;
  if (value === undefined) return invalid(from, v, `expected one of ${Object.keys(members).join(', ')}`);
  return { status: 'ok', value, from };
}

/** A Graph flags enum: member names joined by commas, e.g. "keyEncipherment,digitalSignature". */
function graphFlags<T>(item: Json, from: string, members: readonly string[], build: (set: Set<string>) => T): Field<T> {
  const v = item[from];
  if (isAbsent(v)) return { status: 'absent', from };
  if (typeof v !== 'string') return invalid(from, v, 'not a string');
  const names = v.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.find((n) => !members.includes(n));
  if (unknown) return invalid(from, v, `unknown member "${unknown}"; known: ${members.join(', ')}`);
  return { status: 'ok', value: build(new Set(names)), from };
}

function graphEkus(item: Json): Field<Eku[]> {
  const from = 'extendedKeyUsages';
  const v = item[from];
  if (isAbsent(v)) return { status: 'absent', from };
  if (!Array.isArray(v)) return invalid(from, v, 'not an array');
  const ekus: Eku[] = [];
  for (const [i, e] of v.entries()) {
    const oid = (e as Json | null)?.objectIdentifier;
    if (typeof oid !== 'string' || !OID.test(oid.trim())) return invalid(from, e, `entry ${i + 1}: objectIdentifier is not an OID`);
    const name = (e as Json).name;
    ekus.push({ oid: oid.trim(), ...(typeof name === 'string' && name && { name }) });
  }
  return { status: 'ok', value: ekus, from };
}

function graphStrings(item: Json, from: string): Field<string[]> {
  const v = item[from];
  if (isAbsent(v)) return { status: 'absent', from };
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) return invalid(from, v, 'not an array of strings');
  return { status: 'ok', value: (v as string[]).map((s) => s.trim()).filter(Boolean), from };
}

/** lint-profile's flags, as commander hands them over. */
export interface ProfileFlags {
  platform?: string;
  certType?: string;
  subject?: string;
  san?: readonly string[];
  validity?: string;
  renewalThreshold?: string;
  scepUrl?: readonly string[];
  keySize?: string;
  keyUsage?: string;
  hash?: string;
  eku?: readonly string[];
}

const PLATFORM_ALIASES: Record<string, Platform> = {
  'android-device-admin': 'android',
  'android-device-administrator': 'android',
  'android-fully-managed': 'android-device-owner',
  'android-dedicated': 'android-device-owner',
  'android-cope': 'android-device-owner',
  'android-corporate-owned-work-profile': 'android-device-owner',
  'android-personal-work-profile': 'android-work-profile',
  aosp: 'android-aosp',
  ipados: 'ios',
  windows10: 'windows',
  windows11: 'windows',
  'windows-8.1': 'windows',
};

const SAN_FLAG_TYPES: Record<string, SanType> = { email: 'email', upn: 'upn', dns: 'dns', uri: 'uri' };

export const EKU_NAMES: Record<string, Eku> = {
  'client-auth': { oid: '1.3.6.1.5.5.7.3.2', name: 'Client Authentication' },
  'server-auth': { oid: '1.3.6.1.5.5.7.3.1', name: 'Server Authentication' },
  'code-signing': { oid: '1.3.6.1.5.5.7.3.3', name: 'Code Signing' },
  'secure-email': { oid: '1.3.6.1.5.5.7.3.4', name: 'Secure Email' },
  'smart-card-logon': { oid: '1.3.6.1.4.1.311.20.2.2', name: 'Smart Card Logon' },
  'any-purpose': { oid: '2.5.29.37.0', name: 'Any Purpose' },
};

const FLAGS = 'command-line flags';

/** The profile described by flags. A value that cannot be read is a usage error: the user typed it just now. */
export function profileFromFlags(flags: ProfileFlags): ScepProfile {
  if (!flags.platform) throw new ProfileInputError(`--platform is required with flags (${Object.keys(PLATFORMS).join(', ')}): the rules differ per platform.`);
  return {
    input: 'flags',
    origin: FLAGS,
    platform: flagPlatform(flags.platform),
    certType: flag('--cert-type', flags.certType, (v) => {
      const t = v.toLowerCase();
      if (t === 'user' || t === 'device') return t;
      throw new ProfileInputError(`--cert-type takes user or device; got "${v}".`);
    }),
    subject: flag('--subject', flags.subject, (v) => {
      if (!v.trim()) throw new ProfileInputError('--subject is empty.');
      return { format: 'custom', text: v.trim(), implied: false };
    }),
    sans: flag('--san', flags.san?.length ? flags.san : undefined, (list) => list.map(flagSan)),
    validity: flag('--validity', flags.validity, flagValidity),
    renewalThreshold: flag('--renewal-threshold', flags.renewalThreshold, (v) => {
      const m = /^\s*(-?\d+)\s*%?\s*$/.exec(v);
      if (!m || !isInt32(Number(m[1]))) throw new ProfileInputError(`--renewal-threshold takes a whole percentage such as 20; got "${v}".`);
      return Number(m[1]);
    }),
    keyUsage: flag('--key-usage', flags.keyUsage, flagKeyUsage),
    keySize: flag('--key-size', flags.keySize, (v) => {
      const n = Number(v.trim());
      if (![1024, 2048, 4096].includes(n)) throw new ProfileInputError(`--key-size takes 1024, 2048 or 4096 (what Intune offers); got "${v}".`);
      return n;
    }),
    hash: flag('--hash', flags.hash, flagHash),
    ekus: flag('--eku', flags.eku?.length ? flags.eku : undefined, (list) => list.flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean).map(flagEku)),
    scepUrls: flag('--scep-url', flags.scepUrl?.length ? flags.scepUrl : undefined, (list) => list.map((s) => s.trim()).filter(Boolean)),
    keyStorageProvider: { status: 'absent', from: 'key storage provider (not a flag)' },
  };
}

function flag<R, T>(name: string, raw: R | undefined, read: (v: R) => T): Field<T> {
  if (raw === undefined) return { status: 'absent', from: name };
  return { status: 'ok', value: read(raw), from: name };
}

function flagPlatform(v: string): Platform {
  const p = v.trim().toLowerCase();
  if (Object.hasOwn(PLATFORMS, p)) return p as Platform;
  const alias = ownValue(PLATFORM_ALIASES, p);
  if (alias) return alias;
  throw new ProfileInputError(`--platform takes one of ${Object.keys(PLATFORMS).join(', ')}; got "${v}".`);
}

function flagSan(v: string): SanEntry {
  const m = /^\s*([a-z]+)\s*[=:]\s*(.+)$/i.exec(v);
  const type = m ? ownValue(SAN_FLAG_TYPES, m[1]!.toLowerCase()) : undefined;
  if (!m || !type) throw new ProfileInputError(`--san takes <attribute>=<value> with attribute email, upn, dns or uri, e.g. upn={{UserPrincipalName}}; got "${v}".`);
  return { type, value: m[2]!.trim(), implied: false };
}

function flagValidity(v: string): Validity {
  const m = /^\s*(\d+)\s*(d|days?|m|months?|y|years?)\s*$/i.exec(v);
  if (!m || Number(m[1]) <= 0 || !isInt32(Number(m[1]))) throw new ProfileInputError(`--validity takes a period such as 1y, 6m, 90d or "2 years"; got "${v}".`);
  const unit = m[2]!.toLowerCase()[0] === 'd' ? 'days' : m[2]!.toLowerCase()[0] === 'm' ? 'months' : 'years';
  return { value: Number(m[1]), unit };
}

function flagKeyUsage(v: string): KeyUsage {
  const usage = { digitalSignature: false, keyEncipherment: false };
  for (const part of v.split(',').map((s) => s.trim().toLowerCase().replace(/[\s_]/g, '-')).filter(Boolean)) {
    if (part === 'digital-signature' || part === 'digitalsignature') usage.digitalSignature = true;
    else if (part === 'key-encipherment' || part === 'keyencipherment') usage.keyEncipherment = true;
    else throw new ProfileInputError(`--key-usage takes digital-signature, key-encipherment or both (comma-separated); got "${v}".`);
  }
  return usage;
}

function flagHash(v: string): Hash[] {
  const set = new Set<Hash>();
  for (const part of v.split(',').map((s) => s.trim().toLowerCase().replace('-', '')).filter(Boolean)) {
    if (part === 'sha1') set.add('sha1');
    else if (part === 'sha2' || part === 'sha256' || part === 'sha384' || part === 'sha512') set.add('sha2');
    else throw new ProfileInputError(`--hash takes sha1, sha2 or both (comma-separated), as the profile offers them; got "${v}".`);
  }
  return (['sha1', 'sha2'] as const).filter((h) => set.has(h));
}

function flagEku(v: string): Eku {
  if (OID.test(v)) return { oid: v };
  const known = ownValue(EKU_NAMES, v.toLowerCase().replace(/[\s_]+/g, '-').replace(/-authentication$/, '-auth'));
  if (!known) throw new ProfileInputError(`--eku takes an OID or one of ${Object.keys(EKU_NAMES).join(', ')}; got "${v}".`);
  return known;
}

/** Days in a validity period, counting a month as 30 days like the template reader does. */
export function validityDays(v: Validity): number {
  return v.value * (v.unit === 'years' ? 365 : v.unit === 'months' ? 30 : 1);
}

/** When a certificate issued at `start` for `v` ends: months and years on the calendar, as the CA counts them. */
export function validityEnd(start: Date, v: Validity): Date {
  const end = new Date(start);
  if (v.unit === 'days') end.setUTCDate(end.getUTCDate() + v.value);
  else end.setUTCMonth(end.getUTCMonth() + (v.unit === 'years' ? 12 : 1) * v.value);
  return end;
}

/** Calendar months in a period given in months or years; undefined for days. */
export function validityMonths(v: Validity): number | undefined {
  return v.unit === 'years' ? v.value * 12 : v.unit === 'months' ? v.value : undefined;
}

export function describeValidity(v: Validity): string {
  return `${v.value} ${v.value === 1 ? v.unit.slice(0, -1) : v.unit}`;
}
