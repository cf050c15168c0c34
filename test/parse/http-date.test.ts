import { describe, expect, it } from 'vitest';
import { parseHttpDate } from '../../src/parse/http-date.js';

// RFC 9110 section 5.6.7 writes one instant in the three forms; 784111777 s is that instant (date -u -d @784111777).
const RFC_INSTANT = 784_111_777_000;

describe('parseHttpDate', () => {
  it('reads the three forms RFC 9110 shows for one instant', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT', 2026)).toBe(RFC_INSTANT);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT', 2026)).toBe(RFC_INSTANT);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994', 2026)).toBe(RFC_INSTANT);
  });

  it('reads the Date headers Microsoft sent in the example recording', () => {
    expect(parseHttpDate('Fri, 20 Nov 2026 09:13:58 GMT', 2026)).toBe(Date.UTC(2026, 10, 20, 9, 13, 58));
    expect(parseHttpDate(' Thu, 31 Dec 2026 23:59:59 GMT ', 2026)).toBe(Date.UTC(2026, 11, 31, 23, 59, 59));
  });

  it('refuses what Date.parse would read as some date', () => {
    for (const text of ['0', '12345', '2026-11-20T09:13:58Z', 'Fri, 20 Nov 2026 09:13:58', 'Fri, 20 Nov 2026 09:13:58 UTC', 'fri, 20 nov 2026 09:13:58 gmt', 'yesterday', '']) {
      expect(parseHttpDate(text, 2026), text).toBeNaN();
    }
  });

  it('refuses days and times that do not exist', () => {
    expect(parseHttpDate('Tue, 31 Feb 2026 00:00:00 GMT', 2026)).toBeNaN();
    expect(parseHttpDate('Fri, 00 Nov 2026 09:13:58 GMT', 2026)).toBeNaN();
    expect(parseHttpDate('Fri, 20 Nov 2026 24:00:00 GMT', 2026)).toBeNaN();
    expect(parseHttpDate('Fri, 20 Nov 2026 09:60:00 GMT', 2026)).toBeNaN();
    expect(parseHttpDate('Fri, 20 Foo 2026 09:13:58 GMT', 2026)).toBeNaN();
    expect(parseHttpDate('Sat, 29 Feb 2028 23:59:59 GMT', 2026)).toBe(Date.UTC(2028, 1, 29, 23, 59, 59));
  });

  it('puts a two-digit RFC 850 year more than 50 years ahead in the past century', () => {
    expect(new Date(parseHttpDate('Sunday, 01-Jan-76 00:00:00 GMT', 2026)).getUTCFullYear()).toBe(2076);
    expect(new Date(parseHttpDate('Friday, 01-Jan-77 00:00:00 GMT', 2026)).getUTCFullYear()).toBe(1977);
    expect(new Date(parseHttpDate('Friday, 01-Jan-77 00:00:00 GMT', 2027)).getUTCFullYear()).toBe(2077);
  });
});
