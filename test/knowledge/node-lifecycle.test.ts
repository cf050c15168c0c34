import { describe, expect, it } from 'vitest';
import { nodeEndOfLife, runtimeWarning } from '../../src/knowledge/node-lifecycle.js';

describe('nodeEndOfLife', () => {
  it('names the end date from the day a line ends, not before', () => {
    expect(nodeEndOfLife('v20.20.2', new Date('2026-04-29T23:59:59Z'))).toBeUndefined();
    expect(nodeEndOfLife('v20.20.2', new Date('2026-04-30T00:00:00Z'))).toBe('2026-04-30');
    expect(nodeEndOfLife('v22.23.3', new Date('2027-04-29T12:00:00Z'))).toBeUndefined();
    expect(nodeEndOfLife('v22.23.3', new Date('2027-04-30T12:00:00Z'))).toBe('2027-04-30');
  });

  it('knows that odd lines end early', () => {
    expect(nodeEndOfLife('v25.9.0', new Date('2026-11-30T00:00:00Z'))).toBe('2026-06-01');
    expect(nodeEndOfLife('v26.10.0', new Date('2026-11-30T00:00:00Z'))).toBeUndefined();
  });

  it('treats lines older than the table as ended and newer ones as maintained', () => {
    expect(nodeEndOfLife('v12.22.12', new Date('2026-11-30T00:00:00Z'))).toBe('2023-04-30');
    expect(nodeEndOfLife('v28.0.0', new Date('2026-11-30T00:00:00Z'))).toBeUndefined();
    expect(nodeEndOfLife('not a version', new Date('2026-11-30T00:00:00Z'))).toBeUndefined();
  });
});

describe('runtimeWarning', () => {
  it('says which runtime ended and when', () => {
    expect(runtimeWarning('v20.20.2', new Date('2026-11-30T00:00:00Z'))).toMatch(/Node\.js v20\.20\.2.*end of life on 2026-04-30/);
    expect(runtimeWarning('v24.1.0', new Date('2026-11-30T00:00:00Z'))).toBeUndefined();
  });
});
