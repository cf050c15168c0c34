import { describe, expect, it } from 'vitest';
import { parseCertutilCaType, parseCertutilPing } from '../../src/parse/certutil-ca.js';
import { decodeText } from '../../src/parse/text.js';
import { readFixture } from '../checks/host-facts.js';

const text = (name: string) => decodeText(readFixture(`certutil-ca/${name}`), name.includes('cp850') ? 850 : 437);

describe('parseCertutilPing', () => {
  it('reads a real successful ping', () => {
    expect(parseCertutilPing(text('ping-alive-en.txt'))).toEqual({ alive: true, exitCode: 0 });
  });

  it('reads a German ping by the interface name, not the sentence', () => {
    const raw = readFixture('certutil-ca/ping-alive-de-cp850.txt');
    expect(raw.includes(0x81)).toBe(true); // ü of "verfügbar" in CP850
    expect(parseCertutilPing(decodeText(raw, 850))).toEqual({ alive: true, exitCode: 0 });
  });

  it('names the RPC failure from a real capture, even with its closing parenthesis missing', () => {
    const r = parseCertutilPing(text('ping-rpc-unavailable-en.txt'));
    expect(r).toMatchObject({ alive: false, exitCode: -2147023174, error: { hresult: '0x800706ba', name: 'RPC_S_SERVER_UNAVAILABLE', win32: 1722 } });
  });

  it('names EPT_S_NOT_REGISTERED in German output', () => {
    expect(parseCertutilPing(text('ping-endpoint-de-cp850.txt'))).toMatchObject({ alive: false, error: { hresult: '0x800706d9', name: 'EPT_S_NOT_REGISTERED' } });
  });

  it('refuses output without the exit line, and an exit 0 that never named ICertRequest2', () => {
    expect(() => parseCertutilPing(text('ping-no-exit.txt'))).toThrow(/cut short/);
    expect(() => parseCertutilPing(text('ping-odd.txt'))).toThrow(/without naming ICertRequest2/);
  });
});

describe('parseCertutilCaType', () => {
  it('reads a real Enterprise Root CA by its ENUM_ name and number', () => {
    expect(parseCertutilCaType(text('cainfo-type-enterprise-root-en.txt'))).toEqual({ ok: true, type: 0, name: 'ENUM_ENTERPRISE_ROOTCA' });
  });

  it('reads German and French output: the ENUM_ line, or the number after the label', () => {
    expect(parseCertutilCaType(text('cainfo-type-enterprise-sub-de-cp850.txt'))).toEqual({ ok: true, type: 1, name: 'ENUM_ENTERPRISE_SUBCA' });
    expect(parseCertutilCaType(decodeText(readFixture('certutil-ca/cainfo-type-number-only.txt'), 850))).toEqual({ ok: true, type: 3, name: 'ENUM_STANDALONE_ROOTCA' });
  });

  it('reads a Standalone subordinate CA', () => {
    expect(parseCertutilCaType(text('cainfo-type-standalone-sub-en.txt'))).toMatchObject({ ok: true, type: 4 });
  });

  it('reports a failed call with its HRESULT', () => {
    expect(parseCertutilCaType(text('cainfo-type-rpc-en.txt'))).toMatchObject({ ok: false, error: { hresult: '0x800706ba', name: 'RPC_S_SERVER_UNAVAILABLE' } });
  });
});

describe('parseCertutilCaType, U+2028 in the output', () => {
  it('reads the number after a label that follows one', () => {
    expect(parseCertutilCaType('x\u2028CA type: 1 -- Enterprise Subordinate CA\n==== ndes-doctor exit 0\n')).toMatchObject({ ok: true, type: 1 });
  });
});
