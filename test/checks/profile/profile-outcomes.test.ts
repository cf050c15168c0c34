import { describe, expect, it } from 'vitest';
import { profileChecks } from '../../../src/checks/profile/index.js';
import type { ScepProfile } from '../../../src/parse/scep-profile.js';
import { flags, graph, lint } from './profile-facts.js';

const profileOnly = profileChecks.filter((c) => c.requires.length === 1);

/** Every profile-only check on one profile: what the admin reads, by check ID. */
const lintAll = (profile: ScepProfile) =>
  Object.fromEntries(
    profileOnly.map((c) => {
      const o = lint(c, profile);
      return [c.id, { status: o.status, message: o.message, evidence: o.evidence, remediation: 'remediation' in o ? o.remediation : undefined }];
    }),
  );

// The words, evidence and fixes for each real profile shape, held still: a change to any of them
// shows up here for review.
describe('the profile checks on each Graph export, as an administrator reads them', () => {
  it.each([
    'android-device-owner-upn.json',
    'android-work-profile-imei.json',
    'ios-user-legacy-san.json',
    'macos-device.json',
    'windows-device-cloud-pki.json',
    'windows-user-broken.json',
    'windows-user-healthy.json',
  ])('%s', (file) => {
    expect(lintAll(graph(file))).toMatchSnapshot();
  });

  it.each(['Contoso Wi-Fi users (Windows)', 'Contoso VPN users (iOS)'])('device-configurations-list.json: %s', (name) => {
    expect(lintAll(graph('device-configurations-list.json', name))).toMatchSnapshot();
  });

  it('a profile with nothing configured', () => {
    expect(lintAll(flags({ subject: undefined, san: undefined, validity: undefined, renewalThreshold: undefined, keySize: undefined, keyUsage: undefined, hash: undefined, eku: undefined }))).toMatchSnapshot();
  });
});
