import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/tls/certificate-strength.js';
import { binding, iis, netsh, run, store, thumbprintOf } from './tls-facts.js';

const facts = (name: string, subject: string) => {
  const my = store(name);
  return { iisConfig: iis([binding('*:443:')]), sslBindings: netsh([['0.0.0.0:443', thumbprintOf(my, subject)]]), certStoreMy: my };
};

describe('NDES-TLS-006 tls-certificate-strength', () => {
  it('passes a CA-issued RSA 2048 / SHA-256 certificate', async () => {
    const o = await run(check, facts('my-healthy.json', 'CN=ndes01.contoso.com'));
    expect(o.status).toBe('pass');
    expect(o.evidence?.actual).toContain('RSA 2048 bits, sha256WithRSAEncryption, issued by CN=Contoso Issuing CA 01');
  });

  it('warns on a SHA-1 signature', async () => {
    const o = await run(check, facts('my-broken.json', 'CN=NDES02'));
    expect(o.status).toBe('warn');
    expect(o.message).toContain('sha1WithRSAEncryption');
  });

  it('fails a self-signed 1024-bit certificate, naming both problems', async () => {
    const o = await run(check, facts('my-varied.json', 'CN=ndes03.contoso.com'));
    expect(o.status).toBe('fail');
    expect(o.message).toContain('is self-signed');
    expect(o.message).toContain('RSA key of 1024 bits');
  });

  it('accepts an EC P-256 key', async () => {
    const o = await run(check, facts('my-varied.json', 'CN=ndes-ec.contoso.com'));
    expect(o.status).toBe('pass');
    expect(o.evidence?.actual).toContain('EC P-256');
  });
});
