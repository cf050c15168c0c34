/**
 * Dates that .NET wrote with `DateTime.ToString()`: the culture's short date pattern, a space, and
 * its long time pattern ("G"), e.g. `11/21/2026 11:41:07 PM` (en-US), `21/11/2026 23:41:07` (en-GB,
 * fr-FR), `21.11.2026 23:41:07` (de-DE). Without the culture the day/month order of `05/11/2026` is
 * unknowable, so the culture-free reader accepts only forms that cannot be misread.
 */

/** A culture's date and time format, as .NET's DateTimeFormatInfo (or Win32's International settings) hold it. */
export interface DateCulture {
  /** `en-GB`. */
  name: string;
  /** .NET custom format: `dd/MM/yyyy`, where `/` stands for `dateSeparator`. */
  shortDatePattern: string;
  /** `HH:mm:ss`, `h:mm:ss tt`, where `:` stands for `timeSeparator`. */
  longTimePattern: string;
  dateSeparator: string;
  timeSeparator: string;
  amDesignator: string;
  pmDesignator: string;
}

/** Calendar fields as written, in the writer's local time. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

type Field = 'year2' | 'year4' | 'month' | 'day' | 'hour24' | 'hour12' | 'minute' | 'second' | 'fraction' | 'designator' | 'skip';

/**
 * Real cultures stay far inside these bounds; the culture comes from the bundle, so they keep a
 * hostile one from building a regex too large to compile or too ambiguous to fail in time.
 * `DateTime.ToString()` text is shorter than MAX_TEXT, so no longer separator or designator fits.
 */
const MAX_TEXT = 80;
const MAX_PATTERN = 80;
const MAX_FIELDS = 10;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A regex for a .NET custom date/time pattern, with the field each group captures; undefined when
 * the pattern uses month names or other parts a number-only reading cannot handle.
 */
export function patternRegex(pattern: string, culture: DateCulture): { regex: RegExp; fields: Field[] } | undefined {
  if (pattern.length > MAX_PATTERN || culture.dateSeparator.length > MAX_TEXT || culture.timeSeparator.length > MAX_TEXT) return undefined;
  const fields: Field[] = [];
  let out = '';
  const group = (field: Field, re: string) => {
    fields.push(field);
    out += `(${re})`;
  };
  // A run of spaces is one `\s+`: several in a row would let the regex try every split of a long
  // blank run, which a hostile bundle's pattern could use to stall the run.
  const space = () => {
    if (!out.endsWith('\\s+')) out += '\\s+';
  };
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!;
    let n = 1;
    while (pattern[i + n] === c && /[dMyHhmsftgzK]/.test(c)) n++;
    if (c === "'" || c === '"') {
      const end = pattern.indexOf(c, i + 1);
      if (end < 0) return undefined;
      out += escape(pattern.slice(i + 1, end));
      i = end + 1;
      continue;
    }
    if (c === '\\') {
      out += escape(pattern[i + 1] ?? '');
      i += 2;
      continue;
    }
    i += n;
    switch (c) {
      case 'd':
        if (n <= 2) group('day', n === 1 ? '\\d{1,2}' : '\\d{2}');
        else group('skip', '[\\p{L}.]+'); // day name, checked by nothing
        break;
      case 'M':
        if (n > 2) return undefined; // month names are not recorded
        group('month', n === 1 ? '\\d{1,2}' : '\\d{2}');
        break;
      case 'y':
        if (n <= 2) group('year2', n === 1 ? '\\d{1,2}' : '\\d{2}');
        else group('year4', `\\d{${n}}`);
        break;
      case 'H':
        group('hour24', n === 1 ? '\\d{1,2}' : '\\d{2}');
        break;
      case 'h':
        group('hour12', n === 1 ? '\\d{1,2}' : '\\d{2}');
        break;
      case 'm':
        group('minute', n === 1 ? '\\d{1,2}' : '\\d{2}');
        break;
      case 's':
        group('second', n === 1 ? '\\d{1,2}' : '\\d{2}');
        break;
      case 'f':
        group('fraction', `\\d{${n}}`);
        break;
      case 't': {
        const names = [culture.amDesignator, culture.pmDesignator].filter((d) => d !== '' && d.length <= MAX_TEXT);
        if (names.length === 0) break;
        group('designator', names.map((d) => escape(n === 1 ? d.slice(0, 1) : d)).join('|'));
        break;
      }
      case '/':
        out += escape(culture.dateSeparator);
        break;
      case ':':
        out += escape(culture.timeSeparator);
        break;
      case 'g':
      case 'z':
      case 'K':
        return undefined;
      default:
        if (/\s/.test(c)) space();
        else out += escape(c.repeat(n));
    }
  }
  // Every real culture writes at most seven fields, and each field of varying width doubles the
  // ways a failing match is retried.
  if (fields.length > MAX_FIELDS) return undefined;
  return { regex: new RegExp(`^${out}$`, 'iu'), fields };
}

/** .NET's default TwoDigitYearMax is 2049: 00-49 are 20xx, 50-99 are 19xx. */
const fullYear = (yy: number) => (yy < 50 ? 2000 + yy : 1900 + yy);

function valid(t: LocalDateTime): boolean {
  const d = new Date(Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second));
  return (
    d.getUTCFullYear() === t.year && d.getUTCMonth() === t.month - 1 && d.getUTCDate() === t.day && t.hour < 24 && t.minute < 60 && t.second < 60
  );
}

/** Reads `text` as `DateTime.ToString()` in `culture` (short date, space, long time); undefined if it does not fit. */
export function parseCultureDateTime(text: string, culture: DateCulture): LocalDateTime | undefined {
  const s = text.trim().normalize('NFC');
  if (s.length > MAX_TEXT) return undefined;
  const p = patternRegex(`${culture.shortDatePattern} ${culture.longTimePattern}`, culture);
  const m = p?.regex.exec(s);
  if (!p || !m) return undefined;
  const t: LocalDateTime = { year: NaN, month: NaN, day: NaN, hour: 0, minute: 0, second: 0 };
  let designator: 'am' | 'pm' | undefined;
  p.fields.forEach((field, i) => {
    const s = m[i + 1]!;
    const n = Number(s);
    if (field === 'year2') t.year = fullYear(n);
    else if (field === 'year4') t.year = n;
    else if (field === 'month') t.month = n;
    else if (field === 'day') t.day = n;
    else if (field === 'hour24' || field === 'hour12') t.hour = n;
    else if (field === 'minute') t.minute = n;
    else if (field === 'second') t.second = n;
    else if (field === 'designator') {
      const lower = s.toLowerCase();
      designator = culture.pmDesignator && culture.pmDesignator.toLowerCase().startsWith(lower) ? 'pm' : 'am';
    }
  });
  if (p.fields.includes('hour12')) {
    if (t.hour < 1 || t.hour > 12) return undefined;
    t.hour = (t.hour % 12) + (designator === 'pm' ? 12 : 0);
  }
  return valid(t) ? t : undefined;
}

/** A culture-free reading: the value, or why it cannot be read without knowing the culture. */
export type CultureFreeReading = { status: 'ok'; value: LocalDateTime; form: string } | { status: 'ambiguous'; reason: string } | { status: 'unknown' };

const TIME = String.raw`(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?(?:[.,]\d+)?(?:\s*([AaPp])\.?\s?[Mm]\.?)?`;

/**
 * Forms whose field order holds in every culture: year first (`2026/11/21`, `2026-11-21`), dotted
 * day first (`21.11.2026`), and a slashed or dashed date whose first or second number is above 12
 * or whose two numbers are equal. `05/11/2026` is ambiguous.
 */
export function parseCultureFree(text: string): CultureFreeReading {
  const s = text.trim();
  const ymd = new RegExp(String.raw`^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})[ T]+${TIME}$`).exec(s);
  const dmyDots = new RegExp(String.raw`^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\s+${TIME}$`).exec(s);
  const slashed = new RegExp(String.raw`^(\d{1,2})[/-](\d{1,2})[/-](\d{4})\s+${TIME}$`).exec(s);
  const time = (m: RegExpExecArray, at: number) => {
    let hour = Number(m[at]);
    const ampm = m[at + 3]?.toLowerCase();
    if (ampm) {
      if (hour < 1 || hour > 12) return undefined;
      hour = (hour % 12) + (ampm === 'p' ? 12 : 0);
    }
    return { hour, minute: Number(m[at + 1]), second: Number(m[at + 2] ?? 0) };
  };
  const ok = (form: string, year: number, month: number, day: number, m: RegExpExecArray): CultureFreeReading => {
    const t = time(m, 4);
    const value = t && { year, month, day, ...t };
    return value && valid(value) ? { status: 'ok', value, form } : { status: 'unknown' };
  };
  if (ymd) return ok('year-month-day', Number(ymd[1]), Number(ymd[2]), Number(ymd[3]), ymd);
  if (dmyDots) return ok('day.month.year', Number(dmyDots[3]), Number(dmyDots[2]), Number(dmyDots[1]), dmyDots);
  if (slashed) {
    const [a, b, year] = [Number(slashed[1]), Number(slashed[2]), Number(slashed[3])];
    if (a > 12 && b <= 12) return ok('day/month/year (the first number is above 12)', year, b, a, slashed);
    if (b > 12 && a <= 12) return ok('month/day/year (the second number is above 12)', year, a, b, slashed);
    if (a === b) return ok('day and month are the same number', year, a, a, slashed);
    if (a <= 12 && b <= 12) {
      const month = (n: number) => new Date(Date.UTC(2000, n - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' });
      return {
        status: 'ambiguous',
        reason: `"${s}" is ${a} ${month(b)} in day/month order (en-GB, fr-FR, de-CH ...) but ${month(a)} ${b} in month/day order (en-US)`,
      };
    }
  }
  return { status: 'unknown' };
}
