import { parseSddl, SddlError, type SecurityDescriptor } from './sddl.js';

/**
 * Certificate templates from certutil: `certutil -v -dstemplate` (LDAP attribute view, also the
 * INF form without -v) and `certutil -v -template` (CertEnroll `TemplateProp*` view).
 * Everything is keyed on LDAP attribute or property identifiers, OIDs and value shapes; the
 * friendly text around them (OID names, flag captions, period units) follows the UI language.
 */
import { excerpt, ParseError } from './errors.js';
import { ownValue } from './own-value.js';

export type TemplateView = 'ldap' | 'certenroll';

/** One attribute as found in a template block. */
export type TemplateValue<T> =
  | { status: 'ok'; value: T; attribute: string; raw: string }
  | { status: 'absent' }
  | { status: 'invalid'; attribute: string; raw: string; reason: string };

export interface ValidityPeriod {
  text: string;
  days: number;
  /** The period in calendar months when certutil gives it in months or years: 1 year and 12 months are the same period. */
  months?: number;
}

export interface CertTemplate {
  /** The template name (`cn`): what the MSCEP registry values must hold. */
  name: string;
  displayName?: string;
  view: TemplateView;
  schemaVersion: TemplateValue<number>;
  /** msPKI-Certificate-Name-Flag as an unsigned 32-bit value. */
  subjectNameFlags: TemplateValue<number>;
  enrollmentFlags: TemplateValue<number>;
  /** pKIExtendedKeyUsage OIDs. */
  ekus: TemplateValue<string[]>;
  /** msPKI-Certificate-Application-Policy OIDs: what a version 2+ template really issues. */
  applicationPolicies: TemplateValue<string[]>;
  /** First key usage byte (digitalSignature 0x80, nonRepudiation 0x40, keyEncipherment 0x20, ...). */
  keyUsage: TemplateValue<number>;
  /** pKIDefaultKeySpec: 1 AT_KEYEXCHANGE, 2 AT_SIGNATURE ([MS-CRTD] 2.9). The CertEnroll view does not print it. */
  keySpec: TemplateValue<number>;
  validity: TemplateValue<ValidityPeriod>;
  /**
   * The SDDL of nTSecurityDescriptor / TemplatePropSecurityDescriptor. The decoded "Allow Enroll"
   * lines certutil may print after it are translated and name accounts, not SIDs: they are not read.
   */
  securityDescriptor: TemplateValue<SecurityDescriptor>;
}

export class TemplateParseError extends ParseError {
  override name = 'TemplateParseError';
}

interface Block {
  view: TemplateView;
  lines: string[];
  attributes: Map<string, { name: string; text: string[] }>;
}

const LDAP_HEADER = /^\s*\[[^\]]+\]\s*$/;
const CERTENROLL_HEADER = /^\s*Template\[\d+\]:\s*$/;
const LDAP_ATTRIBUTE = /^\s*([A-Za-z][A-Za-z0-9-]*)\s*=\s?(.*)$/;
// Inside the CertEnroll view, extension dumps contain `Name=value` lines that are not properties.
const CERTENROLL_ATTRIBUTE = /^\s*(TemplateProp[A-Za-z0-9]*)\s*=\s?(.*)$/;
const CERTUTIL_STATUS = /^CertUtil:.*$/m;
const HRESULT = /0x8[0-9a-f]{7}/i;

/** Parses every template in the dump; a dump with no template block is an error. */
export function parseCertutilTemplates(text: string): CertTemplate[] {
  const blocks = splitBlocks(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  const templates = blocks.map(toTemplate).filter((t): t is CertTemplate => t !== undefined);
  if (templates.length === 0) {
    const status = CERTUTIL_STATUS.exec(text)?.[0].trim();
    if (status && HRESULT.test(status)) throw new TemplateParseError(`certutil reported a failure: ${excerpt(status, 120)}`);
    throw new TemplateParseError('no certificate template found: expected `[Name]` blocks with cn = "..." or `Template[n]:` blocks');
  }
  return templates;
}

/** Finds a template by its name, case-insensitively. */
export function findTemplateByName(templates: readonly CertTemplate[], name: string): CertTemplate | undefined {
  const want = name.trim().toLowerCase();
  return templates.find((t) => t.name.toLowerCase() === want);
}

/** Finds a template whose display name is `name`, case-insensitively ("IPSec" vs "IPSEC" both occur). */
export function findTemplateByDisplayName(templates: readonly CertTemplate[], name: string): CertTemplate | undefined {
  const want = name.trim().toLowerCase();
  return templates.find((t) => t.displayName?.toLowerCase() === want);
}

function splitBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | undefined;
  let attribute: { name: string; text: string[] } | undefined;
  for (const line of text.split('\n')) {
    const ldap = LDAP_HEADER.test(line);
    if (ldap || CERTENROLL_HEADER.test(line)) {
      current = { view: ldap ? 'ldap' : 'certenroll', lines: [], attributes: new Map() };
      blocks.push(current);
      attribute = undefined;
      continue;
    }
    if (!current) continue;
    current.lines.push(line);
    const m = (current.view === 'ldap' ? LDAP_ATTRIBUTE : CERTENROLL_ATTRIBUTE).exec(line);
    if (m) {
      const key = m[1]!.toLowerCase();
      const existing = current.attributes.get(key);
      // Some dumps repeat a multi-valued attribute once per value.
      attribute = existing ?? { name: m[1]!, text: [] };
      attribute.text.push(m[2]!);
      if (!existing) current.attributes.set(key, attribute);
    } else if (attribute) {
      attribute.text.push(line);
    }
  }
  return blocks;
}

const NAMES = {
  ldap: {
    name: ['cn', 'name'],
    displayName: ['displayName'],
    schemaVersion: ['msPKI-Template-Schema-Version'],
    subjectNameFlags: ['msPKI-Certificate-Name-Flag'],
    enrollmentFlags: ['msPKI-Enrollment-Flag'],
    ekus: ['pKIExtendedKeyUsage'],
    applicationPolicies: ['msPKI-Certificate-Application-Policy'],
    keyUsage: ['pKIKeyUsage'],
    keySpec: ['pKIDefaultKeySpec'],
    validity: ['pKIExpirationPeriod'],
    securityDescriptor: ['nTSecurityDescriptor'],
  },
  certenroll: {
    name: ['TemplatePropCommonName'],
    displayName: ['TemplatePropFriendlyName'],
    schemaVersion: ['TemplatePropSchemaVersion'],
    subjectNameFlags: ['TemplatePropSubjectNameFlags'],
    enrollmentFlags: ['TemplatePropEnrollmentFlags'],
    ekus: ['TemplatePropEKUs'],
    applicationPolicies: ['TemplatePropApplicationPolicy', 'TemplatePropV1ApplicationPolicy'],
    // Property 23 (TemplatePropKeyUsage), which Microsoft leaves undocumented, holds CNG key usages (PSPKI reads it
    // so), not the X.509 key usage: that is read from the template's 2.5.29.15 extension (certenrollKeyUsage).
    keyUsage: [],
    keySpec: ['TemplatePropKeySpec'],
    validity: ['TemplatePropValidityPeriod'],
    securityDescriptor: ['TemplatePropSecurityDescriptor'],
  },
} as const satisfies Record<TemplateView, Record<string, readonly string[]>>;

type Field = keyof (typeof NAMES)['ldap'];

function toTemplate(block: Block): CertTemplate | undefined {
  const get = (field: Field) => {
    for (const name of NAMES[block.view][field]) {
      const a = block.attributes.get(name.toLowerCase());
      if (a) return a;
    }
    return undefined;
  };
  const name = firstString(get('name'));
  // INF sections such as [Version] and [TemplateList] have no cn: they are not templates.
  if (!name) return undefined;
  const number = (field: Field) => readValue(get(field), block.view === 'ldap' ? ldapNumber : certenrollNumber);
  const sd = get('securityDescriptor');
  return {
    name,
    displayName: firstString(get('displayName')),
    view: block.view,
    schemaVersion: number('schemaVersion'),
    subjectNameFlags: number('subjectNameFlags'),
    enrollmentFlags: number('enrollmentFlags'),
    ekus: readValue(get('ekus'), oidList),
    applicationPolicies: readValue(get('applicationPolicies'), oidList),
    keyUsage: block.view === 'ldap' ? readValue(get('keyUsage'), keyUsageBytes) : certenrollKeyUsage(block),
    keySpec: number('keySpec'),
    validity: readValue(get('validity'), validityPeriod),
    // Only the attribute's own line: what follows it is certutil's decoded rendering.
    securityDescriptor: readValue(sd && { name: sd.name, text: sd.text.slice(0, 1) }, sddl),
  };
}

function firstString(a: { text: string[] } | undefined): string | undefined {
  if (!a) return undefined;
  const first = a.text[0]!.trim();
  const quoted = /^"(.*)"/.exec(first);
  const value = (quoted ? quoted[1]! : first).trim();
  return value === '' ? undefined : value;
}

type Reader<T> = (text: string) => T | string;

/** The first line of a value, quoted once for a message whether or not certutil quoted it. */
function shown(text: string): string {
  return `"${excerpt(text.split('\n')[0]!.trim().replace(/^"(.*)"$/, '$1'))}"`;
}

/** A reader returns the value, or a string saying why the text is not one. */
function readValue<T>(a: { name: string; text: string[] } | undefined, reader: Reader<T>): TemplateValue<T> {
  if (!a) return { status: 'absent' };
  const raw = a.text.join('\n').trim();
  const result = reader(raw);
  if (typeof result === 'string') return { status: 'invalid', attribute: a.name, raw: raw.split('\n')[0]!.slice(0, 120), reason: result };
  return { status: 'ok', value: result, attribute: a.name, raw: raw.split('\n')[0]!.slice(0, 120) };
}

/** LDAP view: `"41" 0x29` or `"-1509949440" 0xa6000000`; the quoted decimal is a signed int32. */
function ldapNumber(text: string): number | string {
  const m = /^"(-?\d+)"/.exec(text);
  if (!m) return `${shown(text)} is not a quoted number`;
  const n = Number(m[1]);
  if (!Number.isSafeInteger(n) || n < -0x80000000 || n > 0xffffffff) return `${m[1]} is out of range for a 32-bit value`;
  return n >>> 0;
}

/** CertEnroll view: hex first with the decimal in parentheses (`19 (25)`); bare when both agree (`2`). */
function certenrollNumber(text: string): number | string {
  const m = /^([0-9a-f]+)(?:\s*\((\d+)\))?(?:\s|$)/i.exec(text);
  if (!m) return `${shown(text)} is not a number`;
  const n = m[2] !== undefined ? Number(m[2]) : parseInt(m[1]!, 16);
  return n > 0xffffffff ? `${shown(text)} is out of range for a 32-bit value` : n;
}

const OID = /(?:^|[\s",(])([0-2](?:\.\d+){2,})(?=$|[\s",)])/g;

function oidList(text: string): string[] {
  return [...text.matchAll(OID)].map((m) => m[1]!);
}

/** `"a0 00"`, `"e0"`, `"86 00"`: the first byte holds the usual key usage bits. */
function keyUsageBytes(text: string): number | string {
  const m = /^"?\s*(?:0x)?([0-9a-f]{2})(?:\s+(?:0x)?[0-9a-f]{2})*\s*"?/i.exec(text);
  if (!m) return `${shown(text)} is not a key usage byte string`;
  return parseInt(m[1]!, 16);
}

/** CertEnroll view: the key usage sits in the 2.5.29.15 extension, as `(a0)` after its names. */
function certenrollKeyUsage(block: Block): TemplateValue<number> {
  const at = block.lines.findIndex((l) => /^\s*2\.5\.29\.15:/.test(l));
  if (at < 0) return { status: 'absent' };
  for (const line of block.lines.slice(at + 1, at + 4)) {
    const m = /\(([0-9a-f]{2})(?: [0-9a-f]{2})?\)\s*$/i.exec(line);
    if (m) return { status: 'ok', value: parseInt(m[1]!, 16), attribute: '2.5.29.15', raw: line.trim() };
  }
  return { status: 'invalid', attribute: '2.5.29.15', raw: block.lines[at]!.trim(), reason: 'no key usage byte after the extension header' };
}

const MONTHS_PER_UNIT: Record<number, number> = { 365: 12, 30: 1 };
/** The report speaks English whatever the server's language: a unit by its length in days. */
const ENGLISH_UNIT: Record<number, string> = { 365: 'year', 30: 'month', 7: 'week', 1: 'day', [1 / 24]: 'hour' };

// certutil prints the period unit in the UI language.
const UNIT_DAYS: Record<string, number> = {
  year: 365, years: 365, jahr: 365, jahre: 365, an: 365, ans: 365, année: 365, années: 365, anno: 365, anni: 365, año: 365, años: 365,
  month: 30, months: 30, monat: 30, monate: 30, mois: 30, mese: 30, mesi: 30, mes: 30, meses: 30,
  week: 7, weeks: 7, woche: 7, wochen: 7, semaine: 7, semaines: 7, settimana: 7, settimane: 7, semana: 7, semanas: 7,
  day: 1, days: 1, tag: 1, tage: 1, jour: 1, jours: 1, giorno: 1, giorni: 1, día: 1, días: 1,
  hour: 1 / 24, hours: 1 / 24, stunde: 1 / 24, stunden: 1 / 24, heure: 1 / 24, heures: 1 / 24, ora: 1 / 24, ore: 1 / 24, hora: 1 / 24, horas: 1 / 24,
};

/** `"1 Years"`, `2 Days`, or the raw attribute: 8 bytes, a negative FILETIME interval. */
function validityPeriod(text: string): ValidityPeriod | string {
  const first = text.split('\n')[0]!.trim();
  const bytes = /^"?((?:(?:0x)?[0-9a-f]{2}\s*){8})"?$/i.exec(first);
  if (bytes) {
    const b = Buffer.from(bytes[1]!.replace(/0x/gi, '').replace(/\s+/g, ''), 'hex');
    const ticks = -b.readBigInt64LE(0);
    if (ticks <= 0n) return `${shown(first)} is not a validity period`;
    const days = Number(ticks / 10_000_000n) / 86_400;
    const shownDays = Math.round(days * 100) / 100;
    return { text: `${shownDays} day${shownDays === 1 ? '' : 's'}`, days };
  }
  const m = /^"?\s*(\d+)\s+([\p{L}]+)\s*"?$/u.exec(first);
  if (!m) return `${shown(first)} is not a period such as "1 Years"`;
  const unit = ownValue(UNIT_DAYS, m[2]!.toLowerCase());
  if (unit === undefined) return `the unit "${excerpt(m[2]!, 24)}" in "${excerpt(`${m[1]} ${m[2]}`)}" is not one ndes-doctor knows`;
  const perUnit = MONTHS_PER_UNIT[unit];
  const count = Number(m[1]);
  return { text: `${count} ${ENGLISH_UNIT[unit]}${count === 1 ? '' : 's'}`, days: count * unit, ...(perUnit && { months: count * perUnit }) };
}

/** The SDDL on the attribute line, quoted in the LDAP view, bare in the CertEnroll view. */
function sddl(text: string): SecurityDescriptor | string {
  const value = text.trim().replace(/^"(.*)"$/, '$1');
  try {
    return parseSddl(value);
  } catch (e) {
    if (e instanceof SddlError) return e.message;
    throw e;
  }
}
