import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/parse/text.js';
import { realBytes } from '../helpers/real.js';

describe('decodeText on real captures', () => {
  it('decodes a reg export from UTF-16LE with BOM and turns CRLF into LF', () => {
    const text = decodeText(realBytes('registry/ndes-manual-MSCEP.reg'));
    expect(text.startsWith('Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography\\MSCEP]\n')).toBe(true);
    expect(text).not.toContain('\r');
    expect(text).not.toContain('\0');
  });

  it('leaves a UTF-8 applicationHost.config without BOM as it is', () => {
    const bytes = realBytes('iis/ndes-manual-ws2022-applicationHost.config');
    expect(decodeText(bytes)).toBe(Buffer.from(bytes).toString('utf8'));
  });
});
