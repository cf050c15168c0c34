import { defineCheck } from '../../engine/check.js';
import { fail, pass } from '../../engine/outcome.js';
import { DOCS, sourceOf, withField } from './common.js';
import { closestVariable, scanText, SID_VARIABLE, VARIABLES } from './variables.js';

export default defineCheck({
  id: 'NDES-PRF-001',
  slug: 'profile-subject-variables',
  area: 'profile',
  title: 'The subject name uses only variables Intune knows, allowed for the certificate type',
  severity: 'high',
  requires: ['profile'],
  run: ({ profile }) =>
    withField(profile, profile.subject, 'a subject name format', ({ text, implied, format }) => {
      const { uses, staticText } = scanText(text);
      const certType = profile.certType.status === 'ok' ? profile.certType.value : undefined;
      const findings: string[] = [];
      for (const use of uses) {
        if (!use.variable) {
          const near = closestVariable(use.name);
          findings.push(`${use.written} is not a variable Intune knows${near ? ` (did you mean {{${near.name}}}?)` : ''}.`);
        } else if (use.variable.name === SID_VARIABLE) {
          findings.push(`${use.written} only works in a URI subject alternative name, not in the subject.`);
        } else if (use.variable.scope === 'user' && certType === 'device') {
          findings.push(`${use.written} is a user attribute; a device certificate can only contain device attributes.`);
        }
      }
      const stray = [...staticText].filter((c) => c === '{' || c === '}').length;
      if (stray > 0) findings.push(`The static text "${staticText}" has ${stray} curly bracket(s) that do not enclose a variable, which Intune resolves to an error.`);
      const evidence = {
        expected: `{{Variable}} names from Microsoft's list${certType === 'device' ? ' of device variables' : ''}, no other curly brackets`,
        actual: implied ? `${format} (${text})` : text,
        source: sourceOf(profile, profile.subject),
        ...(certType === undefined && { details: { note: 'The certificate type is not known, so user variables were not checked against it.' } }),
      };
      if (findings.length > 0) {
        return fail(
          `Subject "${text}": ${findings.join(' ')} Devices cannot get a certificate from this profile.`,
          {
            text:
              "Edit the subject name format so that every variable is written {{Name}} with a name from Microsoft's list, and remove other curly brackets. " +
              `Device certificates take only device variables. Known variables: ${VARIABLES.map((v) => `{{${v.name}}}`).join(', ')}.`,
            docs: DOCS.profile,
          },
          evidence,
        );
      }
      const names = [...new Set(uses.map((u) => u.variable!.name))];
      return pass(names.length > 0 ? `Subject "${text}" uses known variables: ${names.join(', ')}.` : `Subject "${text}" has no variables, only static text.`, evidence);
    }),
});
