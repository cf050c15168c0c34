import { describe, expect, it } from 'vitest';
import { printable } from '../../src/report/printable.js';

describe('printable', () => {
  it('shows terminal controls and bidirectional controls as escapes', () => {
    expect(printable('a\u001b]52;c;x\u0007b\u009bc\u007f')).toBe('a\\x1b]52;c;x\\x07b\\x9bc\\x7f');
    expect(printable('\u202Eexe.txt \u2066x\u2069 \u200E\u200F\u061C')).toBe('\\u202eexe.txt \\u2066x\\u2069 \\u200e\\u200f\\u061c');
  });

  it('keeps line feeds, tabs and ordinary text, joiners and accents included', () => {
    const kept = 'Zertifikathash\tVérifié\nüber \u200D \u00A0 \u2028 \u{1F512}';
    expect(printable(kept)).toBe(kept);
  });
});
