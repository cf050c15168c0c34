import { describe, expect, it } from 'vitest';
import { findTemplateByName, parseCertutilTemplates } from '../../src/parse/certutil-dstemplate.js';
import { realText } from '../helpers/real.js';

describe('certutil -v -dstemplate, the example Microsoft publishes in [MS-CRTD] section 3', () => {
  const templates = parseCertutilTemplates(realText('certutil/ms-crtd-3-dstemplate-administrator.txt'));

  it('finds exactly the one template, by its cn', () => {
    expect(templates.map((t) => [t.name, t.displayName, t.view])).toEqual([['Administrator', 'Administrator', 'ldap']]);
  });

  it('reads the attributes the checks use, whatever footnote marks and wrapped lines surround them', () => {
    const t = findTemplateByName(templates, 'administrator')!;
    // A negative signed 32-bit value, read as the unsigned flags it is.
    expect(t.subjectNameFlags).toMatchObject({ status: 'ok', value: 0xa6000000 });
    expect(t.enrollmentFlags).toMatchObject({ status: 'ok', value: 41 });
    expect(t.keyUsage).toMatchObject({ status: 'ok', value: 0xa0 });
    expect(t.validity).toMatchObject({ status: 'ok', value: { text: '1 year', days: 365 } });
    expect(t.ekus).toMatchObject({
      status: 'ok',
      value: ['1.3.6.1.4.1.311.10.3.1', '1.3.6.1.4.1.311.10.3.4', '1.3.6.1.5.5.7.3.4', '1.3.6.1.5.5.7.3.2'],
    });
  });

  it('says absent, not a guess, for what the example does not print', () => {
    const t = templates[0]!;
    expect(t.schemaVersion).toEqual({ status: 'absent' });
    expect(t.applicationPolicies).toEqual({ status: 'absent' });
    expect(t.securityDescriptor).toEqual({ status: 'absent' });
  });
});
