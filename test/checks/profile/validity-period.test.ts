import { describe, expect, it } from 'vitest';
import check, { overMaximum } from '../../../src/checks/profile/validity-period.js';
import { flags, graph, lint } from './profile-facts.js';

const status = (validity: string, platform = 'windows') => lint(check, flags({ validity, platform })).status;

describe('NDES-PRF-007 profile-validity-period', () => {
  it('warns below 5 days and passes at 5', () => {
    expect(status('4d')).toBe('warn');
    expect(status('5d')).toBe('pass');
  });

  it('fails above 24 months, in whichever unit the profile uses', () => {
    expect([status('24m'), status('25m')]).toEqual(['pass', 'fail']);
    expect([status('730d'), status('731d')]).toEqual(['pass', 'fail']);
    expect([status('2y'), status('3y')]).toEqual(['pass', 'fail']);
    expect(overMaximum({ value: 2, unit: 'years' })).toBe(false);
  });

  it('explains that the value only applies with EDITF_ATTRIBUTEENDDATE', () => {
    expect(lint(check, flags()).message).toMatch(/^The profile asks for 1 year\. .*EDITF_ATTRIBUTEENDDATE/);
  });

  it('on iOS/iPadOS and macOS notes that the template decides, whatever the value', () => {
    for (const platform of ['ios', 'macos']) {
      const o = lint(check, flags({ platform, validity: '3y' }));
      expect(o.status).toBe('pass');
      expect(o.message).toMatch(/always get the validity period of the certificate template and ignore the profile's 3 years/);
    }
    expect(lint(check, graph('ios-user-legacy-san.json')).message).toMatch(/^Note: iOS\/iPadOS devices/);
  });

  it('skips when the profile sets none', () => {
    expect(lint(check, flags({ validity: undefined })).status).toBe('skip');
  });
});
