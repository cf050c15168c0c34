import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/server/not-issuing-ca.js';
import { factFrom, runCheck } from '../host-facts.js';

const run = (fixture: string) => runCheck(check, { windowsFeatures: factFrom('windowsFeatures', { 'server.features': `powershell/${fixture}` }) });

describe('NDES-SRV-004 not-issuing-ca', () => {
  it('passes when ADCS-Cert-Authority is listed but not installed', async () => {
    expect((await run('features-complete.json')).status).toBe('pass');
  });

  it('fails when the CA role is installed', async () => {
    expect(await run('features-on-ca.json')).toMatchObject({ status: 'fail', evidence: { actual: 'ADCS-Cert-Authority installed' } });
    expect((await run('features-single.json')).status).toBe('fail');
  });
});
