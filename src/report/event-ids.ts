import type { OverallStatus } from '../engine/exit-code.js';

// A leaf module: program.ts names these in --help, which must not load the report code.

/** The Application log source `--event-log` writes as; eventcreate registers it on first use. */
export const EVENT_SOURCE = 'ndes-doctor';

/** 100 + the exit code; eventcreate takes IDs 1 to 1000. An OK run writes nothing. */
export const EVENTS = {
  warning: { id: 101, type: 'WARNING' },
  critical: { id: 102, type: 'ERROR' },
  unknown: { id: 103, type: 'WARNING' },
} as const satisfies Record<Exclude<OverallStatus, 'ok'>, { id: number; type: 'WARNING' | 'ERROR' }>;
