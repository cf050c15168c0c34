import { fail, warn } from '../../engine/outcome.js';
import type { Command, ErrorCode, Evidence, Outcome, Remediation } from '../../engine/types.js';
import { NO_QUERY, type EventDigest, type EventGroup, type IisDigest, type IisJudgedField, type StatusRow } from '../../facts/log-digests.js';
import type { LogFact } from '../../facts/logs.js';
import { KNOWLEDGE } from '../../knowledge/index.js';
import type { KnowledgeEntry, KnowledgeKind } from '../../knowledge/types.js';

/** A failure seen within this long before the evaluation time fails; older ones in the window warn. */
export const RECENT_MS = 24 * 3600_000;

export const LOG_DOCS = {
  connectorOverview: 'https://learn.microsoft.com/intune/intune-service/protect/certificate-connector-overview',
  legacyEvents: 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/troubleshoot-certificate-connector-events',
  scepProfile: 'https://learn.microsoft.com/intune/intune-service/protect/certificates-profile-scep',
  scepConfigure: 'https://learn.microsoft.com/intune/intune-service/protect/certificates-scep-configure',
  deviceToNdes: 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/troubleshoot-scep-certificate-device-to-ndes',
  policyModule: 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/troubleshoot-scep-certificate-ndes-policy-module',
  event31: 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/devices-receive-scep-certificates-error-0x80094800',
  httpSysRegistry: 'https://learn.microsoft.com/troubleshoot/developer/webapps/iis/iisadmin-service-inetinfo/httpsys-registry-windows',
  httpErrReasons: 'https://learn.microsoft.com/windows/win32/http/types-of-errors-logged-by-the-http-server-api',
  requestLimits: 'https://learn.microsoft.com/iis/configuration/system.webServer/security/requestfiltering/requestlimits',
} as const satisfies Record<string, string>;

/** `2026-11-20 09:14 UTC`. */
export function at(ms: number): string {
  return Number.isNaN(ms) ? 'an unknown time' : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `2 h ago`, `3 d ago`, `12 min ago` from `now`. */
export function ago(ms: number, now: Date): string {
  if (Number.isNaN(ms)) return 'at an unknown time';
  const d = Math.max(0, now.getTime() - ms);
  if (d < 3600_000) return `${Math.round(d / 60_000)} min ago`;
  if (d < 2 * 86_400_000) return `${Math.round(d / 3600_000)} h ago`;
  return `${Math.round(d / 86_400_000)} d ago`;
}

export function isRecent(ms: number, now: Date): boolean {
  return !Number.isNaN(ms) && now.getTime() - ms <= RECENT_MS;
}

/** The knowledge entry of a code of one kind, if the catalogue has it. */
export function knowledge(kind: KnowledgeKind, code: string): KnowledgeEntry | undefined {
  const c = code.toLowerCase();
  return KNOWLEDGE.find((e) => e.kind === kind && [e.code, ...(e.aliases ?? [])].some((x) => x.toLowerCase() === c));
}

/** `name (source): reason` for logs that could not be read, for error messages and evidence. */
export function unreadableNotes(facts: readonly (readonly [string, LogFact<unknown>])[]): string[] {
  return facts.flatMap(([name, f]) => (f.state === 'unreadable' ? [`${name}: ${f.reason}`] : []));
}

/** An error outcome naming every log that could not be read. */
export function unreadableOutcome(what: string, notes: readonly string[], facts: readonly LogFact<unknown>[]): Outcome {
  const first = facts.find((f): f is Extract<LogFact<unknown>, { state: 'unreadable' }> => f.state === 'unreadable');
  return {
    status: 'error',
    errorCode: first?.errorCode ?? 'E_FACT_UNAVAILABLE',
    message: `Could not check ${what}: ${notes.join('; ')}.`,
  };
}

/** One line per group: `4005 ScepVerifyFailure ×12, 2026-11-14 08:00 UTC to 2026-11-20 07:55 UTC`. */
export function groupLine(g: EventGroup, label: string): string {
  const span = g.count === 1 ? at(g.lastMs) : `${at(g.firstMs)} to ${at(g.lastMs)}`;
  return `${label} ×${g.count}${g.detail ? ` (${g.detail})` : ''}, ${span}`;
}

/** The latest occurrence's data as `Name=value` pairs, for a message or evidence. */
export function latestData(g: EventGroup, max = 6): string {
  const data = g.latest.data.filter((d) => d.value.trim()).map((d) => (d.name ? `${d.name}=${d.value.trim()}` : d.value.trim()));
  if (!data.length) return g.latest.message ?? '(no event data)';
  return data.length > max ? `${data.slice(0, max).join('; ')}; …` : data.join('; ');
}

/** Evidence details of event groups: what `explain` needs to reproduce the finding. */
export function groupDetails(groups: readonly EventGroup[]): Record<string, unknown>[] {
  return groups.map((g) => ({
    provider: g.provider,
    eventId: g.eventId,
    ...(g.detail ? { detail: g.detail } : {}),
    count: g.count,
    first: Number.isNaN(g.firstMs) ? undefined : new Date(g.firstMs).toISOString(),
    last: Number.isNaN(g.lastMs) ? undefined : new Date(g.lastMs).toISOString(),
    latest: { data: g.latest.data, codes: g.latest.codes, ...(g.latest.message ? { message: g.latest.message } : {}) },
  }));
}

/** Groups of a digest whose event ID is in `ids` (and, when given, from this provider). */
export function groupsOf(fact: LogFact<EventDigest>, ids: readonly number[], provider?: string): EventGroup[] {
  if (fact.state !== 'read') return [];
  return fact.digest.groups.filter((g) => ids.includes(g.eventId) && (!provider || g.provider.toLowerCase() === provider.toLowerCase()));
}

const maxNaN = (a: number, b: number) => (Number.isNaN(a) ? b : Number.isNaN(b) ? a : Math.max(a, b));

/** How many records the groups, rows or findings stand for together. */
export function totalCount(groups: readonly { count: number }[]): number {
  return groups.reduce((n, g) => n + g.count, 0);
}

/** The latest time of any of the groups (NaN when none has one). */
export function lastSeen(groups: readonly { lastMs: number }[]): number {
  return groups.reduce((m, g) => maxNaN(m, g.lastMs), NaN);
}

/**
 * Fail when the latest failure is recent, warn when all of them are older (they happened within
 * the window, but the problem may be fixed). A failure without a time only warns: it cannot be placed
 * in the window (NDESPlugin.log lines carry none, and the collector takes a text log whole when it
 * changed within --since), so it may be months old. `undated`: some of the failures have no time, and
 * `lastMs` is the latest of the others.
 */
export function byRecency(lastMs: number, now: Date, message: string, remediation: Remediation, evidence: Evidence, undated = false): Outcome {
  if (isRecent(lastMs, now)) return fail(message, remediation, evidence);
  if (Number.isNaN(lastMs)) {
    return warn(`${message} When is unknown: the log gives these records no time, so they may be older than the log window; the newest lines of the log show whether they still occur.`, remediation, evidence);
  }
  const since = ago(lastMs, now);
  if (undated) return warn(`${message} The latest dated one was ${since}; the undated ones cannot be placed in time.`, remediation, evidence);
  return warn(`${message} The latest was ${since}; if the cause was fixed since, nothing has failed for ${since.replace(' ago', '')}.`, remediation, evidence);
}

/** The configuration checks of the connector's link to Intune: last connection, proxy, TLS 1.2 for SChannel and .NET. */
export const LINK_CHECKS = ['NDES-CON-006', 'NDES-CON-005', 'NDES-SRV-007', 'NDES-SRV-008'] as const;

/** `see NDES-IIS-002` sentences: the configuration checks a log finding corroborates. */
export function corroborates(ids: readonly string[]): string {
  return ids.length ? ` This corroborates ${ids.join(', ')}: the fix named there applies.` : '';
}

/** Connector (2021+) event IDs each specialised check explains; NDES-LOG-001 reports the other failures. */
export const CONNECTOR_CLAIMS = {
  'NDES-LOG-002': [4000, 4003, 4004, 4006, 4008],
  'NDES-LOG-003': [4005],
  'NDES-LOG-004': [4001, 4007],
  'NDES-LOG-006': [3001, 3003, 3051, 3052, 3101],
  'NDES-LOG-007': [1003, 1101, 1203, 1301, 2101, 2203, 4002, 4009, 4010, 5001, 5002],
} as const satisfies Record<string, readonly number[]>;

/** The same for the legacy "Microsoft Intune Connector" log. */
export const LEGACY_CLAIMS = {
  'NDES-LOG-002': [20500, 20600],
  'NDES-LOG-003': [20501, 20502],
  'NDES-LOG-004': [20602],
  'NDES-LOG-006': [20202],
  'NDES-LOG-007': [10102, 10301, 10302, 20302, 20402],
} as const satisfies Record<string, readonly number[]>;

/** Which check explains a connector or legacy event ID, if any. */
export function claimedBy(claims: Record<string, readonly number[]>, id: number): string | undefined {
  return Object.entries(claims).find(([, ids]) => ids.includes(id))?.[0];
}

/**
 * Critical (1) or Error (2). Level 0 is LogAlways, which Windows shows as Information: not an error
 * (StandardEventLevel); an event without a level is not one either.
 */
export function isErrorLevel(level: number | undefined): boolean {
  return level === 1 || level === 2;
}

/**
 * Whether an event is a problem. The catalogue names the IDs that never are (their fix is "Nothing to fix.");
 * otherwise the event's level decides (1 critical, 2 error, 3 warning), since a catalogued ID can be a state
 * change (legacy 10020, the connector service stopped). Only a catalogued failure ID without a level counts
 * as an error.
 */
export function problemLevel(g: EventGroup, kind: KnowledgeKind): 'error' | 'warning' | undefined {
  const entry = knowledge(kind, String(g.eventId));
  if (entry?.fix === 'Nothing to fix.') return undefined;
  const { level } = g.latest;
  if (isErrorLevel(level)) return 'error';
  if (level === 3) return 'warning';
  return entry && level === undefined ? 'error' : undefined;
}

/** One problem a log check found: what, how often, when last, and the fix that applies. */
export interface Finding {
  text: string;
  count: number;
  lastMs: number;
  /** `fail` when it stops enrollment; `warn` when devices recover by themselves or it only slows them. */
  severity: 'fail' | 'warn';
  codes: readonly string[];
  fix: string;
  /** Configuration checks whose fix applies. */
  corroborates?: readonly string[];
  details?: unknown;
}

export interface Conclusion {
  /** What was checked, for an error: `SCEP challenge validation`. */
  subject: string;
  /** The headline of the findings: `SCEP challenge validation failed`. */
  what: string;
  now: Date;
  findings: readonly Finding[];
  /** Logs that could not be read: an error when nothing was found in the others. */
  notes: readonly string[];
  facts: readonly LogFact<unknown>[];
  passMessage: string;
  /**
   * When the logs show none of what the check judges (no request validated, no submission to the CA), why:
   * a skip then, since passing would claim that nothing failed on no evidence.
   */
  nothingToJudge?: string;
  /** What the logs could not show, added to the findings' message (the pass message says it itself). */
  caveat?: string;
  /**
   * Records the check could not judge because their log lacks a field it needs: named beside the findings, and
   * without findings an error, since a pass would claim that nothing failed among records that were not judged.
   */
  notJudged?: NotJudged;
  evidence: Evidence;
  docs: string;
  commands?: Command[];
}

/**
 * The outcome of a log check from its findings: the fail-class findings fail when recent and warn
 * when older or undated; warn-class findings only warn; nothing found passes, unless a log could not be read.
 */
export function conclude(c: Conclusion): Outcome {
  const { findings } = c;
  const related = [...new Set(findings.flatMap((f) => f.corroborates ?? []))];
  const evidence: Evidence = {
    ...c.evidence,
    codes: [...new Set([...(c.evidence.codes ?? []), ...findings.flatMap((f) => f.codes)])],
    details: {
      ...c.evidence.details,
      ...(related.length ? { corroborates: related } : {}),
      ...(c.notes.length ? { unreadable: c.notes } : {}),
      ...(findings.length ? { findings: findings.map((f) => ({ text: f.text, count: f.count, last: Number.isNaN(f.lastMs) ? undefined : new Date(f.lastMs).toISOString(), severity: f.severity, details: f.details })) } : {}),
    },
  };
  if (!findings.length) {
    if (c.notes.length) return unreadableOutcome(c.subject, c.notes, c.facts);
    // Nothing was read at all: no evidence either way.
    if (c.facts.every((f) => f.state === 'absent')) return { status: 'skip', skipReason: 'no-data', message: `None of the logs that show ${c.subject} exists on this server.` };
    if (c.notJudged) return notJudgedOutcome(c.subject, c.notJudged, evidence);
    if (c.nothingToJudge) return { status: 'skip', skipReason: 'no-data', message: c.nothingToJudge, evidence };
    return { status: 'pass', message: c.passMessage, evidence };
  }
  const lines = findings.map((f) => `${f.text} (×${f.count}, ${Number.isNaN(f.lastMs) ? 'undated' : `last ${at(f.lastMs)}`})`);
  const unread = c.notes.length ? ` Not read: ${c.notes.join('; ')}.` : '';
  const unjudged = c.notJudged ? ` Not judged: ${c.notJudged.text}` : '';
  const message = `${c.what}: ${lines.join(' | ')}.${corroborates(related)}${unread}${c.caveat ? ` ${c.caveat}` : ''}${unjudged}`;
  const remediation: Remediation = { text: [...new Set(findings.map((f) => f.fix))].join(' '), docs: c.docs, ...(c.commands ? { commands: c.commands } : {}) };
  const failing = findings.filter((f) => f.severity === 'fail');
  if (!failing.length) return warn(message, remediation, evidence);
  return byRecency(lastSeen(failing), c.now, message, remediation, evidence, failing.some((f) => Number.isNaN(f.lastMs)));
}

/** `404.15`, `500 win32 1346`, `200`: a status as the knowledge base writes it; `an unlogged status` without sc-status. */
export function statusCode(r: { status: number; substatus: number; win32?: number }): string {
  if (r.status < 0) return 'an unlogged status';
  const base = r.substatus > 0 ? `${r.status}.${r.substatus}` : String(r.status);
  return r.win32 !== undefined && r.win32 > 0 ? `${base} win32 ${r.win32}` : base;
}

/**
 * The knowledge entry of a row's status, the most specific the catalogue has. The plain 403 entry is the
 * bare URL's healthy answer, so it describes no other request's 403: a 403.6 on GetCACert is not healthy.
 */
export function statusEntry(r: StatusRow): KnowledgeEntry | undefined {
  const entry = knowledge('http-status', statusCode(r)) ?? knowledge('http-status', statusCode({ ...r, win32: 0 })) ?? knowledge('http-status', String(r.status));
  return entry?.code === '403' && r.operation !== '(none)' ? undefined : entry;
}

/** Rows of the IIS digest matching a predicate, as one finding each (grouped by operation and status). */
export function rowFinding(
  r: StatusRow,
  severity: Finding['severity'],
  fix: string,
  corroborates: readonly string[] = [],
  extra = '',
): Finding {
  const code = statusCode(r);
  const entry = statusEntry(r);
  return {
    text: `${r.operation} answered ${code}${entry ? ` (${entry.name})` : ''}${extra}`,
    count: r.count,
    lastMs: r.lastMs,
    severity,
    codes: entry ? [entry.code] : [code],
    fix,
    corroborates,
  };
}

export const iso = (ms: number): string | undefined => (Number.isNaN(ms) ? undefined : new Date(ms).toISOString());

/**
 * An event group as a finding: the ID's name and meaning from the catalogue, the code the event
 * carried (a diagnostic code or an HRESULT), and the code's fix when it has a specific one.
 */
export function eventFinding(g: EventGroup, kind: KnowledgeKind, severity: Finding['severity'], corroborates: readonly string[] = []): Finding {
  const entry = knowledge(kind, String(g.eventId));
  const code = g.detail ? (knowledge('diagnostic-code', g.detail) ?? knowledge('windows-error', g.detail)) : undefined;
  // Unknown_Error and Success say nothing the event's own fix does not.
  const specific = code && code.code !== '0x0FFFFFFF' && code.code !== '0x00000000' ? code : undefined;
  return {
    text: `${g.eventId} ${entry?.name ?? ''}${code ? ` (${code.code} ${code.name})` : g.detail ? ` (${g.detail})` : ''}: ${entry?.meaning ?? 'an error'}; latest: ${latestData(g)}`,
    count: g.count,
    lastMs: g.lastMs,
    severity,
    codes: [String(g.eventId), ...(g.detail ? [g.detail] : [])],
    fix: specific?.fix ?? entry?.fix ?? 'Read the event details.',
    corroborates,
  };
}

/** What an IIS log covers: its lines and their time span. */
export function iisCoverage(d: IisDigest): string {
  return `${d.records} IIS log line(s) from ${at(d.firstMs)} to ${at(d.lastMs)}`;
}

/** How to make IIS write what these checks need to tell SCEP operations apart. */
export const LOG_URI_QUERY =
  'Log the query string: IIS Manager > the site hosting CertSrv/mscep > Logging > Select Fields > tick URI Query (cs-uri-query), then Apply; IIS writes a new #Fields header with it.';

/**
 * Requests to mscep.dll logged under a #Fields header without cs-uri-query, as a clause:
 * `5 request(s) to mscep.dll logged without cs-uri-query (200 ×4, 403 ×1)`. Undefined when there are none.
 */
export function unloggedQueries(rows: readonly StatusRow[]): string | undefined {
  const unlogged = rows.filter((r) => r.operation === NO_QUERY);
  if (!unlogged.length) return undefined;
  return `${totalCount(unlogged)} request(s) to mscep.dll logged without cs-uri-query (${unlogged.map((r) => `${statusCode(r)} ×${r.count}`).join(', ')})`;
}

/** What IIS Manager's Select Fields dialog calls the fields the checks need. */
const FIELD_LABELS: Record<IisJudgedField | 'cs-uri-query', string> = {
  'cs-uri-stem': 'URI Stem',
  'cs-uri-query': 'URI Query',
  'sc-status': 'Protocol Status',
  'sc-substatus': 'Protocol Substatus',
  'time-taken': 'Time Taken',
};

/** IIS's default field list (logExtFileFlags of siteDefaults), which has every field the checks read. */
const DEFAULT_LOG_FIELDS = 'Date,Time,ClientIP,UserName,ServerIP,Method,UriStem,UriQuery,TimeTaken,HttpStatus,Win32Status,ServerPort,UserAgent,HttpSubStatus,Referer';

/**
 * How to make IIS log fields it leaves out. The dialog sets the site's own list, which wins over the server's
 * default; appcmd's siteDefaults reaches only the sites without a list of their own, so it comes second.
 */
export function selectFields(fields: readonly (IisJudgedField | 'cs-uri-query')[]): string {
  const ticks = fields.map((f) => `${FIELD_LABELS[f]} (${f})`).join(', ');
  return (
    `Log ${fields.length > 1 ? 'them' : 'it'}: IIS Manager > Sites > the site hosting CertSrv/mscep > Logging > Select Fields > tick ${ticks}, then Apply; IIS writes a new #Fields header with ${fields.length > 1 ? 'them' : 'it'}. ` +
    `For the sites without a field list of their own, at an elevated Command Prompt, \`%windir%\\system32\\inetsrv\\appcmd.exe set config -section:system.applicationHost/sites /siteDefaults.logFile.logExtFileFlags:"${DEFAULT_LOG_FIELDS}" /commit:apphost\` restores IIS's default list, which has ${fields.length > 1 ? 'them' : 'it'}.`
  );
}

/** What a log check could not judge for want of fields, and the fix. */
export interface NotJudged {
  /** `50 SCEP request(s) logged without sc-status, so whether ... cannot be told. Log it: ...` */
  text: string;
  errorCode: ErrorCode;
}

/** The error of a log check that would otherwise pass, or find nothing, on records it could not judge. */
export function notJudgedOutcome(subject: string, notJudged: NotJudged, evidence?: Evidence): Outcome {
  return { status: 'error', errorCode: notJudged.errorCode, message: `Could not check ${subject}: ${notJudged.text}`, evidence };
}

/** IIS log lines under a #Fields header without cs-uri-stem, as a clause; undefined when there are none. */
export function unloggedStems(d: IisDigest): string | undefined {
  const n = d.unlogged['cs-uri-stem'];
  return n ? `${n} IIS log line(s) logged without cs-uri-stem (the URL asked for), which may be SCEP requests` : undefined;
}

/**
 * What an IIS log check could not judge: the lines without cs-uri-stem, and `counts`, the SCEP requests it needs
 * a field to judge that were logged without it, each with what they are (`SCEP request(s)`). `question` is what
 * stays unknown of them: `whether IIS refused them as too long`. Undefined when the check judged every record.
 */
export function iisNotJudged(d: IisDigest, counts: readonly (readonly [IisJudgedField, number, string])[], question: string): NotJudged | undefined {
  const stems = d.unlogged['cs-uri-stem'] ?? 0;
  const missing = [['cs-uri-stem', stems, 'IIS log line(s)'] as const, ...counts].filter(([, n]) => n > 0);
  if (!missing.length) return undefined;
  const clauses = missing.map(([field, n, what]) => `${n} ${what} logged without ${field}`).join(', ');
  return { text: `${clauses}, so ${question} cannot be told. ${selectFields(missing.map(([field]) => field))}`, errorCode: 'E_FACT_UNAVAILABLE' };
}

/**
 * The skip of an IIS log check when no request reached /certsrv/mscep: with nothing to judge, a pass would
 * claim on no evidence that nothing was refused. When lines were logged without cs-uri-stem, whether any was a
 * SCEP request is unknown: an error naming the field.
 */
export function noScepRequests(d: IisDigest, source: string): Outcome | undefined {
  if (d.scepRequests > 0) return undefined;
  const coverage = iisCoverage(d);
  const stems = d.unlogged['cs-uri-stem'];
  if (stems) {
    return {
      status: 'error',
      errorCode: 'E_FACT_UNAVAILABLE',
      message: `No line of the IIS log is known to be a SCEP request: ${stems} of ${coverage} were logged without cs-uri-stem, the URL asked for, so whether any reached /certsrv/mscep cannot be told. ${selectFields(['cs-uri-stem'])}`,
      evidence: { actual: coverage, source },
    };
  }
  return {
    status: 'skip',
    skipReason: 'no-data',
    message: `No request to /certsrv/mscep in ${coverage}: no device reached NDES through IIS (a wrong SCEP URL, DNS, firewall or proxy blocks them, HTTP.sys refused them, see NDES-LOG-014, or none enrolled).`,
    evidence: { actual: coverage, source },
  };
}

/** The outcome when a single log a check reads is absent (skip: nothing to judge) or unreadable (error). */
export function unusableLog(fact: LogFact<unknown>, name: string): Outcome | undefined {
  if (fact.state === 'absent') return { status: 'skip', skipReason: 'no-data', message: `No ${name} in the window: ${fact.reason}.` };
  if (fact.state === 'unreadable') return { status: 'error', errorCode: fact.errorCode, message: `Could not read the ${name}: ${fact.reason}.` };
  return undefined;
}
