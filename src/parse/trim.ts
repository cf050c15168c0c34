/**
 * `s` without any of `chars` at its end. Not `/[...]+$/`: a regex engine tries that from every
 * character of a run that stops short of the end, which takes quadratic time (a web.config path
 * holding 50,000 slashes kept the IIS facts busy for seconds).
 */
export function trimEnd(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s.charAt(end - 1))) end--;
  return end === s.length ? s : s.slice(0, end);
}

/**
 * The whitespace `s` ends with, line breaks included. Not `/\s*$/`, which takes quadratic time on a
 * long run of blank lines that stops short of the end (see trimEnd).
 */
export function trailingWhitespace(s: string): string {
  return s.slice(s.trimEnd().length);
}
