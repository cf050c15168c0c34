import { binaryText, type EventDatum, type EventView } from '../parse/event-xml.js';
import { CA_ERROR_TEXTS, findDiagnosticCodes, findHresults, GENERIC_HRESULTS } from '../parse/error-codes.js';
import { classifyConnectorText, type ConnectorLogOutcome, type ConnectorLogRecord } from '../parse/connector-text-log.js';
import { asciiBytes, type W3cLine } from '../parse/w3c-log.js';
import { RA_TEMPLATES } from '../parse/x509.js';

/**
 * Streaming summaries of logs: each digest takes one record at a time and keeps counts, first and
 * last times and the latest details per kind of record, so its size depends on how many kinds of
 * records there are (capped), never on how long the log is.
 */

const MAX_GROUPS = 2000;
const MAX_DATA_VALUES = 16;
const MAX_VALUE_CHARS = 500;

const clip = (s: string, n = MAX_VALUE_CHARS) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Earliest/latest of a series of times; NaN-safe. */
function widen(range: { firstMs: number; lastMs: number }, t: number | undefined): void {
  if (t === undefined || Number.isNaN(t)) return;
  if (Number.isNaN(range.firstMs) || t < range.firstMs) range.firstMs = t;
  if (Number.isNaN(range.lastMs) || t > range.lastMs) range.lastMs = t;
}

// ---------------------------------------------------------------- events

export interface EventSnapshot {
  timeMs?: number;
  recordId?: number;
  level?: number;
  data: EventDatum[];
  /** RenderedXml only; localized, never used to decide anything. */
  message?: string;
  /** HRESULTs and legacy diagnostic codes found in the event data. */
  codes: string[];
}

export interface EventGroup {
  provider: string;
  eventId: number;
  /**
   * What sets occurrences of one event ID apart: the HRESULT NDES or the connector reported, the
   * legacy diagnostic code, the service or application pool, the crashing application, or the
   * outcome a connector trace names (csr-subject-mismatch, challenge-expired). Empty when none.
   */
  detail: string;
  count: number;
  firstMs: number;
  lastMs: number;
  latest: EventSnapshot;
}

export interface EventDigest {
  channel: string;
  events: number;
  firstMs: number;
  lastMs: number;
  groups: EventGroup[];
  /** Event kinds beyond MAX_GROUPS, counted but not kept apart. */
  overflow: number;
  truncated: boolean;
  malformed: number;
  oversized: number;
  strayText: boolean;
}

const CERTENROLL = 'microsoft-windows-certificateservicesclient-certenroll';
/** NDES's RA templates by the names and display names a CertEnroll event may write, lower case: the template name is kept. */
const RA_TEMPLATE_NAMES = new Map<string, string>([
  [RA_TEMPLATES.signing.toLowerCase(), RA_TEMPLATES.signing],
  ['exchange enrollment agent (offline request)', RA_TEMPLATES.signing],
  [RA_TEMPLATES.encryption.toLowerCase(), RA_TEMPLATES.encryption],
  ['cep encryption', RA_TEMPLATES.encryption],
]);

/** The detail an event is grouped by, from its data only (see EventGroup.detail). */
export function eventDetail(e: EventView, data: readonly EventDatum[], codes: readonly string[]): string {
  const values = data.map((d) => d.value);
  const named = (name: string) => data.find((d) => d.name?.toLowerCase() === name.toLowerCase())?.value;
  const provider = e.provider.toLowerCase();
  if (provider === 'service control manager') {
    const service = binaryText(e.binary())?.split('/')[0];
    return service ?? named('param1') ?? values[0] ?? '';
  }
  if (provider === 'microsoft-windows-was' || provider === 'was') return named('AppPoolID') ?? values[0] ?? '';
  if (provider === 'application error') return named('AppName') ?? values[0] ?? '';
  // CertEnroll writes the template it enrolled for as a parameter of its own: an NDES RA template's failures are kept
  // apart from other templates', whose latest event would otherwise stand for them all.
  if (provider === CERTENROLL) {
    const ra = values.map((v) => RA_TEMPLATE_NAMES.get(v.trim().toLowerCase())).find(Boolean);
    if (ra) return ra;
  }
  // ASP.NET web events name their application domain, `/LM/W3SVC/1/ROOT/CertificateRegistrationSvc-1-1331...`.
  if (provider.startsWith('asp.net')) {
    const domain = values.find((v) => /^\/LM\/W3SVC\/\d+\/ROOT/i.test(v));
    if (domain) return domain.replace(/-\d+-\d+$/, '');
  }
  const diagnostic = codes.find((c) => /^0x0000040|^0x0000041|^0x0FFFFFFF$/i.test(c));
  if (diagnostic) return diagnostic;
  const text = values.join(' ');
  const outcome = classifyConnectorText(text);
  if (outcome === 'csr-subject-mismatch' || outcome === 'challenge-expired' || outcome === 'signing-cert-missing') return outcome;
  const hresults = codes.filter((c) => c.startsWith('0x8') || c.startsWith('0xC'));
  const specific = hresults.find((c) => !GENERIC_HRESULTS.has(c));
  if (specific) return specific;
  // NDES event 31 writes the CA's reason as text beside the generic 0x80004005.
  const known = CA_ERROR_TEXTS.find((k) => k.text.test(text));
  if (known) return known.hresult;
  return hresults[0] ?? '';
}

/** Codes in an event's data: HRESULTs (any field: NDES 31 may swap ErrorCode and ErrorMessage) and diagnostic codes. */
export function eventCodes(data: readonly EventDatum[]): string[] {
  const text = data.map((d) => d.value).join(' ');
  return [...new Set([...findDiagnosticCodes(text), ...findHresults(text)])];
}

export class EventDigestBuilder {
  /** By provider, event ID and detail: looked up without building a key string per event. */
  private readonly groups = new Map<string, Map<number, Map<string, EventGroup>>>();
  private groupCount = 0;
  private readonly digest: EventDigest;

  constructor(channel: string) {
    this.digest = { channel, events: 0, firstMs: NaN, lastMs: NaN, groups: [], overflow: 0, truncated: false, malformed: 0, oversized: 0, strayText: false };
  }

  add(e: EventView): void {
    this.digest.events++;
    widen(this.digest, e.timeMs);
    // Success and progress events (level 4) are many; only problems need their data read.
    const problem = e.level === undefined || e.level <= 3;
    let data: EventDatum[] | undefined;
    let codes: string[] = [];
    let detail = '';
    if (problem) {
      data = e.data();
      codes = eventCodes(data);
      detail = eventDetail(e, data, codes);
    }
    let byId = this.groups.get(e.provider);
    if (!byId) this.groups.set(e.provider, (byId = new Map()));
    let byDetail = byId.get(e.eventId);
    if (!byDetail) byId.set(e.eventId, (byDetail = new Map()));
    let group = byDetail.get(detail);
    if (!group) {
      if (this.groupCount >= MAX_GROUPS) {
        this.digest.overflow++;
        return;
      }
      this.groupCount++;
      group = { provider: e.provider, eventId: e.eventId, detail, count: 0, firstMs: NaN, lastMs: NaN, latest: { data: [], codes: [] } };
      byDetail.set(detail, group);
    }
    // Exports come newest first (wevtutil /rd:true): usually only a group's first event is kept.
    const newest = group.count === 0 || (e.timeMs !== undefined && (Number.isNaN(group.lastMs) || e.timeMs > group.lastMs));
    group.count++;
    widen(group, e.timeMs);
    if (newest) {
      data ??= e.data();
      if (!problem) codes = eventCodes(data);
      const message = e.message();
      group.latest = {
        timeMs: e.timeMs,
        recordId: e.recordId,
        level: e.level,
        data: data.slice(0, MAX_DATA_VALUES).map((d) => ({ ...d, value: clip(d.value) })),
        codes,
        ...(message ? { message: clip(message) } : {}),
      };
    }
  }

  finish(stats: { truncated: boolean; malformed: number; oversized: number; strayText: boolean }): EventDigest {
    return { ...this.digest, ...stats, groups: [...this.groups.values()].flatMap((byId) => [...byId.values()].flatMap((byDetail) => [...byDetail.values()])).sort((a, b) => (b.lastMs || 0) - (a.lastMs || 0)) };
  }
}

// ---------------------------------------------------------------- IIS W3C

/** The wanted W3C fields, in slot order. */
export const IIS_FIELDS = ['cs-uri-stem', 'cs-uri-query', 'sc-status', 'sc-substatus', 'sc-win32-status', 'time-taken', 'cs(user-agent)'] as const;
const [STEM, QUERY, STATUS, SUBSTATUS, WIN32, TIME_TAKEN, USER_AGENT] = [0, 1, 2, 3, 4, 5, 6];

export const SCEP_OPERATIONS = ['GetCACaps', 'GetCACert', 'GetNextCACert', 'PKIOperation'] as const;
/**
 * `(none)`: the bare URL, no `operation=`. `(no cs-uri-query)`: a request to mscep.dll under a #Fields header
 * without cs-uri-query, whose operation, bare URL included, is unknown.
 */
export type ScepOperation = (typeof SCEP_OPERATIONS)[number] | 'other' | '(none)' | '(no cs-uri-query)' | 'CRP VerifyRequest' | 'CRP Notify' | 'CRP other';
export const NO_QUERY = '(no cs-uri-query)' satisfies ScepOperation;
/** Every operation a row can have; a record's operation is known by its index here. */
const OPERATIONS = [...SCEP_OPERATIONS, 'other', '(none)', '(no cs-uri-query)', 'CRP VerifyRequest', 'CRP Notify', 'CRP other'] as const satisfies readonly ScepOperation[];
const indexOf = (operation: ScepOperation) => OPERATIONS.indexOf(operation);
const [OTHER, NONE, UNLOGGED, CRP_VERIFY, CRP_NOTIFY, CRP_OTHER] = [
  indexOf('other'),
  indexOf('(none)'),
  indexOf(NO_QUERY),
  indexOf('CRP VerifyRequest'),
  indexOf('CRP Notify'),
  indexOf('CRP other'),
];

/**
 * The fields IIS logs only when they are selected for the site (IIS Manager > Logging > Select Fields) and the checks
 * cannot judge a record without. cs-uri-query is not among them: a request without it is kept as NO_QUERY.
 */
export type IisJudgedField = 'cs-uri-stem' | 'sc-status' | 'sc-substatus' | 'time-taken';
/** A W3cLine.absent value cut to the IIS_FIELDS slots: an index into the counts per combination of absent fields. */
const IIS_ABSENT = (1 << IIS_FIELDS.length) - 1;

export const PLATFORMS = {
  windows: 'Windows (NDES client)',
  apple: 'iOS/iPadOS/macOS',
  android: 'Android',
  'policy-module': 'NDES policy module (legacy connector)',
  none: 'no user agent',
  other: 'other clients',
} as const;
export type Platform = keyof typeof PLATFORMS;

/** Platforms by the user agents the troubleshooting guides show for each. */
export function platformOf(userAgent: string | undefined): Platform {
  if (!userAgent) return 'none';
  if (/NDES\+client|NDES client/i.test(userAgent)) return 'windows';
  if (/CFNetwork|Darwin|profiled|iPhone|iPad|Macintosh/i.test(userAgent)) return 'apple';
  if (/Android|Dalvik/i.test(userAgent)) return 'android';
  if (/NDES_Plugin/i.test(userAgent)) return 'policy-module';
  return 'other';
}

export interface StatusRow {
  operation: ScepOperation;
  /** -1 when the record's header has no sc-status (or its value is not a number). */
  status: number;
  /** -1 when the record's header has no sc-substatus: a 404 may then be a 404.15. */
  substatus: number;
  /** -1 when the record's header has no sc-win32-status: a 500 may then be the 1346 of a missing impersonation right. */
  win32: number;
  count: number;
  firstMs: number;
  lastMs: number;
}

/** Requests slower than this are reported: PKIOperation includes the CA submission and Intune validation, normally a few seconds. */
export const SLOW_REQUEST_MS = 30_000;

type PlatformCounts = { requests: number; failures: number };

export interface IisDigest {
  /** All records of the site, and their time span: what the log covers. */
  records: number;
  firstMs: number;
  lastMs: number;
  /** Requests to /certsrv/mscep (SCEP) and to the legacy CertificateRegistrationSvc. */
  scepRequests: number;
  scepFirstMs: number;
  scepLastMs: number;
  rows: StatusRow[];
  platforms: Partial<Record<Platform, PlatformCounts>>;
  userAgents: { userAgent: string; platform: Platform; count: number }[];
  slow: { thresholdMs: number; count: number; maxMs: number; byOperation: Partial<Record<ScepOperation, number>>; latestMs: number };
  /** SCEP 503 answers per minute (ms at the start of the minute). */
  unavailableByMinute: [number, number][];
  /** When the latest of them was answered: a minute is too coarse to date a finding by. */
  unavailableLastMs: number;
  /**
   * Per field the checks judge by, the records read under a #Fields header without it (IIS logs only the fields
   * selected for the site, and a log can span several headers): every record for cs-uri-stem, without which none
   * is known to be a SCEP request; SCEP requests for the others. Fields no header lacked are left out.
   */
  unlogged: Partial<Record<IisJudgedField, number>>;
  malformed: number;
  headers: number;
  oversized: number;
  utf16: boolean;
  software: string[];
  /** Files the collector cut or named, from its #Remark lines. */
  remarks: string[];
}

const MAX_ROWS = 1000;
/** User agents listed, the most frequent first. */
const MAX_USER_AGENTS = 50;
/**
 * User agents counted apart (each device model and OS version has its own), so that the list holds
 * the most frequent, not the first seen, and a line costs a lookup, not platformOf's expressions.
 */
const MAX_TRACKED_AGENTS = 4096;
/** Longer user agents are tracked by their start: memory stays bounded whatever a line holds. */
const MAX_AGENT_CHARS = 512;
const MAX_MINUTES = 50_000;

const LOWER_OPERATIONS = SCEP_OPERATIONS.map((o) => asciiBytes(o.toLowerCase()));
const MSCEP = asciiBytes('/certsrv/mscep');
const MSCEP_UNDERSCORE = asciiBytes('/certsrv/mscep_');
const OPERATION = asciiBytes('operation');
const CRP = asciiBytes('/certificateregistrationsvc/');
const CRP_VERIFY_REQUEST = asciiBytes('/certificateregistrationsvc/certificate/verifyrequest');
const CRP_NOTIFY_REQUEST = asciiBytes('/certificateregistrationsvc/certificate/notify');

/** The record's operation as an index into OPERATIONS; -1 for a request that is neither SCEP nor the legacy CRP. */
function operationOf(line: W3cLine): number {
  if (line.startsWith(STEM, MSCEP) && !line.startsWith(STEM, MSCEP_UNDERSCORE)) {
    // Without the field every request would read as a browse of the bare URL.
    if (!line.has(QUERY)) return UNLOGGED;
    const op = line.paramIndex(QUERY, OPERATION, LOWER_OPERATIONS);
    return op >= 0 ? op : op === -2 ? NONE : OTHER;
  }
  if (line.startsWith(STEM, CRP)) {
    if (line.startsWith(STEM, CRP_VERIFY_REQUEST)) return CRP_VERIFY;
    if (line.startsWith(STEM, CRP_NOTIFY_REQUEST)) return CRP_NOTIFY;
    return CRP_OTHER;
  }
  return -1;
}

export class IisDigestBuilder {
  private readonly rows = new Map<number, Map<number, StatusRow>>();
  private rowCount = 0;
  /** Per user agent (see MAX_TRACKED_AGENTS) its platform's counts too, so a record costs one lookup. */
  private readonly agents = new Map<string, { userAgent: string; platform: Platform; count: number; counts: PlatformCounts }>();
  private readonly minutes = new Map<number, number>();
  /** Records, and SCEP requests, per combination of absent fields (W3cLine.absent): one increment a record, whatever its header. */
  private readonly recordsByAbsent = new Float64Array(IIS_ABSENT + 1);
  private readonly scepByAbsent = new Float64Array(IIS_ABSENT + 1);
  private readonly d: Omit<IisDigest, 'rows' | 'userAgents' | 'unavailableByMinute' | 'unlogged' | 'malformed' | 'headers' | 'oversized' | 'utf16' | 'software' | 'remarks'> = {
    records: 0,
    firstMs: NaN,
    lastMs: NaN,
    scepRequests: 0,
    scepFirstMs: NaN,
    scepLastMs: NaN,
    platforms: {},
    slow: { thresholdMs: SLOW_REQUEST_MS, count: 0, maxMs: 0, byOperation: {}, latestMs: NaN },
    unavailableLastMs: NaN,
  };
  add(line: W3cLine): void {
    const d = this.d;
    d.records++;
    const absent = line.absent & IIS_ABSENT;
    this.recordsByAbsent[absent]!++;
    const t = line.timeMs();
    widen(d, t);
    const op = operationOf(line);
    if (op < 0) return;
    const operation = OPERATIONS[op]!;
    d.scepRequests++;
    this.scepByAbsent[absent]!++;
    if (!Number.isNaN(t)) {
      if (Number.isNaN(d.scepFirstMs) || t < d.scepFirstMs) d.scepFirstMs = t;
      if (Number.isNaN(d.scepLastMs) || t > d.scepLastMs) d.scepLastMs = t;
    }
    const status = line.int(STATUS);
    // Unlogged, not 0: a 404 without its sub-status may be a 404.15.
    const substatus = line.has(SUBSTATUS) ? Math.max(0, line.int(SUBSTATUS)) : -1;
    const win32 = line.has(WIN32) ? Math.max(0, line.int(WIN32)) : -1;
    // Numbers, not strings: a row lookup per line costs no allocation. Shifted by one, so that -1 keeps a key of its own.
    const key = (op * 1001 + (status % 1000) + 1) * 1001 + (substatus % 1000) + 1;
    let byWin32 = this.rows.get(key);
    if (!byWin32) this.rows.set(key, (byWin32 = new Map()));
    let row = byWin32.get(win32);
    if (!row && this.rowCount < MAX_ROWS) {
      this.rowCount++;
      byWin32.set(win32, (row = { operation, status, substatus, win32, count: 0, firstMs: NaN, lastMs: NaN }));
    }
    if (row) {
      row.count++;
      widen(row, t);
    }
    const ua = line.text(USER_AGENT);
    const agent = ua === undefined ? '-' : ua.length > MAX_AGENT_CHARS ? clip(ua, MAX_AGENT_CHARS) : ua;
    const known = this.agents.get(agent);
    const platform = known ? known.platform : platformOf(ua);
    const p = known ? known.counts : (d.platforms[platform] ??= { requests: 0, failures: 0 });
    p.requests++;
    // A browser on the bare URL gets 403 from a healthy policy module: not a failed request.
    // Counted on every line, failed or not: optimised code first meeting a failure deep into a log would be recompiled.
    p.failures += status >= 400 && !(op === NONE && status === 403) ? 1 : 0;
    if (known) known.count++;
    else if (this.agents.size < MAX_TRACKED_AGENTS) this.agents.set(agent, { userAgent: agent, platform, count: 1, counts: p });
    const taken = line.int(TIME_TAKEN);
    if (taken >= SLOW_REQUEST_MS) {
      d.slow.count++;
      d.slow.maxMs = Math.max(d.slow.maxMs, taken);
      d.slow.byOperation[operation] = (d.slow.byOperation[operation] ?? 0) + 1;
      if (!Number.isNaN(t) && (Number.isNaN(d.slow.latestMs) || t > d.slow.latestMs)) d.slow.latestMs = t;
    }
    if (status === 503 && !Number.isNaN(t)) {
      const minute = t - (t % 60_000);
      if (this.minutes.has(minute) || this.minutes.size < MAX_MINUTES) this.minutes.set(minute, (this.minutes.get(minute) ?? 0) + 1);
      if (Number.isNaN(d.unavailableLastMs) || t > d.unavailableLastMs) d.unavailableLastMs = t;
    }
  }

  finish(stats: { malformed: number; headers: number; oversized: number; utf16: boolean; software: string[]; remarks: string[] }): IisDigest {
    return {
      ...this.d,
      rows: [...this.rows.values()].flatMap((m) => [...m.values()]).sort((a, b) => b.count - a.count),
      userAgents: [...this.agents.values()]
        .sort((a, b) => b.count - a.count)
        .slice(0, MAX_USER_AGENTS)
        .map(({ userAgent, platform, count }) => ({ userAgent, platform, count })),
      unavailableByMinute: [...this.minutes.entries()].sort((a, b) => a[0] - b[0]),
      unlogged: this.unlogged(),
      ...stats,
    };
  }

  private unlogged(): Partial<Record<IisJudgedField, number>> {
    // Without the stem no record is known to be a SCEP request, so all of them count.
    return {
      ...countUnlogged(this.recordsByAbsent, IIS_FIELDS, ['cs-uri-stem']),
      ...countUnlogged(this.scepByAbsent, IIS_FIELDS, ['sc-status', 'sc-substatus', 'time-taken']),
    };
  }
}

/** Per field of `judged`, the records read without it, from counts per combination of absent fields (bit i: `wanted[i]`); 0 left out. */
function countUnlogged<F extends string>(byAbsent: Float64Array, wanted: readonly string[], judged: readonly F[]): Partial<Record<F, number>> {
  const unlogged: Partial<Record<F, number>> = {};
  for (const field of judged) {
    const bit = 1 << wanted.indexOf(field);
    let n = 0;
    byAbsent.forEach((count, absent) => (n += absent & bit ? count : 0));
    if (n) unlogged[field] = n;
  }
  return unlogged;
}

// ---------------------------------------------------------------- HTTPERR

export const HTTPERR_FIELDS = ['cs-uri', 'sc-status', 's-reason', 's-queuename'] as const;
const [ERR_URI, ERR_STATUS, ERR_REASON, ERR_QUEUE] = [0, 1, 2, 3];
/**
 * The fields NDES-LOG-014 cannot judge a line without. HTTP.sys writes a fixed list (only its location and size are
 * configurable), so a header without one is not HTTP.sys's: the file was edited or damaged.
 */
export const HTTPERR_JUDGED_FIELDS = ['cs-uri', 's-reason'] as const;
export type HttpErrJudgedField = (typeof HTTPERR_JUDGED_FIELDS)[number];
const HTTPERR_ABSENT = (1 << HTTPERR_FIELDS.length) - 1;
const MSCEP_SLASH = asciiBytes('/certsrv/mscep/');
const MSCEP_QUERY = asciiBytes('/certsrv/mscep?');

export interface ReasonRow {
  reason: string;
  status: number;
  count: number;
  /** Of these, lines whose URL is a SCEP URL (/certsrv/mscep). */
  scep: number;
  /**
   * Of these, lines without a URL (`-`): HTTP.sys logs one it could not parse that way, a too-long one among them.
   * Not lines under a header without cs-uri, whose URL is unknown (HttpErrDigest.unlogged).
   */
  noUrl: number;
  /** The latest of the SCEP and URL-less lines. */
  scepOrNoUrlLastMs: number;
  /** Of these, lines for SCEP: a SCEP URL, or any URL in the queue of NDES's application pool (NDES_QUEUE). */
  scepPool: number;
  /** The latest of those. */
  scepPoolLastMs: number;
  queues: Record<string, number>;
  firstMs: number;
  lastMs: number;
}

export interface HttpErrDigest {
  records: number;
  firstMs: number;
  lastMs: number;
  reasons: ReasonRow[];
  /** Per field of HTTPERR_JUDGED_FIELDS, the lines read under a #Fields header without it; fields no header lacked are left out. */
  unlogged: Partial<Record<HttpErrJudgedField, number>>;
  malformed: number;
  headers: number;
  utf16: boolean;
}

/** The HTTP.sys queue of NDES's application pool (SCEP) or of the legacy connector's (CertificateRegistrationSvc). */
const NDES_QUEUE = /^scep$|certificateregistration/i;

export class HttpErrDigestBuilder {
  private readonly reasons = new Map<string, ReasonRow>();
  private records = 0;
  private range = { firstMs: NaN, lastMs: NaN };
  /** Lines per combination of absent fields (W3cLine.absent). */
  private readonly recordsByAbsent = new Float64Array(HTTPERR_ABSENT + 1);

  add(line: W3cLine): void {
    this.records++;
    this.recordsByAbsent[line.absent & HTTPERR_ABSENT]!++;
    const t = line.timeMs();
    widen(this.range, t);
    const reason = line.text(ERR_REASON) ?? '-';
    const status = line.int(ERR_STATUS);
    const key = `${reason}|${status}`;
    let row = this.reasons.get(key);
    if (!row) {
      if (this.reasons.size >= MAX_ROWS) return;
      this.reasons.set(key, (row = { reason, status, count: 0, scep: 0, noUrl: 0, scepOrNoUrlLastMs: NaN, scepPool: 0, scepPoolLastMs: NaN, queues: {}, firstMs: NaN, lastMs: NaN }));
    }
    row.count++;
    widen(row, t);
    const scep = line.startsWith(ERR_URI, MSCEP_SLASH) || line.startsWith(ERR_URI, MSCEP_QUERY);
    const noUrl = !scep && line.has(ERR_URI) && line.text(ERR_URI) === undefined;
    if (scep) row.scep++;
    if (noUrl) row.noUrl++;
    if ((scep || noUrl) && (Number.isNaN(row.scepOrNoUrlLastMs) || t > row.scepOrNoUrlLastMs)) row.scepOrNoUrlLastMs = t;
    const queue = line.text(ERR_QUEUE);
    if (queue && Object.keys(row.queues).length < 20) row.queues[queue] = (row.queues[queue] ?? 0) + 1;
    if (scep || (queue !== undefined && NDES_QUEUE.test(queue))) {
      row.scepPool++;
      if (Number.isNaN(row.scepPoolLastMs) || t > row.scepPoolLastMs) row.scepPoolLastMs = t;
    }
  }

  finish(stats: { malformed: number; headers: number; utf16: boolean }): HttpErrDigest {
    const unlogged = countUnlogged(this.recordsByAbsent, HTTPERR_FIELDS, HTTPERR_JUDGED_FIELDS);
    return { records: this.records, ...this.range, reasons: [...this.reasons.values()].sort((a, b) => b.count - a.count), unlogged, ...stats };
  }
}

// ---------------------------------------------------------------- legacy connector text logs

export interface ConnectorTextDigest {
  records: number;
  firstMs: number;
  lastMs: number;
  outcomes: Partial<Record<ConnectorLogOutcome, { count: number; firstMs: number; lastMs: number; latest: string }>>;
  /** Diagnostic codes and HRESULTs written in the records. */
  codes: Record<string, number>;
  truncated: boolean;
}

export class ConnectorTextDigestBuilder {
  private readonly d: ConnectorTextDigest = { records: 0, firstMs: NaN, lastMs: NaN, outcomes: {}, codes: {}, truncated: false };

  add(r: ConnectorLogRecord): void {
    const d = this.d;
    d.records++;
    widen(d, r.timeMs);
    const outcome = classifyConnectorText(r.text);
    if (outcome) {
      const o = (d.outcomes[outcome] ??= { count: 0, firstMs: NaN, lastMs: NaN, latest: '' });
      o.count++;
      const newer = r.timeMs === undefined || Number.isNaN(o.lastMs) || r.timeMs >= o.lastMs;
      widen(o, r.timeMs);
      if (newer) o.latest = clip(r.text);
    }
    if (/0x/i.test(r.text)) {
      for (const c of [...findDiagnosticCodes(r.text), ...findHresults(r.text)]) {
        if (c in d.codes || Object.keys(d.codes).length < 100) d.codes[c] = (d.codes[c] ?? 0) + 1;
      }
    }
  }

  finish(truncated: boolean): ConnectorTextDigest {
    return { ...this.d, truncated };
  }
}
