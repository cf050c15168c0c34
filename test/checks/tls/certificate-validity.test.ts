import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/tls/certificate-validity.js';
import { binding, ctx, iis, netsh, run, store, thumbprintOf } from './tls-facts.js';

const healthy = store('my-healthy.json');
const broken = store('my-broken.json');
const facts = (my: typeof healthy, subject: string) => ({
  iisConfig: iis([binding('*:443:')]),
  sslBindings: netsh([['0.0.0.0:443', thumbprintOf(my, subject)]]),
  certStoreMy: my,
});

describe('NDES-TLS-004 tls-certificate-validity', () => {
  it('passes a certificate valid to 2028, with the days left', async () => {
    const o = await run(check, facts(healthy, 'CN=ndes01.contoso.com'));
    expect(o.status).toBe('pass');
    expect(o.message).toContain('valid 2026-01-05 to 2028-01-05 (409 days left)');
    expect(o.evidence?.details?.['certificates']).toEqual([{ role: 'tls', subject: 'CN=ndes01.contoso.com', notAfter: '2028-01-05T10:00:00.000Z', daysLeft: 409 }]);
  });

  it('warns 18 days before expiry (2026-12-10)', async () => {
    const o = await run(check, facts(broken, 'CN=NDES02'));
    expect(o).toMatchObject({ status: 'warn', evidence: { details: { daysLeft: 18 } } });
  });

  it('fails once expired, and before notBefore', async () => {
    const after = await run(check, facts(broken, 'CN=NDES02'), { ...ctx, now: new Date('2026-12-10T08:00:01Z') });
    expect(after.status).toBe('fail');
    expect(after.evidence?.actual).toContain('(expired)');
    expect(after.evidence?.details?.['certificates']).toEqual([expect.objectContaining({ role: 'tls', subject: 'CN=NDES02', daysLeft: -1 })]);
    const before = await run(check, facts(healthy, 'CN=ndes01.contoso.com'), { ...ctx, now: new Date('2025-12-31T00:00:00Z') });
    expect(before.status).toBe('fail');
    expect(before.evidence?.actual).toContain('(not yet valid)');
  });
});
