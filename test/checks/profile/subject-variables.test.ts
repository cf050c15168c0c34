import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/profile/subject-variables.js';
import { flags, graph, lint } from './profile-facts.js';

describe('NDES-PRF-001 profile-subject-variables', () => {
  it('passes known user variables in a user certificate', () => {
    const o = lint(check, graph('windows-user-healthy.json'));
    expect(o.status).toBe('pass');
    expect(o.message).toBe('Subject "CN={{UserName}},E={{EmailAddress}}" uses known variables: UserName, EmailAddress.');
  });

  it('matches names without regard to case and knows the aliases', () => {
    const o = lint(check, flags({ certType: 'device', subject: 'CN={{SERIALNUMBER}},OU={{AzureADDeviceId}},O={{Device_IMEI}}' }));
    expect(o.status).toBe('pass');
    expect(o.message).toMatch(/SerialNumber, AAD_Device_ID, IMEI\.$/);
  });

  it('fails a user variable in a device certificate, but not in a user one', () => {
    const device = lint(check, flags({ certType: 'device', subject: 'CN={{UserPrincipalName}}' }));
    expect(device.status).toBe('fail');
    expect(device.message).toMatch(/\{\{UserPrincipalName\}\} is a user attribute; a device certificate can only contain device attributes/);
    expect(lint(check, flags({ certType: 'user', subject: 'CN={{UserPrincipalName}}' })).status).toBe('pass');
  });

  // Microsoft's SCEP profile page (06/2025), S/MIME requirements: "G={{GivenName}}", "SN={{SurName}}".
  it('knows the given name and surname variables, as user attributes', () => {
    const subject = 'CN={{UserName}},G={{GivenName}},SN={{SurName}}';
    expect(lint(check, flags({ subject }))).toMatchObject({ status: 'pass', message: expect.stringMatching(/UserName, GivenName, SurName\.$/) });
    expect(lint(check, flags({ certType: 'device', subject: 'CN={{DeviceName}},SN={{SurName}}' }))).toMatchObject({ status: 'fail', message: expect.stringMatching(/\{\{SurName\}\} is a user attribute/) });
  });

  it('fails an unknown variable and suggests the near one', () => {
    const o = lint(check, flags({ subject: 'CN={{SerialNumbr}}' }));
    expect(o.status).toBe('fail');
    expect(o.message).toMatch(/\{\{SerialNumbr\}\} is not a variable Intune knows \(did you mean \{\{SerialNumber\}\}\?\)/);
    expect(lint(check, flags({ subject: 'CN={{Favourite_Colour}}' })).message).not.toMatch(/did you mean/);
  });

  it('fails curly brackets that do not enclose a variable', () => {
    for (const subject of ['CN={DeviceName}', 'CN={{DeviceName}', 'CN=x}']) {
      const o = lint(check, flags({ subject, certType: 'device' }));
      expect(o.status, subject).toBe('fail');
      expect(o.message, subject).toMatch(/curly bracket\(s\) that do not enclose a variable/);
    }
  });

  it('fails the SID variable in the subject: it only works in a URI SAN', () => {
    const o = lint(check, flags({ subject: 'CN={{OnPremisesSecurityIdentifier}}' }));
    expect(o.status).toBe('fail');
    expect(o.message).toMatch(/only works in a URI subject alternative name/);
  });

  it('without a certificate type, checks names and braces and says what it could not check', () => {
    const o = lint(check, flags({ certType: undefined, subject: 'CN={{UserName}}' }));
    expect(o.status).toBe('pass');
    expect(o.evidence?.details).toEqual({ note: 'The certificate type is not known, so user variables were not checked against it.' });
  });

  it('checks the variable a fixed subject format stands for', () => {
    const o = lint(check, graph('ios-user-legacy-san.json'));
    expect(o.status).toBe('pass');
    expect(o.evidence?.actual).toBe('commonNameAsEmail (CN={{EmailAddress}})');
  });

  it('skips without a subject and reports an unreadable one as an error', () => {
    expect(lint(check, flags({ subject: undefined }))).toMatchObject({ status: 'skip', skipReason: 'no-data' });
    const profile = { ...flags(), subject: { status: 'invalid' as const, from: 'subjectNameFormat', raw: '"commonNameAsBadge"', reason: 'unknown subjectNameFormat' } };
    expect(lint(check, profile)).toMatchObject({ status: 'error', errorCode: 'E_FACT_MALFORMED', message: 'command-line flags: subjectNameFormat is "commonNameAsBadge", which ndes-doctor cannot read: unknown subjectNameFormat.' });
  });
});
