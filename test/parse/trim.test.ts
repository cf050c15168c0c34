import { describe, expect, it } from 'vitest';
import { trailingWhitespace, trimEnd } from '../../src/parse/trim.js';

describe('trimEnd', () => {
  it('takes the given characters off the end only, as many as there are', () => {
    expect(trimEnd('/CertSrv/mscep//', '/')).toBe('/CertSrv/mscep');
    expect(trimEnd('C:\\inetpub\\wwwroot\\/\\', '\\/')).toBe('C:\\inetpub\\wwwroot');
    expect(trimEnd('a//b', '/')).toBe('a//b');
    expect(trimEnd('////', '/')).toBe('');
    expect(trimEnd('', '/')).toBe('');
    expect(trimEnd('text\0\0', '\0')).toBe('text');
  });

  it('leaves a run that stops short of the end, however long', () => {
    const path = `x${'/'.repeat(100_000)}x`;
    expect(trimEnd(path, '/')).toBe(path);
  });
});

describe('trailingWhitespace', () => {
  it('is the whitespace after the last other character, line breaks included', () => {
    expect(trailingWhitespace('value\r\n\r\n  ')).toBe('\r\n\r\n  ');
    expect(trailingWhitespace('value')).toBe('');
    expect(trailingWhitespace(`${'\r\n'.repeat(100_000)}x`)).toBe('');
    expect(trailingWhitespace(' \t\n')).toBe(' \t\n');
  });
});
