import { defineCheck } from '../../engine/check.js';
import { pass } from '../../engine/outcome.js';
import { DOCS, profileTexts, unreadableTexts } from './common.js';

export default defineCheck({
  id: 'NDES-PRF-004',
  slug: 'profile-device-variables-spoofable',
  area: 'profile',
  title: 'Device-reported values in the certificate (information: they can be spoofed)',
  severity: 'info',
  requires: ['profile'],
  run({ profile }) {
    const texts = profileTexts(profile);
    if (!texts.length) return { status: 'skip', skipReason: 'no-data', message: 'The profile sets no subject or subject alternative name that could be read; nothing to check.' };
    const reported = [...new Set(texts.flatMap((t) => t.uses.flatMap((u) => (u.variable?.deviceReported ? [u.variable] : []))))];
    const evidence = {
      expected: 'identities that the device cannot choose, or a relying party that does not trust device-reported values alone',
      actual: reported.length ? reported.map((v) => `{{${v.name}}}`).join(', ') : 'none',
      source: `${profile.origin}: subject and subject alternative names`,
      details: { docs: DOCS.profile },
    };
    const unread = unreadableTexts(profile);
    if (unread) return unread;
    // Information only: a finding here never changes the exit code, so it is reported as a pass with a note.
    if (reported.length === 0) return pass('The certificate carries no value that the device reports about itself.', evidence);
    return pass(
      `Note: ${reported.map((v) => `{{${v.name}}} (${v.holds})`).join(', ')} ${reported.length > 1 ? 'are' : 'is'} reported by the device, so someone with access to the device can change ${reported.length > 1 ? 'them' : 'it'}. ` +
        'Do not let a RADIUS/NPS policy or an application authorize on these values alone; prefer {{AAD_Device_ID}} or {{DeviceId}}, which Microsoft Entra ID and Intune assign.',
      evidence,
    );
  },
});
