import { defineCheck } from '../../engine/check.js';
import { fail, pass } from '../../engine/outcome.js';
import { SAN_LABELS } from '../../parse/scep-profile.js';
import { DOCS, profileTexts, sourceOf, withField } from './common.js';
import { closestVariable, SID_VARIABLE } from './variables.js';

const FORBIDDEN = /[{}|;]/g;

export default defineCheck({
  id: 'NDES-PRF-005',
  slug: 'profile-san-attributes',
  area: 'profile',
  title: 'Subject alternative names use attributes and variables allowed for the certificate type, with no { } | ; in static text',
  severity: 'high',
  requires: ['profile'],
  run: ({ profile }) =>
    withField(profile, profile.sans, 'subject alternative names', (sans) => {
      const evidence = {
        expected: `${Object.values(SAN_LABELS).slice(0, 4).join(', ')} values made of known variables and static text without { } | ;`,
        actual: sans.length ? sans.map((s) => `${s.type}=${s.value || '(empty)'}`).join('; ') : 'none',
        source: sourceOf(profile, profile.sans),
      };
      if (sans.length === 0) return pass('The profile adds no subject alternative name.', evidence);
      const certType = profile.certType.status === 'ok' ? profile.certType.value : undefined;
      const findings: string[] = [];
      for (const t of profileTexts(profile).filter((x) => x.san)) {
        const at = `${t.place} "${t.text}"`;
        if (!t.text) {
          findings.push(`${t.place} has no value.`);
          continue;
        }
        // A custom Entra attribute is an attribute name, not a {{variable}} template.
        if (t.san!.type === 'aad-attribute') continue;
        for (const use of t.uses) {
          if (!use.variable) {
            const near = closestVariable(use.name);
            findings.push(`${at}: ${use.written} is not a variable Intune knows${near ? ` (did you mean {{${near.name}}}?)` : ''}.`);
          } else if (use.variable.name === SID_VARIABLE && t.san!.type !== 'uri') {
            findings.push(`${at}: ${use.written} only works with the URI attribute.`);
          } else if (use.variable.scope === 'user' && certType === 'device') {
            findings.push(`${at}: ${use.written} is a user attribute; a device certificate can only contain device attributes.`);
          }
        }
        const bad = [...new Set(t.staticText.match(FORBIDDEN) ?? [])];
        if (bad.length) findings.push(`${at}: the static text contains ${bad.join(' ')}, which Intune does not accept in a SAN.`);
      }
      if (findings.length > 0) {
        return fail(
          `${findings.join(' ')} Devices cannot get a certificate from this profile.`,
          {
            text:
              'Edit the subject alternative names: write variables as {{Name}} from Microsoft\'s list, keep curly brackets, pipes and semicolons out of the static text, ' +
              'use only device variables in a device certificate, and put {{OnPremisesSecurityIdentifier}} only in a URI attribute.',
            docs: DOCS.profile,
          },
          evidence,
        );
      }
      return pass(`${sans.length} subject alternative name(s), all with known variables and clean static text: ${evidence.actual}.`, evidence);
    }),
});
