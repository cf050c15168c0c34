/**
 * An HTTP Date header (RFC 9110 section 5.6.7) in ms since the epoch: IMF-fixdate, or the obsolete RFC 850 and
 * asctime forms a recipient must still accept; NaN for anything else. Date.parse would read almost any text as some
 * date ("0" is the year 2000, "12345" the year 12345), which a broken or hostile proxy could then turn into clock skew.
 */
export function parseHttpDate(text: string, thisYear: number): number {
  const t = text.trim();
  const imf = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/.exec(t);
  if (imf) return utc(Number(imf[3]), imf[2]!, imf[1]!, imf[4]!, imf[5]!, imf[6]!);
  const rfc850 = /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/.exec(t);
  if (rfc850) {
    // RFC 9110: a two-digit year that would be more than 50 years ahead is in the past century.
    const yy = Number(rfc850[3]);
    let year = thisYear - (thisYear % 100) + yy;
    if (year > thisYear + 50) year -= 100;
    return utc(year, rfc850[2]!, rfc850[1]!, rfc850[4]!, rfc850[5]!, rfc850[6]!);
  }
  const asctime = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/.exec(t);
  if (asctime) return utc(Number(asctime[6]), asctime[1]!, asctime[2]!.trim(), asctime[3]!, asctime[4]!, asctime[5]!);
  return NaN;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function utc(year: number, month: string, day: string, hour: string, minute: string, second: string): number {
  const m = MONTHS.indexOf(month);
  const [d, h, mi, s] = [Number(day), Number(hour), Number(minute), Number(second)];
  if (m < 0 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return NaN;
  const ms = Date.UTC(year, m, d, h, mi, Math.min(s, 59));
  // 31 February and the like roll over into the next month: not a date.
  return new Date(ms).getUTCDate() === d ? ms : NaN;
}
