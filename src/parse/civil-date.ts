/**
 * Days from 1970-01-01 to `year`-`month`-`day` of the proleptic Gregorian calendar (month 1 to 12;
 * a day past the end of its month runs on into the next, as Date.UTC counts). Arithmetic, with no
 * branch: log readers call it for every line, and optimised code that meets a branch it has never
 * taken (a new day, deep into a long log) is thrown away and compiled again.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  // Counted from 1 March, so that a leap day ends its year (Howard Hinnant's days_from_civil).
  const fromMarch = (month + 9) % 12;
  // January and February belong to the year before.
  const y = year - ((9 - fromMarch) >>> 31);
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * fromMarch + 2) / 5) + day - 1;
  return era * 146_097 + yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear - 719_468;
}

/** A date as the report shows it: `2026-01-05`, UTC. */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
