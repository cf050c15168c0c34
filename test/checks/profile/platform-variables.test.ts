import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/profile/platform-variables.js';
import type { ProfileFlags } from '../../../src/parse/scep-profile.js';
import { flags, graph, lint } from './profile-facts.js';
import spoofable from '../../../src/checks/profile/device-variables-spoofable.js';
import { parseGraphProfile } from '../../../src/parse/scep-profile.js';
import { readFileSync } from 'node:fs';

const on = (platform: string, changes: Partial<ProfileFlags>) => lint(check, flags({ platform, san: [], ...changes }));

describe('NDES-PRF-003 profile-platform-variables', () => {
  it('passes the Windows user profile', () => {
    const o = lint(check, graph('windows-user-healthy.json'));
    expect(o.status).toBe('pass');
    expect(o.message).toMatch(/^All variables \(\{\{UserName\}\}, \{\{EmailAddress\}\}, \{\{UserPrincipalName\}\}, \{\{OnPremisesSecurityIdentifier\}\}\) resolve on Windows/);
  });

  // Microsoft's current page: user attributes fail only on devices without a user ("such as devices that are
  // enrolled as Android Enterprise dedicated"); its 2020 text, which said CN={{UserPrincipalName}} never works on
  // these profiles, is gone.
  it('passes {{UserPrincipalName}} on Android fully managed, dedicated and COPE, noting that devices without a user cannot resolve it', () => {
    for (const platform of ['android-device-owner', 'android-aosp']) {
      const o = on(platform, { subject: 'CN={{UserPrincipalName}}' });
      expect(o, platform).toMatchObject({ status: 'pass', message: expect.stringMatching(/\{\{UserPrincipalName\}\} is a user attribute, which resolves only on devices that have a user/) });
    }
    expect(on('android-device-owner', { subject: 'CN={{UserName}},E={{EmailAddress}}' }).message).toMatch(/\{\{UserName\}\}, \{\{EmailAddress\}\} are user attributes/);
    expect(on('android-work-profile', { subject: 'CN={{UserPrincipalName}}' }).message).not.toMatch(/have a user/);
    expect(on('android-device-owner', { certType: 'device', subject: 'CN={{DeviceName}}' }).message).not.toMatch(/have a user/);
  });

  it('fails {{UserName}} in a SAN on Android device owner, but not in the subject (the documented workaround)', () => {
    expect(on('android-device-owner', { subject: 'CN={{UserName}}@contoso.com', san: ['upn={{UserName}}@contoso.com'] })).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(/do not support \{\{UserName\}\} in a subject alternative name/),
    });
    expect(on('android-device-owner', { subject: 'CN={{UserName}}@contoso.com' }).status).toBe('pass');
  });

  it('passes {{FullyQualifiedDomainName}} on Windows with a note, fails it elsewhere', () => {
    const windows = on('windows', { certType: 'device', subject: 'CN={{FullyQualifiedDomainName}}' });
    expect(windows.status).toBe('pass');
    expect(windows.message).toMatch(/resolves only on domain-joined \(including Microsoft Entra hybrid joined\) Windows devices/);
    for (const platform of ['ios', 'macos', 'android-work-profile']) {
      expect(on(platform, { certType: 'device', subject: 'CN={{FullyQualifiedDomainName}}' }).status, platform).toBe('fail');
    }
  });

  it('fails IMEI and MEID on macOS, warns on platforms where some devices lack a modem', () => {
    expect(on('macos', { certType: 'device', subject: 'CN={{IMEINumber}}' })).toMatchObject({ status: 'fail', message: expect.stringMatching(/Macs have no cellular modem/) });
    expect(on('macos', { certType: 'device', subject: 'CN={{MEID}}' }).status).toBe('fail');
    const ios = on('ios', { certType: 'device', subject: 'CN={{IMEI}}' });
    expect(ios).toMatchObject({ status: 'warn', severity: 'medium', message: expect.stringMatching(/Wi-Fi-only tablets/) });
    expect(on('windows', { certType: 'device', subject: 'CN={{Device_IMEI}}' }).message).toMatch(/most PCs/);
    expect(on('ios', { certType: 'device', subject: 'CN={{SerialNumber}}' }).status).toBe('pass');
  });

  it('warns that Android 12 withholds serial, IMEI and MEID from personally-owned work profiles', () => {
    const o = lint(check, graph('android-work-profile-imei.json'));
    expect(o.status).toBe('warn');
    expect(o.message).toMatch(/Android 12 and later no longer give the serial number, IMEI or MEID/);
    expect(on('android-work-profile', { certType: 'device', subject: 'CN={{Device_Serial}}' }).message).toMatch(/Android 12/);
    expect(on('android-device-owner', { certType: 'device', subject: 'CN={{Device_Serial}}' }).status).toBe('pass');
  });

  it('fails the variables Android (AOSP) does not offer', () => {
    for (const v of ['OnPremisesSamAccountName', 'OnPrem_Distinguished_Name', 'Department']) {
      expect(on('android-aosp', { subject: `CN={{${v}}}` }), v).toMatchObject({ status: 'fail', message: expect.stringMatching(/not available on Android \(AOSP\)/) });
    }
    expect(on('android-device-owner', { subject: 'CN={{OnPremisesSamAccountName}}' }).status).toBe('pass');
  });

  it('warns about {{DeviceId}} in a Windows subject only', () => {
    expect(on('windows', { certType: 'device', subject: 'CN={{DeviceId}}' })).toMatchObject({ status: 'warn', message: expect.stringMatching(/sync with Intune fail/) });
    expect(on('windows', { certType: 'device', subject: 'CN={{DeviceName}}', san: ['uri=IntuneDeviceId://{{DeviceId}}'] }).status).toBe('pass');
    expect(on('ios', { certType: 'device', subject: 'CN={{DeviceId}}' }).status).toBe('pass');
  });

  it('skips a profile with no subject or SAN', () => {
    expect(lint(check, flags({ subject: undefined, san: [] }))).toMatchObject({ status: 'skip', skipReason: 'no-data' });
  });

  it('does not pass on the subject alone when a SAN entry cannot be read; a failure among what was read stands', () => {
    const edited = (name: string, edit: (p: { customSubjectAlternativeNames: Record<string, unknown>[] }) => void) => {
      const json = JSON.parse(readFileSync(new URL(`../../fixtures/graph-profiles/${name}`, import.meta.url), 'utf8'));
      edit(json);
      return parseGraphProfile(JSON.stringify(json), name);
    };
    const noName = edited('windows-user-healthy.json', (p) => delete p.customSubjectAlternativeNames[0]!.name);
    expect(lint(check, noName)).toMatchObject({ status: 'error', errorCode: 'E_FACT_MALFORMED', message: expect.stringMatching(/^windows-user-healthy\.json: customSubjectAlternativeNames is .*entry 1: name \(the value\) is not a string/) });
    expect(lint(spoofable, noName)).toMatchObject({ status: 'error', errorCode: 'E_FACT_MALFORMED' });
    expect(lint(check, graph('windows-user-healthy.json')).status).toBe('pass');
    // android-device-owner-upn.json fails on {{UserName}} in its UPN SAN: with that entry unreadable, nothing read fails.
    const noType = edited('android-device-owner-upn.json', (p) => delete p.customSubjectAlternativeNames[0]!.sanType);
    expect(lint(check, graph('android-device-owner-upn.json')).status).toBe('fail');
    expect(lint(check, noType).status).toBe('error');
    // A failure in what was read stands: {{IMEI}} never resolves on a Mac, whatever the unreadable SAN holds.
    const mac = edited('macos-device.json', (p) => {
      Object.assign(p, { subjectNameFormatString: 'CN={{IMEI}}' });
      delete p.customSubjectAlternativeNames[0]!.name;
    });
    expect(mac.sans.status).toBe('invalid');
    expect(lint(check, mac)).toMatchObject({ status: 'fail', message: expect.stringContaining('{{IMEI}} in the subject') });
  });
});
