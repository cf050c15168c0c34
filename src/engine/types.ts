export const STATUSES = ['pass', 'warn', 'fail', 'skip', 'error'] as const;
export type Status = (typeof STATUSES)[number];

/** Ordered from most to least severe. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type SkipReason = 'prerequisite' | 'not-applicable' | 'excluded' | 'no-data';

export interface Evidence {
  expected?: string;
  actual?: string;
  /** Where the actual value was read: an artifact file, a registry path, a config element. */
  source?: string;
  /** Connector event IDs, diagnostic codes or HTTP statuses this finding relates to. */
  codes?: string[];
  details?: Record<string, unknown>;
}

/** The shells a fix command is written for; the same line may mean something else, or nothing, in the other. */
export const SHELLS = ['cmd', 'powershell'] as const;
export type Shell = (typeof SHELLS)[number];

/** One command of a fix, exactly as it is typed at a prompt of its shell. */
export interface Command {
  shell: Shell;
  text: string;
}

export interface Remediation {
  text: string;
  commands?: Command[];
  docs?: string;
}

interface OutcomeBase {
  message: string;
  evidence?: Evidence;
}

/** What a check's run() returns. The engine adds identity and timing to make a Result. */
export type Outcome =
  | (OutcomeBase & { status: 'pass' })
  | (OutcomeBase & { status: 'warn' | 'fail'; remediation: Remediation; severity?: Severity })
  | (OutcomeBase & { status: 'skip'; skipReason: SkipReason })
  | (OutcomeBase & { status: 'error'; errorCode: ErrorCode; stack?: string });

export const ERROR_CODES = {
  E_TIMEOUT: 'The check did not finish within its time limit.',
  E_ACCESS_DENIED: 'The data could not be read: access denied.',
  E_NOT_ELEVATED: 'The data needs an elevated (Run as administrator) prompt.',
  E_FACT_UNAVAILABLE: 'The data this check needs could not be collected or read.',
  E_FACT_MALFORMED: 'The data this check needs could not be parsed.',
  E_NETWORK: 'A network request failed.',
  E_TLS_HANDSHAKE: 'The TLS handshake failed.',
  E_INTERNAL: 'An unexpected internal error occurred in the check.',
  E_TOO_LARGE: 'The data is larger than ndes-doctor reads for its kind (a cap per kind of file and per bundle).',
  E_INTERRUPTED: 'The run was interrupted (SIGINT or SIGTERM) before this check finished.',
} as const satisfies Record<string, string>;
export type ErrorCode = keyof typeof ERROR_CODES;

export interface CheckMeta {
  id: string;
  slug: string;
  area: Area;
  title: string;
  severity: Severity;
  dependsOn?: readonly string[];
}

/** Each area's title and the prefix its check ids use (`NDES-<PREFIX>-<NNN>`). */
export const AREAS = {
  'http-sys': { title: 'HTTP.sys (kernel HTTP listener)', prefix: 'HSYS' },
  iis: { title: 'IIS configuration', prefix: 'IIS' },
  tls: { title: 'TLS binding and certificates', prefix: 'TLS' },
  mscep: { title: 'NDES (MSCEP) configuration and RA certificates', prefix: 'MSCEP' },
  template: { title: 'SCEP certificate template', prefix: 'TPL' },
  server: { title: 'Server, roles and features', prefix: 'SRV' },
  connector: { title: 'Intune Certificate Connector', prefix: 'CON' },
  account: { title: 'NDES service account', prefix: 'ACCT' },
  browser: { title: 'Internet Explorer settings', prefix: 'IE' },
  endpoint: { title: 'SCEP endpoint, as devices see it', prefix: 'NET' },
  revocation: { title: 'Certificate chains and revocation', prefix: 'REV' },
  ca: { title: 'Certification authority', prefix: 'CA' },
  intune: { title: 'Reaching Intune from the connector', prefix: 'INT' },
  profile: { title: 'Intune SCEP certificate profile', prefix: 'PRF' },
  logs: { title: 'Event, IIS and HTTP.sys logs', prefix: 'LOG' },
} as const satisfies Record<string, { title: string; prefix: string }>;
export type Area = keyof typeof AREAS;

export type Result = Omit<CheckMeta, 'dependsOn'> & {
  /** Endpoint checks run once per probed URL; this is that URL. */
  target?: string;
  /** In a report of several servers (a fleet run): the server this result is about. */
  server?: string;
  status: Status;
  message: string;
  evidence?: Evidence;
  remediation?: Remediation;
  skipReason?: SkipReason;
  error?: { code: ErrorCode; stack?: string };
  docs: string;
  durationMs: number;
};
