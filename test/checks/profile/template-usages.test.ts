import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/profile/template-usages.js';
import { facts, HEALTHY } from '../mscep/mscep-fixture-facts.js';
import { flags, graph, run } from './profile-facts.js';

// IntuneSCEP: Client Authentication, key usage a0 (digital signature + key encipherment).
// LegacySCEP: Server Authentication, key usage e0 (adds non-repudiation).
const intune = facts(HEALTHY);
const legacy = facts({ ...HEALTHY, 'registry.mscep': 'registry/mscep-legacy.reg' });

describe('NDES-PRF-016 profile-template-usages', () => {
  it('passes when the template issues every EKU and key usage bit the profile asks for', () => {
    expect(run(check, { profile: graph('windows-user-healthy.json'), ...intune })).toMatchObject({ status: 'pass', message: 'IntuneSCEP issues everything the profile asks for (Client Authentication).' });
  });

  it('fails when the template lacks Client Authentication, warns for other missing EKUs', () => {
    expect(run(check, { profile: flags({ platform: 'windows' }), ...legacy })).toMatchObject({ status: 'fail', message: expect.stringMatching(/asks for Client Authentication \(1\.3\.6\.1\.5\.5\.7\.3\.2\), but LegacySCEP does not issue it/) });
    expect(run(check, { profile: flags({ eku: ['client-auth', 'secure-email'] }), ...intune })).toMatchObject({ status: 'warn', message: expect.stringMatching(/Secure Email \(1\.3\.6\.1\.5\.5\.7\.3\.4\), but IntuneSCEP does not issue it/) });
  });

  it('fails non-repudiation in the template for iOS/iPadOS and macOS only', () => {
    const mac = run(check, { profile: flags({ platform: 'macos', eku: ['server-auth'] }), ...legacy });
    expect(mac).toMatchObject({ status: 'fail', message: expect.stringMatching(/"Signature is proof of origin" \(non-repudiation\), which macOS devices reject/) });
    if (mac.status === 'fail') expect(mac.remediation.text).toMatch(/clear "Signature is proof of origin/);
    expect(run(check, { profile: flags({ eku: ['server-auth'] }), ...legacy }).status).toBe('pass');
  });

  it('warns when a key usage bit the profile asks for is not in the template', () => {
    const { mscepRegistry, scepTemplates } = facts(HEALTHY);
    const t = scepTemplates.refs[0]!.template!;
    scepTemplates.refs[0]!.template = { ...t, keyUsage: { status: 'ok', value: 0x80, attribute: 'pKIKeyUsage', raw: '80 00' } };
    const o = run(check, { profile: flags({ keyUsage: 'digital-signature,key-encipherment' }), mscepRegistry, scepTemplates });
    expect(o).toMatchObject({ status: 'warn', message: 'The profile asks for Key encipherment, but the key usage of IntuneSCEP does not include it.' });
  });

  it('accepts anything under Any Purpose', () => {
    const { mscepRegistry, scepTemplates } = facts(HEALTHY);
    const t = scepTemplates.refs[0]!.template!;
    scepTemplates.refs[0]!.template = { ...t, applicationPolicies: { status: 'ok', value: ['2.5.29.37.0'], attribute: 'msPKI-Certificate-Application-Policy', raw: '' } };
    expect(run(check, { profile: flags({ eku: ['client-auth', 'code-signing'] }), mscepRegistry, scepTemplates }).status).toBe('pass');
  });
});
