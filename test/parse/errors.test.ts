import { describe, expect, it } from 'vitest';
import { excerpt, jsonProblem, plainMessage } from '../../src/parse/errors.js';

describe('plainMessage', () => {
  it('puts OpenSSL error queues, as Node 20 and 22 print them, into words without codes or source paths', () => {
    // Captured from Node 20.19 and 22.23: a TLS client talking to a plain-HTTP port.
    const node20 = '808C0CCF387F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n';
    const node22 = 'C07C6A411E7F0000:error:0A00010B:SSL routines:tls_validate_record_header:wrong version number:../deps/openssl/openssl/ssl/record/methods/tlsany_meth.c:77:\n';
    for (const raw of [node20, node22]) expect(plainMessage(new Error(raw))).toBe('the server did not answer with TLS (is this port plain HTTP?)');
    expect(plainMessage('write EPROTO ' + node20)).toBe('write EPROTO the server did not answer with TLS (is this port plain HTTP?)');
    expect(plainMessage(new Error('error:0480006C:PEM routines::no start line'))).toBe('not a certificate (neither PEM nor DER)');
    // An unknown reason keeps the reason, never the path.
    const unknown = plainMessage('error:0A0000FF:SSL routines:f:some new reason:../deps/openssl/openssl/ssl/x.c:1601:');
    expect(unknown).toBe('OpenSSL: some new reason');
    expect(unknown).not.toMatch(/deps|\.c:\d/);
  });

  it('turns a stack overflow into what happened', () => {
    let overflow: unknown;
    const recurse = (n: number): number => recurse(n + 1) + 1;
    try {
      recurse(0);
    } catch (e) {
      overflow = e;
    }
    expect(overflow).toBeInstanceOf(RangeError);
    expect(plainMessage(overflow)).toMatch(/^the data is nested too deeply to read/);
    expect(plainMessage('ASN.1: Maximum call stack size exceeded')).not.toContain('Maximum call stack');
    expect(plainMessage(new Error('plain words stay'))).toBe('plain words stay');
  });
});

describe('excerpt', () => {
  it('quotes at most the given length, marking the cut', () => {
    expect(excerpt('short line')).toBe('short line');
    expect(excerpt('x'.repeat(41))).toBe(`${'x'.repeat(40)}…`);
    expect(excerpt('x'.repeat(40))).toBe('x'.repeat(40));
  });

  it('masks what could be a secret: challenge-like tokens and password values', () => {
    expect(excerpt('The enrollment challenge password is: <B> 8CE317021F690069 </B>', 80)).not.toContain('8CE317021F690069');
    expect(excerpt('"PfxPassword"="hunter2"')).toBe('"PfxPassword"=***');
    expect(excerpt('Kennwort: geheim123 x')).not.toContain('geheim');
    expect(excerpt('AAAAB3NzaC1yc2EAAAADAQABAAABAQ')).toBe('***');
    expect(excerpt('certutil: FAILED: 0x800706ba (WIN32: 1722)')).toContain('0x800706ba');
    // Words a reader needs to locate the problem stay.
    expect(excerpt('"EncryptionTemplate"=hex(7):41')).toBe('"EncryptionTemplate"=hex(7):41');
  });

  it('shows control characters as escapes', () => {
    expect(excerpt('a\u001b]52;c;Zm9v\u0007b')).toBe('a\\x1b]52;c;Zm9v\\x07b');
  });
});

describe('jsonProblem', () => {
  it('drops the slice of input V8 quotes into JSON.parse errors', () => {
    let err: unknown;
    try {
      JSON.parse('x8CE317021F690069');
    } catch (e) {
      err = e;
    }
    expect((err as Error).message).toContain('8CE317021F690069');
    expect(jsonProblem(err)).not.toContain('8CE317021F690069');
  });
});
