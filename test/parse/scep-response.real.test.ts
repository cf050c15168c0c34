import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyAdminPage, parseCaps } from '../../src/parse/scep-response.js';
import { realBytes } from '../helpers/real.js';

const ndesHttp = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/ndes-http/${name}`, import.meta.url)));

describe('NDES answers captured from real servers', () => {
  it('reads the GetCACaps list a Windows NDES returned to sscep', () => {
    expect(parseCaps(realBytes('scep/sscep-157-ndes-getcacaps.txt'))).toEqual(['POSTPKIOperation', 'Renewal', 'SHA-512', 'SHA-256', 'SHA-1', 'DES3']);
  });

  // Captured from NDES by Fleet (see test/fixtures/real/README.md): UTF-16LE without BOM, meta says UTF-8.
  it.each([
    ['mscep-admin-password.html', 'challenge-password'],
    ['mscep-admin-cache-full.html', 'password-cache-full'],
    ['mscep-admin-no-permission.html', 'no-permission'],
  ] as const)('classifies the mscep_admin page %s as %s', (file, kind) => {
    const body = ndesHttp(file);
    expect(body[1]).toBe(0);
    expect(classifyAdminPage(body)).toBe(kind);
  });
});
