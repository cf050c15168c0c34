import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/tls/server-auth-eku.js';
import { binding, iis, netsh, run, store, thumbprintOf } from './tls-facts.js';

const my = store('my-healthy.json');
const facts = (hash: string) => ({ iisConfig: iis([binding('*:443:')]), sslBindings: netsh([['0.0.0.0:443', hash]]), certStoreMy: my });

describe('NDES-TLS-003 tls-server-auth-eku', () => {
  it('passes with the Server Authentication EKU', async () => {
    const o = await run(check, facts(thumbprintOf(my, 'CN=ndes01.contoso.com')));
    expect(o.status).toBe('pass');
    expect(o.evidence?.actual).toContain('EKU 1.3.6.1.5.5.7.3.1');
  });

  it('fails a Client Authentication-only certificate, listing its EKUs', async () => {
    const o = await run(check, facts(thumbprintOf(my, 'CN=NDES01$')));
    expect(o.status).toBe('fail');
    expect(o.evidence?.actual).toContain('EKU 1.3.6.1.5.5.7.3.2');
    if (o.status !== 'fail') return;
    expect(o.remediation.commands?.[0]?.text).toMatch(/^Get-Certificate -Template WebServer/);
  });

  it('skips as not applicable when nothing is bound (NDES-TLS-002 reports that)', async () => {
    const o = await run(check, facts('ffffffffffffffffffffffffffffffffffffffff'));
    expect(o).toMatchObject({ status: 'skip', skipReason: 'not-applicable' });
  });
});
