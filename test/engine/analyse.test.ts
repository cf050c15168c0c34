import { describe, expect, it } from 'vitest';
import { collectionTime } from '../../src/engine/analyse.js';

describe('collectionTime', () => {
  it('reads ISO 8601 times that carry their offset, as PowerShell and the collector write them', () => {
    expect(collectionTime('2026-11-20T09:00:00.000Z')?.toISOString()).toBe('2026-11-20T09:00:00.000Z');
    expect(collectionTime('2026-11-20T10:00:00.1234567+01:00')?.toISOString()).toBe('2026-11-20T09:00:00.123Z');
    expect(collectionTime('2026-11-20T10:00+0100')?.toISOString()).toBe('2026-11-20T09:00:00.000Z');
  });

  it('refuses a time without an offset, which each analyst would read in their own zone, and anything that is not ISO 8601', () => {
    for (const text of ['2026-11-20T09:00:00', '2026-11-20', '11/20/2026', '20.11.2026 09:00', '', 'yesterday', '2026-11-20T25:00:00Z']) expect([text, collectionTime(text)]).toEqual([text, undefined]);
  });
});
