import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/profile/key-usage.js';
import { flags, lint } from './profile-facts.js';

describe('NDES-PRF-009 profile-key-usage', () => {
  it('names the MSCEP value each key usage selects', () => {
    const value = (keyUsage: string) => lint(check, flags({ keyUsage })).message.match(/MSCEP\\(\w+)/)?.[1];
    expect(value('digital-signature')).toBe('SignatureTemplate');
    expect(value('key-encipherment')).toBe('EncryptionTemplate');
    expect(value('digital-signature,key-encipherment')).toBe('GeneralPurposeTemplate');
  });

  it('fails a profile with no key usage selected', () => {
    const profile = { ...flags(), keyUsage: { status: 'ok' as const, from: 'keyUsage', value: { digitalSignature: false, keyEncipherment: false } } };
    expect(lint(check, profile)).toMatchObject({ status: 'fail', message: expect.stringMatching(/no template to issue from/) });
  });

  it('skips when the flag was not given', () => {
    expect(lint(check, flags({ keyUsage: undefined })).status).toBe('skip');
  });
});
