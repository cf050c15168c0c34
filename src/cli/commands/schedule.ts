import { resolve } from 'node:path';
import { EXIT } from '../../engine/exit-code.js';
import { writeStdout } from '../io.js';
import { DEFAULT_KEEP, DEFAULT_SCHEDULE_FOLDER, DEFAULT_SCHEDULE_TIME, DEFAULT_TASK_NAME } from '../monitoring-defaults.js';
import { instructions, taskXml, validatePlan, type SchedulePlan } from '../schedule.js';

export interface ScheduleOptions {
  folder?: string;
  keep?: number;
  time?: string;
  user?: string;
  taskName?: string;
  program?: string;
  prometheus?: string;
  eventLog: boolean;
  xml: boolean;
}

/** Where ndes-doctor is copied to in the README, for a task prepared off the server. */
const PLACEHOLDER_EXE = 'C:\\Tools\\ndes-doctor.exe';

/** Prints the scheduled task; installs nothing. */
export async function scheduleCommand(opts: ScheduleOptions, now = new Date()): Promise<number> {
  const { program, note } = thisProgram(opts.program);
  const plan: SchedulePlan = validatePlan({
    program,
    folder: opts.folder ?? DEFAULT_SCHEDULE_FOLDER,
    keep: opts.keep ?? DEFAULT_KEEP,
    time: opts.time ?? DEFAULT_SCHEDULE_TIME,
    ...(opts.user && { user: opts.user }),
    taskName: opts.taskName ?? DEFAULT_TASK_NAME,
    eventLog: opts.eventLog,
    ...(opts.prometheus && { prometheus: opts.prometheus }),
    startDate: localDate(now),
  });
  if (note && !opts.xml) process.stderr.write(`ndes-doctor: ${note}\n`);
  await writeStdout(opts.xml ? taskXml(plan) : instructions(plan, [program.command, ...program.prefix]));
  return EXIT.OK;
}

/** The task runs the ndes-doctor that printed it: this exe, or this node.exe with this script. */
function thisProgram(given: string | undefined): { program: SchedulePlan['program']; note?: string } {
  if (given) return { program: { command: given, prefix: [] } };
  if (process.platform !== 'win32') {
    return { program: { command: PLACEHOLDER_EXE, prefix: [] }, note: `not on Windows: the task runs ${PLACEHOLDER_EXE}; --program names another path.` };
  }
  // getBuiltinModule, not import(): the standalone exe's injected script cannot import() at run time.
  if (process.getBuiltinModule('node:sea').isSea()) return { program: { command: process.execPath, prefix: [] } };
  const script = resolve(process.argv[1] ?? '');
  const npx = /\\_npx\\/i.test(script)
    ? `${script} is in npx's cache, which npm may clear: install the package (npm install -g) or use ndes-doctor.exe and run schedule from there, or pass --program.`
    : undefined;
  return { program: { command: process.execPath, prefix: [script] }, ...(npx && { note: npx }) };
}

function localDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
