import { describe, expect, it } from 'vitest';
import { parseHttpDate } from '../../src/parse/http-date.js';

// RFC 9110 section 5.6.7 writes one instant in the three forms; 784111777 s is that instant (date -u -d @784111777).
const RFC_INSTANT = 784_111_777_000;

describe('parseHttpDate', () => {
  it('reads the three forms RFC 9110 shows for one instant', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(RFC_INSTANT);
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(RFC_INSTANT);
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(RFC_INSTANT);
  });

  it('reads the Date headers Microsoft sent in the example recording', () => {
    expect(parseHttpDate('Fri, 20 Nov 2026 09:13:58 GMT')).toBe(Date.UTC(2026, 10, 20, 9, 13, 58));
    expect(parseHttpDate(' Thu, 31 Dec 2026 23:59:59 GMT ')).toBe(Date.UTC(2026, 11, 31, 23, 59, 59));
  });

  it('refuses what Date.parse would read as some date', () => {
    for (const text of ['0', '12345', '2026-11-20T09:13:58Z', 'Fri, 20 Nov 2026 09:13:58', 'Fri, 20 Nov 2026 09:13:58 UTC', 'fri, 20 nov 2026 09:13:58 gmt', 'yesterday', '']) {
      expect(parseHttpDate(text), text).toBeNaN();
    }
  });

  it('refuses days and times that do not exist', () => {
    expect(parseHttpDate('Tue, 31 Feb 2026 00:00:00 GMT')).toBeNaN();
    expect(parseHttpDate('Fri, 00 Nov 2026 09:13:58 GMT')).toBeNaN();
    expect(parseHttpDate('Fri, 20 Nov 2026 24:00:00 GMT')).toBeNaN();
    expect(parseHttpDate('Fri, 20 Nov 2026 09:60:00 GMT')).toBeNaN();
    expect(parseHttpDate('Fri, 20 Foo 2026 09:13:58 GMT')).toBeNaN();
    expect(parseHttpDate('Sat, 29 Feb 2028 23:59:59 GMT')).toBe(Date.UTC(2028, 1, 29, 23, 59, 59));
  });

  it('puts a two-digit RFC 850 year more than 50 years ahead in the past century', () => {
    const year = new Date().getUTCFullYear();
    const ahead = (year + 50) % 100;
    const behind = (year + 51) % 100;
    expect(new Date(parseHttpDate(`Monday, 01-Jan-${String(ahead).padStart(2, '0')} 00:00:00 GMT`)).getUTCFullYear()).toBe(year + 50);
    expect(new Date(parseHttpDate(`Monday, 01-Jan-${String(behind).padStart(2, '0')} 00:00:00 GMT`)).getUTCFullYear()).toBe(year + 51 - 100);
  });
});
