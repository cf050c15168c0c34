import { describe, expect, it } from 'vitest';
import {
  ago,
  at,
  byRecency,
  claimedBy,
  CONNECTOR_CLAIMS,
  conclude,
  corroborates,
  groupLine,
  isErrorLevel,
  isRecent,
  lastSeen,
  latestData,
  problemLevel,
  RECENT_MS,
  statusCode,
  type Finding,
} from '../../../src/checks/logs/common.js';
import type { EventGroup } from '../../../src/facts/log-digests.js';
import type { LogFact } from '../../../src/facts/logs.js';

const NOW = new Date('2026-11-22T12:00:00Z');
const T = NOW.getTime();
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const FIX = { text: 'fix', docs: 'https://example.test/' };
const EV = { expected: 'none', source: 'logs/x' };

const group = (over: Partial<EventGroup> = {}): EventGroup =>
  ({
    provider: 'P',
    eventId: 4005,
    count: 1,
    firstMs: T - HOUR,
    lastMs: T - HOUR,
    latest: { data: [{ name: 'A', value: ' 1 ' }, { value: 'two' }, { name: 'Empty', value: '  ' }], codes: [], level: 2 },
    ...over,
  }) as EventGroup;

describe('the time words of the log checks', () => {
  it('at: minutes in UTC, or an unknown time', () => {
    expect(at(Date.parse('2026-11-20T09:14:59.999Z'))).toBe('2026-11-20 09:14 UTC');
    expect(at(NaN)).toBe('an unknown time');
  });

  it('ago: minutes under an hour, hours under two days, then days; never negative', () => {
    expect(ago(T - 59 * MIN, NOW)).toBe('59 min ago');
    expect(ago(T - HOUR, NOW)).toBe('1 h ago');
    expect(ago(T - 2 * DAY + 1, NOW)).toBe('48 h ago');
    expect(ago(T - 2 * DAY, NOW)).toBe('2 d ago');
    expect(ago(T + HOUR, NOW)).toBe('0 min ago');
    expect(ago(NaN, NOW)).toBe('at an unknown time');
  });

  it('isRecent: within 24 hours, the 24th hour included; an unknown time is not recent', () => {
    expect(RECENT_MS).toBe(24 * HOUR);
    expect(isRecent(T - RECENT_MS, NOW)).toBe(true);
    expect(isRecent(T - RECENT_MS - 1, NOW)).toBe(false);
    expect(isRecent(NaN, NOW)).toBe(false);
  });

  it('byRecency: fails a recent failure, warns an older one saying since when', () => {
    expect(byRecency(T - RECENT_MS, NOW, 'm.', FIX, EV).status).toBe('fail');
    expect(byRecency(T - 3 * DAY, NOW, 'm.', FIX, EV)).toMatchObject({ status: 'warn', message: 'm. The latest was 3 d ago; if the cause was fixed since, nothing has failed for 3 d.' });
  });

  it('byRecency: only warns on an undated failure, which cannot be placed in the window, and says so', () => {
    expect(byRecency(NaN, NOW, 'm.', FIX, EV)).toMatchObject({
      status: 'warn',
      message: 'm. When is unknown: the log gives these records no time, so they may be older than the log window; the newest lines of the log show whether they still occur.',
    });
    // Beside undated ones, a recent dated failure still fails, and an older one does not claim that nothing failed since.
    expect(byRecency(T - HOUR, NOW, 'm.', FIX, EV, true).status).toBe('fail');
    expect(byRecency(T - 3 * DAY, NOW, 'm.', FIX, EV, true)).toMatchObject({ status: 'warn', message: 'm. The latest dated one was 3 d ago; the undated ones cannot be placed in time.' });
  });

  it('lastSeen: the latest known time, NaN when none is known', () => {
    expect(lastSeen([{ lastMs: NaN }, { lastMs: 5 }, { lastMs: 3 }, { lastMs: NaN }])).toBe(5);
    expect(lastSeen([{ lastMs: NaN }])).toBeNaN();
    expect(lastSeen([])).toBeNaN();
  });
});

describe('how groups and codes are written', () => {
  it('groupLine: one time for one event, a span for several, and the detail', () => {
    expect(groupLine(group(), '4005 X')).toBe('4005 X ×1, 2026-11-22 11:00 UTC');
    expect(groupLine(group({ count: 3, firstMs: T - DAY, detail: '0x1' }), '4005 X')).toBe('4005 X ×3 (0x1), 2026-11-21 12:00 UTC to 2026-11-22 11:00 UTC');
  });

  it('latestData: named and unnamed values trimmed, blanks left out, at most `max`, else the message', () => {
    expect(latestData(group())).toBe('A=1; two');
    expect(latestData(group(), 1)).toBe('A=1; …');
    expect(latestData(group({ latest: { data: [], codes: [], message: 'said' } as never }))).toBe('said');
    expect(latestData(group({ latest: { data: [], codes: [] } as never }))).toBe('(no event data)');
  });

  it('statusCode: substatus and win32 only when set', () => {
    expect(statusCode({ status: 404, substatus: 15 })).toBe('404.15');
    expect(statusCode({ status: 500, substatus: 0, win32: 1346 })).toBe('500 win32 1346');
    expect(statusCode({ status: 200, substatus: 0, win32: 0 })).toBe('200');
    expect(statusCode({ status: 500, substatus: 0, win32: -1 })).toBe('500');
  });

  it('corroborates and claimedBy', () => {
    expect(corroborates([])).toBe('');
    expect(corroborates(['NDES-IIS-002', 'NDES-TPL-007'])).toBe(' This corroborates NDES-IIS-002, NDES-TPL-007: the fix named there applies.');
    expect(claimedBy(CONNECTOR_CLAIMS, 4005)).toBe('NDES-LOG-003');
    expect(claimedBy(CONNECTOR_CLAIMS, 4242)).toBeUndefined();
  });
});

describe('event levels', () => {
  it('isErrorLevel: critical and error only; LogAlways (0), warning, information, verbose and none are not', () => {
    expect([undefined, 0, 1, 2, 3, 4, 5].map(isErrorLevel)).toEqual([false, false, true, true, false, false, false]);
  });

  it('problemLevel: never for an ID the catalogue calls healthy; by the level otherwise; a catalogued failure without a level is an error', () => {
    const at = (eventId: number, level: number | undefined) => problemLevel(group({ eventId, latest: { data: [], codes: [], level } }), 'connector-event');
    expect(at(4006, 2)).toBeUndefined();
    expect([1, 2, 3, 4, 0].map((level) => at(4005, level))).toEqual(['error', 'error', 'warning', undefined, undefined]);
    expect(at(4005, undefined)).toBe('error');
    expect(at(9999, undefined)).toBeUndefined();
  });
});

describe('conclude', () => {
  const read = { state: 'read' } as unknown as LogFact<unknown>;
  const absentLog = { state: 'absent' } as unknown as LogFact<unknown>;
  const finding = (over: Partial<Finding> = {}): Finding => ({ text: 'X failed', count: 2, lastMs: T - HOUR, severity: 'fail', codes: ['42'], fix: 'Do A.', ...over });
  const base = { subject: 'X', what: 'X failed', now: NOW, notes: [], facts: [read], passMessage: 'All good.', evidence: { expected: 'no X', source: 'logs/x', codes: ['1'] }, docs: 'https://example.test/' };

  it('passes without findings, skips when no log exists, errors when a log could not be read', () => {
    expect(conclude({ ...base, findings: [] })).toMatchObject({ status: 'pass', message: 'All good.' });
    expect(conclude({ ...base, findings: [], facts: [absentLog] })).toEqual({ status: 'skip', skipReason: 'no-data', message: 'None of the logs that show X exists on this server.' });
    expect(conclude({ ...base, findings: [], notes: ['app: cut'] })).toMatchObject({ status: 'error', message: 'Could not check X: app: cut.' });
  });

  it('joins findings, fixes once each, codes and the checks they corroborate; names logs not read', () => {
    const o = conclude({
      ...base,
      notes: ['sys: cut'],
      findings: [finding({ corroborates: ['NDES-A'] }), finding({ text: 'Y failed', count: 1, lastMs: NaN, codes: ['42', '43'], corroborates: ['NDES-A', 'NDES-B'] })],
      commands: [],
    });
    expect(o.message).toBe('X failed: X failed (×2, last 2026-11-22 11:00 UTC) | Y failed (×1, undated). This corroborates NDES-A, NDES-B: the fix named there applies. Not read: sys: cut.');
    expect(o.evidence?.codes).toEqual(['1', '42', '43']);
    expect(o.evidence?.details).toMatchObject({ corroborates: ['NDES-A', 'NDES-B'], unreadable: ['sys: cut'] });
    if (o.status === 'fail') expect(o.remediation).toEqual({ text: 'Do A.', docs: 'https://example.test/', commands: [] });
    else throw new Error(o.status);
  });

  it('only warns when every finding is of the warn class, and by recency otherwise', () => {
    expect(conclude({ ...base, findings: [finding({ severity: 'warn' })] }).status).toBe('warn');
    expect(conclude({ ...base, findings: [finding({ severity: 'warn', lastMs: T }), finding({ lastMs: T - 3 * DAY })] }).status).toBe('warn');
    expect(conclude({ ...base, findings: [finding({ severity: 'warn', lastMs: T - 3 * DAY }), finding({ lastMs: T })] }).status).toBe('fail');
  });

  it('does not fail on undated findings alone; a recent dated one beside them still fails', () => {
    expect(conclude({ ...base, findings: [finding({ lastMs: NaN })] }).status).toBe('warn');
    expect(conclude({ ...base, findings: [finding({ lastMs: NaN }), finding({ lastMs: T - HOUR })] }).status).toBe('fail');
    expect(conclude({ ...base, findings: [finding({ lastMs: NaN }), finding({ lastMs: T - 3 * DAY })] }).message).toMatch(/The latest dated one was 3 d ago; the undated ones cannot be placed in time\.$/);
  });
});
