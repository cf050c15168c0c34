import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/profile/device-variables-spoofable.js';
import { flags, graph, lint } from './profile-facts.js';

describe('NDES-PRF-004 profile-device-variables-spoofable', () => {
  it('is information only: severity info, and a pass that names the device-reported values', () => {
    expect(check.severity).toBe('info');
    const o = lint(check, graph('macos-device.json'));
    expect(o.status).toBe('pass');
    expect(o.message).toMatch(/^Note: \{\{DeviceName\}\} \(the device name\), \{\{SerialNumber\}\} \(the serial number\) are reported by the device/);
    expect(o.evidence?.actual).toBe('{{DeviceName}}, {{SerialNumber}}');
  });

  it('says nothing to note when only Entra and Intune assigned values are used', () => {
    const o = lint(check, flags({ certType: 'device', subject: 'CN={{AAD_Device_ID}}', san: ['uri=IntuneDeviceId://{{DeviceId}}'] }));
    expect(o).toMatchObject({ status: 'pass', message: 'The certificate carries no value that the device reports about itself.' });
  });

  it('skips a profile with no subject or SAN', () => {
    expect(lint(check, flags({ subject: undefined, san: [] })).status).toBe('skip');
  });
});
