/**
 * C0 and C1 control characters (ESC, OSC, BEL, CSI...), which a terminal would act on: a host name
 * or file carrying `ESC ] 52` could write the reader's clipboard; and the bidirectional controls
 * (overrides, isolates and the ALM, LRM, RLM marks), which make text read in another order than it
 * is. Line feeds and tabs stay.
 */
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Bundle- and server-sourced text as it may reach a terminal: control characters shown as `\x1b`-style escapes. */
export function printable(s: string): string {
  return s.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
