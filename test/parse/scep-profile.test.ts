import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGraphProfile, profileFromFlags, ProfileInputError, validityDays, type ProfileFlags } from '../../src/parse/scep-profile.js';
import { decodeText } from '../../src/parse/text.js';

const path = (name: string) => `test/fixtures/graph-profiles/${name}`;
const text = (name: string) => decodeText(new Uint8Array(readFileSync(path(name))));
const graph = (name: string, select?: string) => parseGraphProfile(text(name), path(name), select);
/** A Graph object with the given properties, for one-property cases. */
const one = (props: Record<string, unknown>) => parseGraphProfile(JSON.stringify({ '@odata.type': '#microsoft.graph.windows81SCEPCertificateProfile', ...props }), 'x.json');

describe('parseGraphProfile on Graph responses', () => {
  it('reads a Windows user profile with custom SANs, as a beta GET returns it', () => {
    const p = graph('windows-user-healthy.json');
    expect(p).toMatchObject({
      input: 'graph',
      graphType: 'windows81SCEPCertificateProfile',
      id: '3f9c2b7e-5d41-4a8e-9b6f-0c2d7e1a4b55',
      name: 'Contoso Wi-Fi users (Windows)',
      platform: 'windows',
      certType: { status: 'ok', value: 'user', from: 'certificateStore' },
      subject: { status: 'ok', value: { format: 'custom', text: 'CN={{UserName}},E={{EmailAddress}}', implied: false } },
      sans: {
        status: 'ok',
        value: [
          { type: 'upn', value: '{{UserPrincipalName}}', implied: false },
          { type: 'uri', value: '{{OnPremisesSecurityIdentifier}}', implied: false },
        ],
      },
      validity: { status: 'ok', value: { value: 1, unit: 'years' } },
      renewalThreshold: { status: 'ok', value: 20 },
      keyUsage: { status: 'ok', value: { digitalSignature: true, keyEncipherment: true } },
      keySize: { status: 'ok', value: 2048 },
      hash: { status: 'ok', value: ['sha2'] },
      ekus: { status: 'ok', value: [{ oid: '1.3.6.1.5.5.7.3.2', name: 'Client Authentication' }] },
      scepUrls: { status: 'ok', value: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll'] },
      keyStorageProvider: { status: 'ok', value: 'useTpmKspOtherwiseUseSoftwareKsp' },
    });
  });

  it('reads the UTF-16LE file Windows PowerShell 5.1 writes exactly like the UTF-8 one', () => {
    const utf16 = parseGraphProfile(text('windows-user-healthy-utf16le.json'), 'x');
    const utf8 = parseGraphProfile(text('windows-user-healthy.json'), 'x');
    expect(utf16).toEqual(utf8);
  });

  it('turns a fixed subject format and the legacy SAN flags into the variables they stand for (iOS, v1.0)', () => {
    const p = graph('ios-user-legacy-san.json');
    expect(p.platform).toBe('ios');
    expect(p.subject).toMatchObject({ status: 'ok', value: { format: 'commonNameAsEmail', text: 'CN={{EmailAddress}}', implied: true } });
    expect(p.sans).toMatchObject({
      status: 'ok',
      from: 'subjectAlternativeNameType',
      value: [
        { type: 'email', value: '{{EmailAddress}}', implied: true },
        { type: 'upn', value: '{{UserPrincipalName}}', implied: true },
      ],
    });
    expect(p.hash).toEqual({ status: 'absent', from: 'hashAlgorithm' });
    expect(p.keyUsage).toMatchObject({ value: { digitalSignature: true, keyEncipherment: false } });
  });

  it('reads a compact macOS device profile with nulls where nothing is configured', () => {
    const p = graph('macos-device.json');
    expect(p).toMatchObject({ platform: 'macos', certType: { value: 'device' }, keySize: { value: 4096 }, hash: { status: 'absent' } });
    expect(p.ekus).toMatchObject({ value: [{ oid: '1.3.6.1.5.5.7.3.2' }] });
    expect(p.sans).toMatchObject({ value: [{ type: 'dns', value: '{{DeviceName}}.corp.contoso.com' }, { type: 'dns', value: '{{SerialNumber}}.macs.contoso.com' }] });
  });

  it('maps each Android type to its enrollment type', () => {
    expect(graph('android-device-owner-upn.json')).toMatchObject({ platform: 'android-device-owner', hash: { value: ['sha1', 'sha2'] } });
    expect(graph('android-work-profile-imei.json')).toMatchObject({ platform: 'android-work-profile', subject: { value: { text: 'CN={{IMEI}}', implied: true } }, validity: { value: { value: 6, unit: 'months' } } });
    const admin = parseGraphProfile(JSON.stringify({ '@odata.type': '#microsoft.graph.androidScepCertificateProfile', subjectNameFormat: 'commonName' }), 'a.json');
    expect(admin.platform).toBe('android');
    // Device administrator profiles have no certificateStore: they only issue user certificates.
    expect(admin.certType).toMatchObject({ status: 'ok', value: 'user' });
    expect(parseGraphProfile(JSON.stringify({ '@odata.type': '#microsoft.graph.aospDeviceOwnerScepCertificateProfile' }), 'a.json').platform).toBe('android-aosp');
    expect(parseGraphProfile(JSON.stringify({ '@odata.type': 'microsoft.graph.androidForWorkScepCertificateProfile' }), 'a.json').platform).toBe('android-work-profile');
  });

  it('picks the one SCEP profile of a collection by --select, by displayName or id, in any case', () => {
    expect(() => graph('device-configurations-list.json')).toThrow(/holds 2 SCEP certificate profiles; pick one with --select/);
    expect(() => graph('device-configurations-list.json')).toThrow(/"Contoso VPN users \(iOS\)" \(iosScepCertificateProfile, id 8a6e1d02/);
    expect(graph('device-configurations-list.json', 'contoso vpn users (ios)').platform).toBe('ios');
    expect(graph('device-configurations-list.json', '3F9C2B7E-5D41-4A8E-9B6F-0C2D7E1A4B55').platform).toBe('windows');
    expect(() => graph('device-configurations-list.json', 'Contoso Root CA (Windows)')).toThrow(/is not a SCEP certificate profile ndes-doctor reads/);
    expect(() => graph('device-configurations-list.json', 'nope')).toThrow(/has no profile with id or displayName "nope"/);
  });

  it('refuses input that holds no usable SCEP profile, saying what it found', () => {
    const cases: [string, RegExp][] = [
      ['{"value": [', /x.json is not valid JSON/],
      ['"text"', /expected a deviceConfiguration object/],
      ['{"value": [{"@odata.type": "#microsoft.graph.windows81TrustedRootCertificate", "displayName": "Root"}]}', /holds no SCEP certificate profile \(found: "Root" \(windows81TrustedRootCertificate\)\)/],
      ['{"@odata.type": "#microsoft.graph.windowsPhone81SCEPCertificateProfile"}', /retired platform/],
      ['{"displayName": "copied by hand", "scepServerUrls": []}', /has no "@odata.type", which names the platform/],
    ];
    for (const [json, message] of cases) {
      expect(() => parseGraphProfile(json, 'x.json')).toThrow(ProfileInputError);
      expect(() => parseGraphProfile(json, 'x.json')).toThrow(message);
    }
  });

  it('keeps a setting it cannot read as invalid, with the reason, and the others usable', () => {
    const p = one({
      renewalThresholdPercentage: '20',
      keyUsage: 'keyEncipherment,nonRepudiation',
      keySize: 'size3072',
      certificateValidityPeriodValue: 2,
      certificateValidityPeriodScale: 'weeks',
      customSubjectAlternativeNames: [{ sanType: 'ipAddress', name: '10.0.0.1' }],
      extendedKeyUsages: [{ name: 'Client Authentication', objectIdentifier: 'client auth' }],
      subjectNameFormat: 'custom',
      subjectNameFormatString: '  ',
      certificateStore: 'device',
      hashAlgorithm: 'sha2',
    });
    expect(p.renewalThreshold).toMatchObject({ status: 'invalid', raw: '"20"', reason: 'not a whole number from -2147483648 to 2147483647' });
    expect(p.keyUsage).toMatchObject({ status: 'invalid', reason: expect.stringMatching(/unknown member "nonRepudiation"/) });
    expect(p.keySize).toMatchObject({ status: 'invalid', reason: expect.stringMatching(/size1024, size2048, size4096/) });
    expect(p.validity).toMatchObject({ status: 'invalid', reason: expect.stringMatching(/days, months or years/) });
    expect(p.sans).toMatchObject({ status: 'invalid', reason: expect.stringMatching(/entry 1: sanType/) });
    expect(p.ekus).toMatchObject({ status: 'invalid', reason: expect.stringMatching(/entry 1: objectIdentifier is not an OID/) });
    expect(p.subject).toMatchObject({ status: 'invalid', reason: expect.stringMatching(/subjectNameFormatString is empty/) });
    expect(p.certType).toMatchObject({ status: 'invalid', raw: '"device"' });
    expect(p.hash).toMatchObject({ status: 'ok', value: ['sha2'] });
  });

  it('reads the validity value and renewal threshold as the Int32 Graph gives them, and no larger', () => {
    const read = (value: number, threshold: number) => one({ certificateValidityPeriodValue: value, certificateValidityPeriodScale: 'years', renewalThresholdPercentage: threshold });
    const largest = read(2_147_483_647, 2_147_483_647);
    expect(largest.validity).toMatchObject({ status: 'ok', value: { value: 2_147_483_647 } });
    expect(largest.renewalThreshold).toMatchObject({ status: 'ok', value: 2_147_483_647 });
    expect(read(1, -2_147_483_648).renewalThreshold).toMatchObject({ status: 'ok', value: -2_147_483_648 });
    const past = read(2_147_483_648, 2_147_483_648);
    expect(past.validity).toMatchObject({ status: 'invalid', reason: 'certificateValidityPeriodValue must be a whole number from 1 to 2147483647' });
    expect(past.renewalThreshold).toMatchObject({ status: 'invalid', reason: 'not a whole number from -2147483648 to 2147483647' });
    expect(read(1e308, -2_147_483_649).renewalThreshold).toMatchObject({ status: 'invalid' });
    expect(read(1e308, 20).validity).toMatchObject({ status: 'invalid', raw: '1e+308' });
  });

  it('tells absent settings from empty ones', () => {
    const p = one({ customSubjectAlternativeNames: [], subjectAlternativeNameType: 'none', extendedKeyUsages: [] });
    expect(p.sans).toEqual({ status: 'ok', value: [], from: 'subjectAlternativeNameType' });
    expect(p.ekus).toEqual({ status: 'ok', value: [], from: 'extendedKeyUsages' });
    expect(p.renewalThreshold).toEqual({ status: 'absent', from: 'renewalThresholdPercentage' });
    expect(p.validity.status).toBe('absent');
    expect(p.subject.status).toBe('absent');
    expect(one({ subjectNameFormatString: 'CN={{DeviceName}}' }).subject).toMatchObject({ status: 'ok', value: { format: 'custom' } });
    expect(one({ subjectNameFormat: 'commonNameAsDurableDeviceId' }).subject).toMatchObject({ status: 'ok', value: { implied: true } });
    expect(one({ subjectNameFormat: 'commonNameAsBadgeNumber' }).subject).toMatchObject({ status: 'invalid' });
  });
});

describe('profileFromFlags', () => {
  const full: ProfileFlags = {
    platform: 'Windows',
    certType: 'user',
    subject: 'CN={{UserName}}',
    san: ['upn={{UserPrincipalName}}', 'URI:{{OnPremisesSecurityIdentifier}}'],
    validity: '2 years',
    renewalThreshold: '20%',
    scepUrl: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll', ' https://ndes2.contoso.com/certsrv/mscep/mscep.dll '],
    keySize: '2048',
    keyUsage: 'digital-signature,key_encipherment',
    hash: 'SHA-256',
    eku: ['client-auth,1.3.6.1.4.1.311.20.2.2', 'Server Authentication'],
  };

  it('builds the same kind of profile the Graph reader does', () => {
    const p = profileFromFlags(full);
    expect(p).toMatchObject({
      input: 'flags',
      origin: 'command-line flags',
      platform: 'windows',
      certType: { status: 'ok', value: 'user', from: '--cert-type' },
      subject: { value: { format: 'custom', text: 'CN={{UserName}}', implied: false } },
      sans: { value: [{ type: 'upn', value: '{{UserPrincipalName}}' }, { type: 'uri', value: '{{OnPremisesSecurityIdentifier}}' }] },
      validity: { value: { value: 2, unit: 'years' } },
      renewalThreshold: { value: 20 },
      keySize: { value: 2048 },
      keyUsage: { value: { digitalSignature: true, keyEncipherment: true } },
      hash: { value: ['sha2'] },
      ekus: { value: [{ oid: '1.3.6.1.5.5.7.3.2' }, { oid: '1.3.6.1.4.1.311.20.2.2' }, { oid: '1.3.6.1.5.5.7.3.1' }] },
      scepUrls: { value: ['https://ndes.contoso.com/certsrv/mscep/mscep.dll', 'https://ndes2.contoso.com/certsrv/mscep/mscep.dll'] },
      keyStorageProvider: { status: 'absent' },
    });
  });

  it('leaves settings that were not given absent, and accepts platform aliases', () => {
    const p = profileFromFlags({ platform: 'android-fully-managed', san: [], eku: [] });
    expect(p.platform).toBe('android-device-owner');
    for (const field of [p.certType, p.subject, p.sans, p.validity, p.renewalThreshold, p.keySize, p.keyUsage, p.hash, p.ekus, p.scepUrls]) expect(field.status).toBe('absent');
    expect(profileFromFlags({ platform: 'aosp' }).platform).toBe('android-aosp');
    expect(profileFromFlags({ platform: 'windows11' }).platform).toBe('windows');
  });

  it('reads validity periods in short and long form', () => {
    const v = (validity: string) => profileFromFlags({ platform: 'ios', validity }).validity;
    expect(v('90d')).toMatchObject({ value: { value: 90, unit: 'days' } });
    expect(v('6 Months')).toMatchObject({ value: { value: 6, unit: 'months' } });
    expect(v('1y')).toMatchObject({ value: { value: 1, unit: 'years' } });
    expect(v('2147483647 days')).toMatchObject({ value: { value: 2_147_483_647, unit: 'days' } });
  });

  it('refuses each malformed flag with a sentence naming it', () => {
    const cases: [ProfileFlags, RegExp][] = [
      [{}, /--platform is required/],
      [{ platform: 'blackberry' }, /--platform takes one of android, android-work-profile/],
      [{ platform: 'ios', certType: 'machine' }, /--cert-type takes user or device/],
      [{ platform: 'ios', subject: '  ' }, /--subject is empty/],
      [{ platform: 'ios', san: ['ip=10.0.0.1'] }, /--san takes <attribute>=<value>/],
      [{ platform: 'ios', validity: '0d' }, /--validity takes a period/],
      [{ platform: 'ios', validity: '2 weeks' }, /--validity takes a period/],
      [{ platform: 'ios', renewalThreshold: 'twenty' }, /--renewal-threshold takes a whole percentage/],
      [{ platform: 'ios', validity: '2147483648y' }, /--validity takes a period/],
      [{ platform: 'ios', renewalThreshold: '2147483648' }, /--renewal-threshold takes a whole percentage/],
      [{ platform: 'ios', keySize: '3072' }, /--key-size takes 1024, 2048 or 4096/],
      [{ platform: 'ios', keyUsage: 'non-repudiation' }, /--key-usage takes digital-signature, key-encipherment/],
      [{ platform: 'ios', hash: 'md5' }, /--hash takes sha1, sha2/],
      [{ platform: 'ios', eku: ['email-protection'] }, /--eku takes an OID or one of client-auth/],
    ];
    for (const [flags, message] of cases) expect(() => profileFromFlags(flags), message.source).toThrow(message);
  });
});

describe('validityDays', () => {
  it('counts a year as 365 days and a month as 30, like the template reader', () => {
    expect(validityDays({ value: 1, unit: 'years' })).toBe(365);
    expect(validityDays({ value: 6, unit: 'months' })).toBe(180);
    expect(validityDays({ value: 5, unit: 'days' })).toBe(5);
  });
});
