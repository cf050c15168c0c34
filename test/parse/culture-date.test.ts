import { describe, expect, it } from 'vitest';
import { parseCultureDateTime, parseCultureFree, type DateCulture } from '../../src/parse/culture-date.js';

// Patterns and designators as Windows/.NET hold them for these cultures.
const culture = (name: string, shortDatePattern: string, longTimePattern: string, dateSeparator = '/', am = 'AM', pm = 'PM'): DateCulture => ({
  name,
  shortDatePattern,
  longTimePattern,
  dateSeparator,
  timeSeparator: ':',
  amDesignator: am,
  pmDesignator: pm,
});
const enUS = culture('en-US', 'M/d/yyyy', 'h:mm:ss tt');
const enGB = culture('en-GB', 'dd/MM/yyyy', 'HH:mm:ss', '/', 'am', 'pm');
const deDE = culture('de-DE', 'dd.MM.yyyy', 'HH:mm:ss', '.', '', '');
const jaJP = culture('ja-JP', 'yyyy/MM/dd', 'H:mm:ss', '/', '午前', '午後');
const nlNL = culture('nl-NL', 'd-M-yyyy', 'HH:mm:ss', '-');
const enAU = culture('en-AU', 'd/MM/yyyy', 'h:mm:ss tt', '/', 'am', 'pm');

const at = (y: number, mo: number, d: number, h: number, mi: number, s: number) => ({ year: y, month: mo, day: d, hour: h, minute: mi, second: s });

describe('parseCultureDateTime', () => {
  it.each([
    ['11/21/2026 11:41:07 PM', enUS, at(2026, 11, 21, 23, 41, 7)],
    ['5/11/2026 12:00:00 AM', enUS, at(2026, 5, 11, 0, 0, 0)],
    ['5/11/2026 12:00:00 PM', enUS, at(2026, 5, 11, 12, 0, 0)],
    ['21/11/2026 23:41:07', enGB, at(2026, 11, 21, 23, 41, 7)],
    ['05/11/2026 10:00:00', enGB, at(2026, 11, 5, 10, 0, 0)],
    ['21.11.2026 23:41:07', deDE, at(2026, 11, 21, 23, 41, 7)],
    ['2026/11/21 9:05:07', jaJP, at(2026, 11, 21, 9, 5, 7)],
    ['21-11-2026 23:41:07', nlNL, at(2026, 11, 21, 23, 41, 7)],
    ['5/11/2026 11:41:07 pm', enAU, at(2026, 11, 5, 23, 41, 7)],
  ])('reads %j in %s', (text, c, expected) => {
    expect(parseCultureDateTime(text, c)).toEqual(expected);
  });

  it.each([
    ['21/11/2026 23:41:07', enUS, 'no month 21, and no AM/PM'],
    ['11/21/2026 11:41:07 PM', enGB, 'no month 21'],
    ['31/02/2026 10:00:00', enGB, 'no 31 February'],
    ['13/11/2026 13:00:00 PM', enUS, 'no hour 13 on a 12-hour clock'],
    ['2026-11-21T22:41:07Z', enGB, 'another format'],
  ])('rejects %j in %s (%s)', (text, c) => {
    expect(parseCultureDateTime(text, c)).toBeUndefined();
  });

  it('honours quoted literals and two-digit years (.NET: 00-49 are 20xx)', () => {
    const c = culture('custom', "dd/MM/yy 'at'", 'HH:mm:ss');
    expect(parseCultureDateTime('21/11/26 at 23:41:07', c)).toEqual(at(2026, 11, 21, 23, 41, 7));
    expect(parseCultureDateTime('21/11/51 at 23:41:07', c)?.year).toBe(1951);
  });

  it('gives up on month names, which are not recorded', () => {
    expect(parseCultureDateTime('21-Nov-2026 23:41:07', culture('custom', 'dd-MMM-yyyy', 'HH:mm:ss', '-'))).toBeUndefined();
  });

  it('reads the ko-KR form, where the designator and a space come before the hour', () => {
    const koKR = culture('ko-KR', 'yyyy-MM-dd', 'tt h:mm:ss', '-', '오전', '오후');
    expect(parseCultureDateTime('2026-11-21 오후 11:41:07', koKR)).toEqual(at(2026, 11, 21, 23, 41, 7));
  });

  it('gives up, at once, on a hostile culture whose pattern would make the match backtrack for ever', () => {
    // Each field of varying width touching the next doubles the retries of a failing match: this
    // one took minutes. The culture comes from the bundle, so a stranger's bundle can hold it.
    const packed = culture('x', 'dM'.repeat(20), 'H:mm:ss');
    expect(parseCultureDateTime(`${'1'.repeat(60)} 1:00:00x`, packed)).toBeUndefined();
    // Blank runs: one `\s+` for a run of pattern spaces, however it is split by empty quotes.
    const blanks = culture('x', `d${" ''".repeat(20)}M/yyyy`, 'H:mm:ss');
    expect(parseCultureDateTime('5   11/2026 1:00:00', blanks)).toEqual(at(2026, 11, 5, 1, 0, 0));
    expect(parseCultureDateTime(`5${' '.repeat(70)}x`, blanks)).toBeUndefined();
  });

  it('gives up on a culture too large to be one instead of throwing (a regex too large to compile)', () => {
    const huge = '<a>['.repeat(20_000);
    expect(parseCultureDateTime('11/21/2026 11:41:07 AM', { ...enUS, pmDesignator: huge })).toEqual(at(2026, 11, 21, 11, 41, 7));
    expect(parseCultureDateTime('21/11/2026 23:41:07', culture('x', 'dd/MM/yyyy', `HH:mm:ss'${huge}'`))).toBeUndefined();
    expect(parseCultureDateTime('21/11/2026 23:41:07', { ...enGB, dateSeparator: huge })).toBeUndefined();
  });
});

describe('parseCultureFree', () => {
  it.each([
    ['21/11/2026 23:41:07', at(2026, 11, 21, 23, 41, 7)],
    ['11/21/2026 11:41:07 PM', at(2026, 11, 21, 23, 41, 7)],
    ['13/12/2026 00:00:00', at(2026, 12, 13, 0, 0, 0)],
    ['12/13/2026 00:00:00', at(2026, 12, 13, 0, 0, 0)],
    ['05/05/2026 10:00:00', at(2026, 5, 5, 10, 0, 0)],
    ['21.11.2026 23:41:07', at(2026, 11, 21, 23, 41, 7)],
    ['2026/11/21 9:05:07', at(2026, 11, 21, 9, 5, 7)],
    ['2026-11-21 22:41:07.1234567', at(2026, 11, 21, 22, 41, 7)],
  ])('reads %j whatever the culture', (text, expected) => {
    expect(parseCultureFree(text)).toMatchObject({ status: 'ok', value: expected });
  });

  it('calls 12/11 ambiguous on both sides of 12: 12/11 is, 13/11 and 12/13 are not', () => {
    expect(parseCultureFree('12/11/2026 10:00:00')).toMatchObject({ status: 'ambiguous', reason: expect.stringMatching(/is 12 November in day\/month order .* but December 11 in month\/day order/) });
    expect(parseCultureFree('13/11/2026 10:00:00').status).toBe('ok');
    expect(parseCultureFree('12/13/2026 10:00:00').status).toBe('ok');
  });

  it('knows nothing of two-digit years or invalid dates', () => {
    expect(parseCultureFree('21/11/26 23:41').status).toBe('unknown');
    expect(parseCultureFree('31/02/2026 10:00:00').status).toBe('unknown');
  });
});
