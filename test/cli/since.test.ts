import { describe, expect, it } from 'vitest';
import { parseSince } from '../../src/cli/since.js';

const now = new Date('2026-11-20T09:14:02.000Z');

describe('parseSince', () => {
  it('reads durations back from now', () => {
    expect(parseSince('7d', now).toISOString()).toBe('2026-11-13T09:14:02.000Z');
    expect(parseSince('36h', now).toISOString()).toBe('2026-11-18T21:14:02.000Z');
    expect(parseSince('90m', now).toISOString()).toBe('2026-11-20T07:44:02.000Z');
    expect(parseSince('2W', now).toISOString()).toBe('2026-11-06T09:14:02.000Z');
    expect(parseSince('1.5d', now).toISOString()).toBe('2026-11-18T21:14:02.000Z');
  });

  it('reads a date as UTC midnight and an ISO time as written (UTC when no zone)', () => {
    expect(parseSince('2026-11-01', now).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(parseSince('2026-11-19T08:00', now).toISOString()).toBe('2026-11-19T08:00:00.000Z');
    expect(parseSince('2026-11-19T08:00:00+02:00', now).toISOString()).toBe('2026-11-19T06:00:00.000Z');
  });

  it('refuses what it cannot read, invalid dates and the future', () => {
    expect(() => parseSince('last week', now)).toThrow(/--since takes a duration \(90m, 36h, 7d, 2w\) or a date/);
    expect(() => parseSince('7', now)).toThrow(/--since takes/);
    expect(() => parseSince('2026-02-30T00:00', now)).not.toThrow(); // Date rolls it to March 2: still a valid instant
    expect(() => parseSince('2026-13-01', now)).toThrow(/not a valid date/);
    expect(() => parseSince('2026-12-01', now)).toThrow(/not in the past/);
    expect(() => parseSince('0d', now)).toThrow(/not in the past/);
  });
});
