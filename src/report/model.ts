import type { Manifest } from '../collect/manifest.js';
import type { CertificateExpiry } from '../engine/certificates.js';
import { EXIT, exitCodeFor, OVERALL_BY_EXIT, worstExitCode, type ExitCode, type OverallStatus } from '../engine/exit-code.js';
import { STATUSES, type Result, type Severity, type Status } from '../engine/types.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

/**
 * Bumped on any change to the JSON report; schema/report.schema.json describes it.
 * 2: `remediation.commands` are `{ shell, text }` (strings in 1); src/report/upgrade.ts reads 1.
 * 3: adds `servers` and `server` on results and changes, for a run over several servers (mode
 * `fleet`); nothing else changes, so a reader of 2 that ignores fields it does not know reads 3.
 */
export const SCHEMA_VERSION = 3;

export type RunMode = 'live' | 'bundle' | 'network' | 'profile' | 'fleet';

/** One server of a fleet run (several --bundle, or --bundle with --url): its own verdict and facts. */
export interface ServerReport {
  /** Unique within the report; `server` on results and changes names it. */
  name: string;
  mode: 'live' | 'bundle' | 'network';
  /** The bundle path or the URL, as given. */
  source: string;
  status: OverallStatus;
  exitCode: ExitCode;
  counts: Record<Status, number>;
  /** The moment its checks judged expiry against: the run's start, or the bundle's collection time. */
  evaluatedAt: string;
  durationMs: number;
  host?: string;
  os?: string;
  connector?: string;
  collectedAt?: string;
  collectedBy?: string;
  /** Why nothing was checked on this server (unreadable bundle, no answer before the deadline); its status is unknown. */
  notStarted?: string;
  runWarnings: string[];
}

export const REDACTION_RULES = ['secret', 'url-credentials', 'scep-challenge', 'user-path', 'hosts', 'users'] as const;
export type RedactionRule = (typeof REDACTION_RULES)[number];

/** What redaction did to this report: which rules ran and how many values they masked. */
export interface Redaction {
  applied: boolean;
  rules: RedactionRule[];
  masked: number;
}

export interface Report {
  schemaVersion: typeof SCHEMA_VERSION;
  tool: { name: string; version: string };
  run: {
    mode: RunMode;
    startedAt: string;
    /** The moment checks judged expiry against: the start of the run, or a bundle's collection time. */
    evaluatedAt: string;
    durationMs: number;
    argv: string[];
    elevated: boolean | null;
    timeouts: { checkMs: number; runMs: number };
    /** Why no check ran (bad bundle, live check off Windows, nothing selected): the status is unknown. */
    notStarted?: string;
    /** The signal that stopped the run; checks not finished by then are errors, the status is unknown. */
    interrupted?: string;
    /** --exit-zero: the process exited 0 whatever the verdict in `summary`. */
    exitZero?: boolean;
  };
  summary: {
    status: OverallStatus;
    exitCode: ExitCode;
    failOn: Severity;
    counts: Record<Status, number>;
  };
  environment: {
    platform: string;
    node: string;
    host?: string;
    os?: string;
    /** The Intune Certificate Connector on the server: its version, a retired connector, or "not installed". */
    connector?: string;
    bundle?: string;
    /** The Intune profile lint-profile judged: its name, Graph type and where it was read. */
    profile?: string;
    collectedAt?: string;
    collectedBy?: string;
  };
  config: { only: string[]; skip: string[] };
  results: Result[];
  runWarnings: string[];
  redaction: Redaction;
  /** With --history or --baseline: what changed since the run compared with. */
  changes?: Changes;
  /** A fleet run: each server, in the order given; `summary` is then the worst of them and `results` hold all, each naming its server. */
  servers?: ServerReport[];
}

/** The run a report was compared with: the newest one in --history, or --baseline. */
export interface ComparedRun {
  source: 'history' | 'baseline';
  /** The JSON report file read. */
  path: string;
  startedAt: string;
  status: OverallStatus;
  exitCode: ExitCode;
}

/** One check (on one target) whose finding appeared, went away or changed between the two runs. */
export interface FindingChange {
  id: string;
  server?: string;
  target?: string;
  title: string;
  severity: Severity;
  /** null: the check did not run on this target in that run. */
  from: Status | null;
  to: Status | null;
  /** This run's message; the compared run's when the check did not run this time. */
  message: string;
}

/** A certificate's days to expiry now, and at the compared run when that run judged the same certificate. */
export interface CertificateCountdown extends CertificateExpiry {
  id: string;
  server?: string;
  target?: string;
  previousDaysLeft?: number;
  previousNotAfter?: string;
}

export interface Changes {
  /** null on the first run recorded in --history: nothing to compare with yet. */
  since: ComparedRun | null;
  /** A warning, failure or error that the compared run did not have. */
  new: FindingChange[];
  /** A finding of the compared run that passes now. */
  resolved: FindingChange[];
  /** A finding in both runs with another status now (warn to fail, fail to error), or one no longer judged (skip, not run). */
  changed: FindingChange[];
  /** Findings with the same status in both runs. */
  unchanged: number;
  /** Every certificate whose expiry this run judged, soonest first. */
  certificates: CertificateCountdown[];
}

export interface ReportInput {
  mode: RunMode;
  startedAt: Date;
  evaluatedAt?: Date;
  finishedAt: Date;
  argv: string[];
  manifest?: Manifest;
  origin?: string;
  profile?: string;
  connector?: string;
  failOn: Severity;
  timeouts: { checkMs: number; runMs: number };
  config: { only: string[]; skip: string[] };
  results: Result[];
  runWarnings: string[];
  notStarted?: string;
  interrupted?: string;
  exitZero?: boolean;
}

function countsOf(results: readonly Result[]): Record<Status, number> {
  return Object.fromEntries(STATUSES.map((s) => [s, results.filter((r) => r.status === s).length])) as Record<Status, number>;
}

export function buildReport(input: ReportInput): Report {
  const exitCode = input.interrupted || input.notStarted ? EXIT.UNKNOWN : exitCodeFor(input.results, input.failOn);
  const counts = countsOf(input.results);
  const m = input.manifest;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    run: {
      mode: input.mode,
      startedAt: input.startedAt.toISOString(),
      evaluatedAt: (input.evaluatedAt ?? input.startedAt).toISOString(),
      durationMs: input.finishedAt.getTime() - input.startedAt.getTime(),
      argv: input.argv,
      elevated: m?.host.elevated ?? null,
      timeouts: input.timeouts,
      ...(input.notStarted !== undefined && { notStarted: input.notStarted }),
      ...(input.interrupted !== undefined && { interrupted: input.interrupted }),
      ...(input.exitZero && { exitZero: true }),
    },
    summary: { status: OVERALL_BY_EXIT[exitCode], exitCode, failOn: input.failOn, counts },
    environment: {
      platform: process.platform,
      node: process.version,
      ...(m?.host.name && { host: m.host.name }),
      ...(m?.host.os && { os: m.host.os }),
      ...(input.connector && { connector: input.connector }),
      ...((input.mode === 'bundle' || input.mode === 'profile') && input.origin && { bundle: input.origin }),
      ...(input.profile && { profile: input.profile }),
      ...(m?.collectedAt && { collectedAt: m.collectedAt }),
      ...(m && { collectedBy: `${m.tool.name} ${m.tool.version}` }),
    },
    config: input.config,
    results: input.results,
    runWarnings: input.runWarnings,
    redaction: { applied: false, rules: [], masked: 0 },
  };
}

/** What one server of a fleet gave: its results and facts, or why it gave none. */
export interface ServerInput {
  name: string;
  mode: ServerReport['mode'];
  source: string;
  startedAt: Date;
  evaluatedAt?: Date;
  finishedAt: Date;
  manifest?: Manifest;
  connector?: string;
  results: Result[];
  runWarnings: string[];
  notStarted?: string;
}

export interface FleetInput extends Omit<ReportInput, 'mode' | 'evaluatedAt' | 'manifest' | 'origin' | 'profile' | 'connector' | 'results' | 'notStarted'> {
  servers: ServerInput[];
}

/**
 * One report of several servers: each server with its own verdict, the results of all (each naming its
 * server), and a summary whose exit code is the worst of theirs in the usual precedence, 2 > 3 > 1 > 0.
 */
export function buildFleetReport(input: FleetInput): Report {
  const servers = input.servers.map((s) => serverReport(s, input.failOn));
  const results = input.servers.flatMap((s) => s.results.map((r) => ({ ...r, server: s.name })));
  const exitCode = input.interrupted ? EXIT.UNKNOWN : worstExitCode(servers.map((s) => s.exitCode));
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    run: {
      mode: 'fleet',
      startedAt: input.startedAt.toISOString(),
      evaluatedAt: input.startedAt.toISOString(),
      durationMs: input.finishedAt.getTime() - input.startedAt.getTime(),
      argv: input.argv,
      elevated: null,
      timeouts: input.timeouts,
      ...(input.interrupted !== undefined && { interrupted: input.interrupted }),
      ...(input.exitZero && { exitZero: true }),
    },
    summary: { status: OVERALL_BY_EXIT[exitCode], exitCode, failOn: input.failOn, counts: countsOf(results) },
    environment: { platform: process.platform, node: process.version },
    config: input.config,
    results,
    runWarnings: input.runWarnings,
    redaction: { applied: false, rules: [], masked: 0 },
    servers,
  };
}

function serverReport(s: ServerInput, failOn: Severity): ServerReport {
  const exitCode = s.notStarted !== undefined ? EXIT.UNKNOWN : exitCodeFor(s.results, failOn);
  const m = s.manifest;
  return {
    name: s.name,
    mode: s.mode,
    source: s.source,
    status: OVERALL_BY_EXIT[exitCode],
    exitCode,
    counts: countsOf(s.results),
    evaluatedAt: (s.evaluatedAt ?? s.startedAt).toISOString(),
    durationMs: s.finishedAt.getTime() - s.startedAt.getTime(),
    ...(m?.host.name && { host: m.host.name }),
    ...(m?.host.os && { os: m.host.os }),
    ...(s.connector && { connector: s.connector }),
    ...(m?.collectedAt && { collectedAt: m.collectedAt }),
    ...(m && { collectedBy: `${m.tool.name} ${m.tool.version}` }),
    ...(s.notStarted !== undefined && { notStarted: s.notStarted }),
    runWarnings: s.runWarnings,
  };
}
