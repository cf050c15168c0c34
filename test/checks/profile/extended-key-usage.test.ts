import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/profile/extended-key-usage.js';
import { flags, graph, lint } from './profile-facts.js';

describe('NDES-PRF-010 profile-extended-key-usage', () => {
  it('passes Client Authentication, alone or with others', () => {
    expect(lint(check, flags({ eku: ['client-auth'] })).status).toBe('pass');
    expect(lint(check, flags({ eku: ['secure-email', '1.3.6.1.5.5.7.3.2'] })).status).toBe('pass');
  });

  it('warns about Any Purpose, another EKU, or none at all', () => {
    expect(lint(check, graph('android-work-profile-imei.json'))).toMatchObject({ status: 'warn', message: expect.stringMatching(/Any Purpose instead of Client Authentication/) });
    expect(lint(check, graph('windows-user-broken.json'))).toMatchObject({ status: 'warn', evidence: { actual: 'Secure Email (1.3.6.1.5.5.7.3.4)' } });
    const none = { ...flags(), ekus: { status: 'ok' as const, from: 'extendedKeyUsages', value: [] } };
    expect(lint(check, none).message).toMatch(/it lists no extended key usage at all/);
  });
});
