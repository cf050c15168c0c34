import { describe, expect, it } from 'vitest';
import { cmdQuoted, psQuoted } from '../../src/engine/outcome.js';

describe('values from the server in fix commands', () => {
  it('cmd: quotes a value whose & | < > ^ ( ) are inert inside quotes, and shows the placeholder for one cmd cannot quote', () => {
    expect(cmdQuoted('Default Web Site/CertSrv/mscep', '<site>')).toBe('"Default Web Site/CertSrv/mscep"');
    expect(cmdQuoted('R&D (web) ^|<>', '<site>')).toBe('"R&D (web) ^|<>"');
    for (const value of ['Web" & calc.exe & "', 'a%PATH%b', 'a\r\nb', 'a\u0000b']) expect([value, cmdQuoted(value, '<site>')]).toEqual([value, '"<site>"']);
  });

  it('PowerShell: single quotes, in which nothing expands, each quote doubled, the typographic ones too', () => {
    expect(psQuoted('Default Web Site')).toBe("'Default Web Site'");
    expect(psQuoted('$(calc) `x "y"')).toBe("'$(calc) `x \"y\"'");
    expect(psQuoted("O'Brien\u2019s")).toBe("'O''Brien\u2019\u2019s'");
  });
});
