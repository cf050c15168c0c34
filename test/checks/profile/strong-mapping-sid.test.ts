import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/profile/strong-mapping-sid.js';
import { flags, graph, lint } from './profile-facts.js';

describe('NDES-PRF-006 profile-strong-mapping-sid', () => {
  it('passes a user certificate with the URI SAN {{OnPremisesSecurityIdentifier}}', () => {
    expect(lint(check, graph('windows-user-healthy.json'))).toMatchObject({ status: 'pass', message: 'The user certificate carries the SID URI for strong mapping.' });
  });

  // Microsoft's SCEP profile page (06/2025): strong mapping "is applicable to user certificates across all
  // platforms", Android included since the November 2024 service release.
  it('warns when a user certificate lacks it, on every platform, and says why', () => {
    for (const platform of ['windows', 'ios', 'macos', 'android', 'android-work-profile', 'android-device-owner', 'android-aosp']) {
      const o = lint(check, flags({ platform, san: ['upn={{UserPrincipalName}}'] }));
      expect(o.status, platform).toBe('warn');
      expect(o.message).toMatch(/KB5014754.*NPS for Wi-Fi or VPN/);
      if (o.status === 'warn') expect(o.remediation.text).toMatch(/attribute URI and value \{\{OnPremisesSecurityIdentifier\}\}.*tag:microsoft\.com,2022-09-14:sid:<SID>/);
    }
    expect(lint(check, flags({ san: [] })).status).toBe('warn');
  });

  it('notes that Intune adds the tag itself when the profile types it', () => {
    const o = lint(check, flags({ san: ['uri=tag:microsoft.com,2022-09-14:sid:{{OnPremisesSecurityIdentifier}}'] }));
    expect(o.status).toBe('pass');
    expect(o.message).toMatch(/Microsoft documents the value as the bare \{\{OnPremisesSecurityIdentifier\}\} and Intune adds the tag itself/);
  });

  it('does not count the SID variable outside a URI SAN', () => {
    expect(lint(check, flags({ san: ['upn={{OnPremisesSecurityIdentifier}}'] })).status).toBe('warn');
  });

  it('device certificates: only hybrid joined Windows devices carry a SID', () => {
    expect(lint(check, flags({ certType: 'device', san: [] }))).toMatchObject({ status: 'skip', message: expect.stringMatching(/add a URI SAN with \{\{OnPremisesSecurityIdentifier\}\}/) });
    expect(lint(check, flags({ certType: 'device', san: ['uri={{OnPremisesSecurityIdentifier}}'] })).status).toBe('pass');
    expect(lint(check, flags({ platform: 'macos', certType: 'device', san: ['uri={{OnPremisesSecurityIdentifier}}'] }))).toMatchObject({ status: 'warn', severity: 'low' });
  });

  it('passes an Android user certificate with the SID URI and warns on an Android device certificate with it', () => {
    expect(lint(check, flags({ platform: 'android-work-profile' })).status).toBe('pass');
    expect(lint(check, graph('android-device-owner-upn.json'))).toMatchObject({ status: 'warn', evidence: { actual: 'no URI subject alternative name' } });
    expect(lint(check, flags({ platform: 'android-device-owner', certType: 'device', san: ['uri={{OnPremisesSecurityIdentifier}}'] }))).toMatchObject({ status: 'warn', severity: 'low' });
  });

  it('skips without a certificate type', () => {
    expect(lint(check, flags({ certType: undefined }))).toMatchObject({ status: 'skip', skipReason: 'no-data' });
  });
});
