import { defineCheck } from '../../engine/check.js';
import { notApplicable, pass, warn } from '../../engine/outcome.js';
import { DOCS, platformName, sourceOf, withField } from './common.js';
import { scanText, SID_VARIABLE } from './variables.js';

/** The SAN URI Intune writes when the profile's URI value holds the SID variable. */
export const SID_TAG = 'tag:microsoft.com,2022-09-14:sid:';

export default defineCheck({
  id: 'NDES-PRF-006',
  slug: 'profile-strong-mapping-sid',
  area: 'profile',
  title: 'User certificates carry the SID URI for strong certificate mapping (KB5014754)',
  severity: 'medium',
  requires: ['profile'],
  run({ profile }) {
    return withField(profile, profile.certType, 'the certificate type', (certType) => {
      const sans = profile.sans.status === 'ok' ? profile.sans.value : [];
      if (profile.sans.status === 'invalid') return { status: 'error', errorCode: 'E_FACT_MALFORMED', message: `${sourceOf(profile, profile.sans)} cannot be read (${profile.sans.reason}), so the SID URI cannot be looked for.` };
      const sidUris = sans.filter((s) => s.type === 'uri' && scanText(s.value).uses.some((u) => u.variable?.name === SID_VARIABLE));
      const evidence = {
        expected: `a URI subject alternative name with the value {{${SID_VARIABLE}}}, which Intune writes as ${SID_TAG}<SID>`,
        actual: sans.filter((s) => s.type === 'uri').map((s) => s.value).join('; ') || 'no URI subject alternative name',
        source: sourceOf(profile, profile.sans),
      };
      if (certType === 'device') {
        if (sidUris.length === 0) {
          return notApplicable(
            `Device certificate: Intune can add a device SID only for Microsoft Entra hybrid joined Windows devices${profile.platform === 'windows' ? '; if these devices are hybrid joined and authenticate to Active Directory (NPS), add a URI SAN with {{OnPremisesSecurityIdentifier}}' : ''}.`,
          );
        }
        if (profile.platform !== 'windows') {
          return warn(
            `The device certificate has a SID URI, but Intune supports the SID in device certificates only for Microsoft Entra hybrid joined Windows devices; on ${platformName(profile.platform)} it stays empty.`,
            { text: `For strong mapping on ${platformName(profile.platform)}, use a user certificate with the URI SAN {{OnPremisesSecurityIdentifier}}.`, docs: DOCS.strongMapping },
            evidence,
            'low',
          );
        }
        return pass('The device certificate carries the SID URI (it resolves on Microsoft Entra hybrid joined Windows devices whose SID is synced).', evidence);
      }
      if (sidUris.length === 0) {
        return warn(
          'The user certificate has no SID URI for strong mapping. Domain controllers that enforce KB5014754 (full enforcement) reject certificate logons without a strong mapping, so if these certificates authenticate to Active Directory (NPS for Wi-Fi or VPN, EAP-TLS) those logons fail.',
          {
            text:
              'Add a subject alternative name with attribute URI and value {{OnPremisesSecurityIdentifier}}; Intune writes it as ' +
              `${SID_TAG}<SID>. The users' SIDs must be synced from Active Directory by Microsoft Entra Connect, and the CA must have the KB5014754 update.`,
            docs: DOCS.strongMapping,
          },
          evidence,
        );
      }
      const typedTag = sidUris.some((s) => s.value.toLowerCase().includes(SID_TAG));
      return pass(
        'The user certificate carries the SID URI for strong mapping.' +
          (typedTag ? ` Microsoft documents the value as the bare {{${SID_VARIABLE}}} and Intune adds the tag itself; check once that an issued certificate reads ${SID_TAG}S-1-5-..., not the tag twice.` : ''),
        evidence,
      );
    });
  },
});
