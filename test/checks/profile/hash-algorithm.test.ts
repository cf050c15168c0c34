import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/profile/hash-algorithm.js';
import { flags, graph, lint } from './profile-facts.js';

describe('NDES-PRF-012 profile-hash-algorithm', () => {
  it('passes SHA-2 and fails SHA-1 alone', () => {
    expect(lint(check, flags({ hash: 'sha2' })).status).toBe('pass');
    expect(lint(check, flags({ hash: 'sha1' }))).toMatchObject({ status: 'fail', evidence: { actual: 'SHA-1' } });
  });

  it('warns about SHA-1 beside SHA-2 except where Android picks SHA-2 itself', () => {
    expect(lint(check, flags({ hash: 'sha1,sha2' }))).toMatchObject({ status: 'warn', severity: 'low' });
    expect(lint(check, flags({ platform: 'android', hash: 'sha1,sha2' })).status).toBe('warn');
    expect(lint(check, graph('android-device-owner-upn.json'))).toMatchObject({ status: 'pass', message: expect.stringMatching(/ignore SHA-1 and use SHA-2/) });
  });

  // Microsoft: "Android AOSP and Android Enterprise devices will select the strongest algorithm supported -
  // SHA-1 will be ignored, and SHA-2 will be used instead." Device administrator is not among them.
  it.each(['android-work-profile', 'android-device-owner', 'android-aosp'])('passes SHA-1 alone on %s, which uses SHA-2 instead', (platform) => {
    expect(lint(check, flags({ platform, hash: 'sha1' }))).toMatchObject({ status: 'pass', message: expect.stringMatching(/selects SHA-1; .*use SHA-2/) });
  });

  it('fails SHA-1 alone on Android device administrator and Windows, which use what the profile says', () => {
    expect(lint(check, flags({ platform: 'android', hash: 'sha1' })).status).toBe('fail');
    expect(lint(check, flags({ platform: 'windows', hash: 'sha1' })).status).toBe('fail');
  });

  it('does not apply to iOS/iPadOS and macOS', () => {
    expect(lint(check, flags({ platform: 'ios', hash: 'sha1' }))).toMatchObject({ status: 'skip', skipReason: 'not-applicable' });
  });
});
