import { describe, expect, it } from 'vitest';
import { jsonArrayElements, parsePsJson, psArray, psBool, psDate, psEnum, psNumber, psObject } from '../../src/parse/powershell-json.js';
import { realText } from '../helpers/real.js';

describe('Windows PowerShell 5.1 ConvertTo-Json, as Microsoft documents its output', () => {
  const obj = psObject(parsePsJson(realText('powershell/ps51-docs-calendar-convertto-json.json')), 'calendar');

  it('reads the 5.1 layout: two spaces after the colon, trailing blanks after commas, odd array indentation', () => {
    expect(Object.keys(obj)).toEqual(['MinSupportedDateTime', 'MaxSupportedDateTime', 'AlgorithmType', 'CalendarType', 'Eras', 'TwoDigitYearMax', 'IsReadOnly']);
    expect(psArray(obj.Eras)).toEqual([1]);
    expect(psNumber(obj.TwoDigitYearMax)).toBe(2029);
    expect(psBool(obj.IsReadOnly)).toBe(false);
    expect(psEnum(obj.CalendarType, { 1: 'Localized' })).toBe('Localized');
  });

  it('reads "\\/Date(ms)\\/" as UTC epoch milliseconds, negative ones too', () => {
    // JSON.parse has turned "\/" into "/" already; the documented machine was 8 hours west of UTC.
    expect(obj.MinSupportedDateTime).toBe('/Date(-62135568000000)/');
    expect(psDate(obj.MinSupportedDateTime)?.toISOString()).toBe('0001-01-01T08:00:00.000Z');
    expect(psDate(obj.MaxSupportedDateTime)?.toISOString()).toBe('9999-12-31T23:59:59.999Z');
  });

  it('is split into its objects by jsonArrayElements when listed in an array, escaped slashes and nested array included', () => {
    const text = realText('powershell/ps51-docs-calendar-convertto-json.json').replace(/^\uFEFF/, '').trim();
    const list = `[\r\n${text},\r\n${text}\r\n]`;
    expect(jsonArrayElements(list)).toEqual([text, text]);
  });
});
