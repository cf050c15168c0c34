// Entry of dist/quick.js (scripts/build.mjs), the one file bin/ndes-doctor.js always loads. Its
// first import refuses an unsupported Node.js before any other module of the bundle runs.
import './supported-node.js';

export { main } from './main.js';

const QUICK = new Set<string | undefined>([undefined, '-h', '--help', 'help', '-V', '--version', 'list', 'explain']);

/** Whether this file has all the command needs; every other command starts through dist/ndes-doctor.cjs. */
export function runsHere(argv: readonly string[]): boolean {
  return QUICK.has(argv[0]);
}
