// A leaf module: program.ts names these in --help, which must not load the monitoring code.

/** Runs --history keeps unless --keep says otherwise. */
export const DEFAULT_KEEP = 30;

/** Where `schedule` has the task write its reports: machine-wide, outside any user profile (schedule's commands restrict its ACL). */
export const DEFAULT_SCHEDULE_FOLDER = 'C:\\ProgramData\\ndes-doctor';
export const DEFAULT_SCHEDULE_TIME = '02:00';
export const DEFAULT_TASK_NAME = '\\ndes-doctor\\Daily health check';
