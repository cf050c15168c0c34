/**
 * When each Node.js release line stopped getting security fixes (nodejs/Release schedule.json).
 * A PKI server should not run an unmaintained runtime next to its registration authority keys.
 */
const END_OF_LIFE: Record<number, string> = {
  14: '2023-04-30',
  15: '2021-06-01',
  16: '2023-09-11',
  17: '2022-06-01',
  18: '2025-04-30',
  19: '2023-06-01',
  20: '2026-04-30',
  21: '2024-06-01',
  22: '2027-04-30',
  23: '2025-06-01',
  24: '2028-04-30',
  25: '2026-06-01',
  26: '2029-04-30',
};

const OLDEST_LISTED = Math.min(...Object.keys(END_OF_LIFE).map(Number));

/** The date a Node.js version's line reached end of life, if it has by `now`; undefined while it is maintained. */
export function nodeEndOfLife(version: string, now: Date): string | undefined {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (!Number.isInteger(major)) return undefined;
  // Lines older than the table ended long ago; lines newer than it are too new to have ended.
  const ended = END_OF_LIFE[major] ?? (major < OLDEST_LISTED ? END_OF_LIFE[OLDEST_LISTED] : undefined);
  return ended !== undefined && now.getTime() >= Date.parse(`${ended}T00:00:00Z`) ? ended : undefined;
}

/** The run warning for a live run on an unmaintained runtime, or undefined. */
export function runtimeWarning(version: string, now: Date): string | undefined {
  const ended = nodeEndOfLife(version, now);
  return ended
    ? `This run uses Node.js ${version}, whose release line reached end of life on ${ended} and gets no security fixes: ` +
        'run ndes-doctor on a maintained Node.js line (22 or later) or use the standalone ndes-doctor.exe.'
    : undefined;
}
