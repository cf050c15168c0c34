import { describe, expect, it } from 'vitest';
import { daysFromCivil } from '../../src/parse/civil-date.js';

/** The same day by the JavaScript Date, which reads years 0 to 99 as they are through setUTCFullYear. */
const byDate = (year: number, month: number, day: number) => new Date(0).setUTCFullYear(year, month - 1, day) / 86_400_000;

describe('daysFromCivil', () => {
  it('agrees with Date on every month and day, across leap, century and negative years', () => {
    for (const year of [-401, -400, -1, 0, 1, 99, 100, 1600, 1899, 1900, 1969, 1970, 2000, 2024, 2026, 2100, 2400, 9999]) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= 31; day++) expect(daysFromCivil(year, month, day), `${year}-${month}-${day}`).toBe(byDate(year, month, day));
      }
    }
  });

  it('counts from 1970-01-01', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(1969, 12, 31)).toBe(-1);
  });
});
