import type { Manifest } from '../collect/manifest.js';
import type { CertificateExpiry } from '../engine/certificates.js';
import { EXIT, exitCodeFor, OVERALL_BY_EXIT, type ExitCode, type OverallStatus } from '../engine/exit-code.js';
import { STATUSES, type Result, type Severity, type Status } from '../engine/types.js';
import { TOOL_NAME, TOOL_VERSION } from '../version.js';

/**
 * Bumped on any incompatible change to the JSON report; schema/report.schema.json describes it.
 * 2: `remediation.commands` are `{ shell, text }` (strings in 1); src/report/upgrade.ts reads 1.
 */
export const SCHEMA_VERSION = 2;

export type RunMode = 'live' | 'bundle' | 'network' | 'profile';

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

export function buildReport(input: ReportInput): Report {
  const exitCode = input.interrupted || input.notStarted ? EXIT.UNKNOWN : exitCodeFor(input.results, input.failOn);
  const counts = Object.fromEntries(STATUSES.map((s) => [s, input.results.filter((r) => r.status === s).length])) as Record<
    Status,
    number
  >;
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
