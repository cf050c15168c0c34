import { describe, expect, it } from 'vitest';
import { jsonArrayElements, parsePsJson, psArray, psBool, psDate, psEnum, PsJsonError, psList } from '../../src/parse/powershell-json.js';

describe('parsePsJson', () => {
  it('reads PowerShell 5.1 output with a UTF-8 BOM and CRLF', () => {
    expect(parsePsJson('\uFEFF{\r\n    "Name":  "NDES01"\r\n}\r\n')).toEqual({ Name: 'NDES01' });
  });

  it('treats empty output as no objects', () => {
    expect(parsePsJson('\r\n')).toBeNull();
    expect(psArray(parsePsJson(''))).toEqual([]);
  });

  it('names the likely cause when PowerShell printed an error instead of JSON', () => {
    expect(() => parsePsJson('Get-Service : Cannot find any service')).toThrow(/printed an error/);
  });
});

describe('psList', () => {
  it('reads the array the collector writes, [] and a lone object included', () => {
    expect(psList('[]')).toEqual([]);
    expect(psList('\uFEFF[\r\n    {\r\n        "Name":  "a"\r\n    }\r\n]\r\n')).toEqual([{ Name: 'a' }]);
    expect(psList('{ "Name": "a" }')).toEqual([{ Name: 'a' }]);
  });

  it('refuses empty output: -InputObject @(...) writes [] for none, so nothing at all means the output was lost', () => {
    for (const empty of ['', '\r\n', '\uFEFF']) expect(() => psList(empty)).toThrow(PsJsonError);
    expect(() => psList('')).toThrow('the file is empty; the collector writes [] when there is nothing to list, so its output was lost');
  });
});

describe('jsonArrayElements', () => {
  /** The elements found, each checked against the element JSON.parse finds at its place in the whole array. */
  const elements = (text: string) => {
    const found = jsonArrayElements(text);
    expect(found?.map((e) => JSON.parse(e) as unknown)).toEqual(JSON.parse(text));
    return found;
  };

  it('finds each element of the array the collector writes, nested objects and arrays included', () => {
    expect(elements('\uFEFF[\r\n    {\r\n        "a":  "x"\r\n    },\r\n    {\r\n        "b":  [1, {"c": [2]}]\r\n    }\r\n]'.slice(1))).toEqual([
      '{\r\n        "a":  "x"\r\n    }',
      '{\r\n        "b":  [1, {"c": [2]}]\r\n    }',
    ]);
    expect(elements('[[1],{"a":[]}]')).toEqual(['[1]', '{"a":[]}']);
    expect(elements('[]')).toEqual([]);
    expect(elements('[ \r\n ]')).toEqual([]);
  });

  it('does not end an element at a bracket, brace, comma or escaped quote inside a string', () => {
    expect(elements(String.raw`[{"a":"}],{["},{"b":1}]`)).toEqual([String.raw`{"a":"}],{["}`, '{"b":1}']);
    // An odd number of backslashes escapes the quote; an even number escapes themselves, and the quote closes the string.
    expect(elements(String.raw`[{"a":"x\"},{"},{"b":1}]`)).toEqual([String.raw`{"a":"x\"},{"}`, '{"b":1}']);
    expect(elements(String.raw`[{"a":"x\\"},{"b":1}]`)).toEqual([String.raw`{"a":"x\\"}`, '{"b":1}']);
    expect(elements(String.raw`[{"a":"x\\\"},{"},{"b":1}]`)).toEqual([String.raw`{"a":"x\\\"},{"}`, '{"b":1}']);
  });

  it('gives up on anything but an array of objects and arrays, leaving JSON.parse to name the problem', () => {
    for (const text of ['{"a":1}', '[1,{"a":1}]', '["a"]', '[{"a":1}', '[{"a":1} {"b":2}]', '[{"a":1},]', '[{"a":"open}]', '[{"a":1}}]', '[{"a":1}]x']) {
      expect(jsonArrayElements(text), text).toBeUndefined();
    }
  });
});

describe('psArray', () => {
  it('wraps the lone object ConvertTo-Json writes for a single result', () => {
    expect(psArray({ Name: 'a' })).toEqual([{ Name: 'a' }]);
    expect(psArray([{ Name: 'a' }, { Name: 'b' }])).toHaveLength(2);
  });
});

describe('psDate', () => {
  it('reads the PS 5.1 /Date(ms)/ form as UTC epoch milliseconds', () => {
    expect(psDate('/Date(1763186531000)/')?.toISOString()).toBe('2025-11-15T06:02:11.000Z');
  });

  it('ignores the offset suffix, which does not shift the epoch value', () => {
    expect(psDate('/Date(1763186531000+0100)/')?.toISOString()).toBe('2025-11-15T06:02:11.000Z');
  });

  it('reads PS 7 ISO dates with an offset, and the Get-Date wrapper object', () => {
    expect(psDate('2026-11-21T07:30:00.5+01:00')?.toISOString()).toBe('2026-11-21T06:30:00.500Z');
    expect(psDate({ value: '/Date(0)/', DisplayHint: 2, DateTime: 'Thursday, January 1, 1970' })?.getTime()).toBe(0);
  });

  it('refuses localized display strings instead of guessing', () => {
    expect(psDate('21.11.2026 07:30:00')).toBeUndefined();
    expect(psDate('/Date(abc)/')).toBeUndefined();
  });
});

describe('psEnum and psBool', () => {
  const status = { 1: 'Stopped', 4: 'Running' } as const;
  it('maps enum numbers and names, case-insensitively', () => {
    expect(psEnum(4, status)).toBe('Running');
    expect(psEnum('running', status)).toBe('Running');
    expect(psEnum('1', status)).toBe('Stopped');
    expect(psEnum(9, status)).toBeUndefined();
  });

  it('accepts JSON booleans and "True"/"False" strings only', () => {
    expect(psBool(true)).toBe(true);
    expect(psBool('False')).toBe(false);
    expect(psBool('Available')).toBeUndefined();
  });
});
