import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/profile/san-attributes.js';
import { flags, graph, lint } from './profile-facts.js';

describe('NDES-PRF-005 profile-san-attributes', () => {
  it('passes known variables and clean static text', () => {
    const o = lint(check, flags({ san: ['upn={{UserPrincipalName}}', 'dns={{DeviceName}}.contoso.com', 'email={{UserName}}-home@contoso.com'] }));
    expect(o.status).toBe('pass');
    expect(o.message).toMatch(/^3 subject alternative name\(s\)/);
  });

  it('fails each of { } | ; in the static text', () => {
    for (const text of ['{{UserName}}{x', '{{UserName}}}x', '{{UserName}}|x', '{{UserName}};x']) {
      const o = lint(check, flags({ san: [`email=${text}@contoso.com`] }));
      expect(o.status, text).toBe('fail');
      expect(o.message, text).toMatch(/the static text contains .*which Intune does not accept in a SAN/);
    }
  });

  it('fails the broken profile: the SID variable outside a URI, and a pipe', () => {
    const o = lint(check, graph('windows-user-broken.json'));
    expect(o.status).toBe('fail');
    expect(o.message).toMatch(/\{\{OnPremisesSecurityIdentifier\}\} only works with the URI attribute/);
    expect(o.message).toMatch(/contains \|/);
  });

  it('fails user variables in a device certificate SAN', () => {
    const o = lint(check, flags({ certType: 'device', subject: 'CN={{DeviceName}}', san: ['email={{EmailAddress}}'] }));
    expect(o).toMatchObject({ status: 'fail', message: expect.stringMatching(/\{\{EmailAddress\}\} is a user attribute/) });
    expect(lint(check, flags({ certType: 'device', san: ['dns={{DeviceName}}.contoso.com'] })).status).toBe('pass');
  });

  it('fails unknown variables (with a suggestion) and empty values', () => {
    expect(lint(check, flags({ san: ['dns={{DeviceNmae}}.contoso.com'] })).message).toMatch(/did you mean \{\{DeviceName\}\}/);
    const empty = { ...flags(), sans: { status: 'ok' as const, from: 'customSubjectAlternativeNames', value: [{ type: 'dns' as const, value: '', implied: false }] } };
    expect(lint(check, empty)).toMatchObject({ status: 'fail', message: expect.stringMatching(/SAN DNS has no value/) });
  });

  it('accepts the legacy SAN flags, no SAN at all, and skips when none is set', () => {
    expect(lint(check, graph('ios-user-legacy-san.json')).status).toBe('pass');
    expect(lint(check, graph('windows-device-cloud-pki.json'))).toMatchObject({ status: 'pass', message: 'The profile adds no subject alternative name.' });
    expect(lint(check, flags({ san: [] })).status).toBe('skip');
  });
});
