import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/profile/key-size.js';
import type { ScepProfile } from '../../../src/parse/scep-profile.js';
import { flags, graph, lint } from './profile-facts.js';

const withKsp = (bits: string, ksp: string): ScepProfile => ({ ...flags({ keySize: bits }), keyStorageProvider: { status: 'ok', from: 'keyStorageProvider', value: ksp } });

describe('NDES-PRF-011 profile-key-size', () => {
  it('fails 1024 bits and passes 2048', () => {
    expect(lint(check, flags({ keySize: '1024' }))).toMatchObject({ status: 'fail', message: expect.stringMatching(/1024-bit RSA keys/) });
    expect(lint(check, flags({ keySize: '2048' })).status).toBe('pass');
  });

  it('fails 4096 bits where the key storage cannot hold them, warns where it falls back', () => {
    expect(lint(check, withKsp('4096', 'useTpmKspOtherwiseFail'))).toMatchObject({ status: 'fail', message: expect.stringMatching(/cannot be stored in the TPM/) });
    expect(lint(check, withKsp('4096', 'usePassportForWorkKspOtherwiseFail'))).toMatchObject({ status: 'fail', message: expect.stringMatching(/Windows Hello for Business/) });
    expect(lint(check, withKsp('4096', 'useTpmKspOtherwiseUseSoftwareKsp'))).toMatchObject({ status: 'warn', severity: 'low' });
    expect(lint(check, withKsp('4096', 'useSoftwareKsp')).status).toBe('pass');
    expect(lint(check, withKsp('2048', 'useTpmKspOtherwiseFail')).status).toBe('pass');
  });

  it('notes the OS versions Apple devices need for 4096 bits', () => {
    expect(lint(check, graph('macos-device.json'))).toMatchObject({ status: 'pass', message: 'The profile asks for 4096-bit keys (4096-bit keys need iOS/iPadOS 14 or macOS 11 and later).' });
  });

  it('skips "Not configured"', () => {
    expect(lint(check, flags({ keySize: undefined })).status).toBe('skip');
  });
});
