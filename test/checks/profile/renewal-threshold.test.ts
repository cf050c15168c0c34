import { describe, expect, it } from 'vitest';
import check, { renewalWindow } from '../../../src/checks/profile/renewal-threshold.js';
import { flags, graph, lint } from './profile-facts.js';

describe('NDES-PRF-008 profile-renewal-threshold', () => {
  it('accepts 1 to 99 % and fails 0 and 100', () => {
    const s = (renewalThreshold: string) => lint(check, flags({ renewalThreshold })).status;
    expect([s('0'), s('1'), s('99'), s('100')]).toEqual(['fail', 'pass', 'pass', 'fail']);
    expect(lint(check, graph('windows-user-broken.json')).message).toMatch(/at 0 the certificate expires before renewal begins/);
    expect(lint(check, flags({ renewalThreshold: '150' })).message).toMatch(/at 100 or more/);
  });

  it('says what the threshold means in days for the validity period', () => {
    const o = lint(check, flags({ renewalThreshold: '20', validity: '1y' }));
    expect(o.message).toBe('With 1 year (about 365 days), devices start renewing after about 292 days, 73 days before expiry (20 % left), and keep trying until renewal succeeds.');
    expect(o.evidence?.details).toEqual({ validityDays: 365, startsAfterDays: 292, daysBeforeExpiry: 73 });
    expect(renewalWindow(180, 10)).toEqual({ startsAfterDays: 162, daysBeforeExpiry: 18 });
  });

  it('on Apple platforms and without a validity, speaks of the lifetime instead', () => {
    expect(lint(check, flags({ platform: 'ios' })).message).toMatch(/20 % of the certificate lifetime \(the template's validity period on this platform\) remains/);
    expect(lint(check, flags({ validity: undefined })).message).toMatch(/^Devices start renewing when 20 % of the certificate lifetime remains/);
  });
});
