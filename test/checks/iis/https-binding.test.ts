import { describe, expect, it } from 'vitest';
import httpsBinding from '../../../src/checks/iis/https-binding.js';
import { facts, run, STOCK } from './iis-fixture-facts.js';

describe('NDES-IIS-003 https binding', () => {
  it('fails on the stock http-only site', () => {
    const out = run(httpsBinding, facts(STOCK));
    expect(out.status).toBe('fail');
    expect(out.evidence?.actual).toBe('http/*:80:');
  });
  it('passes for an SNI binding on a renamed site and says where the certificate lives', () => {
    const out = run(httpsBinding, facts({ 'iis.applicationhost': 'applicationHost.de.config' }));
    expect(out.status).toBe('pass');
    expect(out.message).toMatch(/^Site "Standardwebsite" listens for https on \*:443:ndes\.contoso\.de \(SNI/);
    expect(out.message).toMatch(/netsh http show sslcert/);
  });
});
