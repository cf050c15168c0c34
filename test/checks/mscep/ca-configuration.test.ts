import { describe, expect, it } from 'vitest';
import caConfiguration from '../../../src/checks/mscep/ca-configuration.js';
import { facts, run } from './mscep-fixture-facts.js';

const check = (file: string | null) => run(caConfiguration, facts({ 'registry.mscep': file }));

describe('NDES-MSCEP-002 CA configuration', () => {
  it('reports the CA from CAInfo\\Configuration', () => {
    const out = check('registry/mscep-default.reg');
    expect(out.status).toBe('pass');
    expect(out.message).toBe('NDES submits requests to the CA "ADCS Labor Issuing CA 2" on CA03.intra.contoso.com.');
    expect(out.evidence?.details).toEqual({ caHost: 'CA03.intra.contoso.com', caName: 'ADCS Labor Issuing CA 2' });
  });

  it('fails without the CAInfo subkey', () => {
    const out = check('registry/mscep-mixed.reg');
    expect(out.status).toBe('fail');
    expect(out.evidence?.actual).toBe('CAInfo subkey absent');
  });

  it('fails on a value that is not host\\CA name', () => {
    const out = check('registry/mscep-dword.reg');
    expect(out.status).toBe('fail');
    expect(out.message).toMatch(/"CA01", which is not/);
  });

  it('fails when NDES is not configured at all', () => {
    expect(check(null).status).toBe('fail');
  });
});
