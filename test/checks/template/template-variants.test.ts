import { describe, expect, it } from 'vitest';
import clientAuthEku from '../../../src/checks/template/client-auth-eku.js';
import nonRepudiation from '../../../src/checks/template/non-repudiation.js';
import publishToAd from '../../../src/checks/template/publish-to-ad.js';
import schemaVersion from '../../../src/checks/template/schema-version.js';
import subjectSupplied from '../../../src/checks/template/subject-supplied.js';
import validityPeriod from '../../../src/checks/template/validity-period.js';
import type { CertTemplate } from '../../../src/parse/certutil-dstemplate.js';
import { shown } from '../example-outcomes.js';
import { facts, HEALTHY, run } from '../mscep/mscep-fixture-facts.js';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const ANY_PURPOSE = '2.5.29.37.0';
/** The healthy IntuneSCEP template from the certutil dump with some attributes changed, as AD could hold them. */
function withTemplate(change: Partial<CertTemplate>) {
  const f = facts(HEALTHY).scepTemplates;
  return { scepTemplates: { ...f, refs: f.refs.map((r) => ({ ...r, template: r.template && { ...r.template, ...change } })) } };
}
const ok = <T>(value: T, attribute = 'x') => ({ status: 'ok' as const, value, attribute, raw: String(value) });
const invalid = (attribute: string) => ({ status: 'invalid' as const, attribute, raw: '??', reason: 'not a number' });
const absent = { status: 'absent' as const };

describe('NDES-TPL-003: where the EKUs come from, and each verdict', () => {
  it('takes the application policies when there are some, else the version 1 EKUs', () => {
    expect(run(clientAuthEku, withTemplate({ applicationPolicies: ok([]), ekus: ok([CLIENT_AUTH]) })).status).toBe('pass');
    expect(run(clientAuthEku, withTemplate({ applicationPolicies: absent, ekus: ok([CLIENT_AUTH]) })).status).toBe('pass');
    expect(run(clientAuthEku, withTemplate({ applicationPolicies: ok(['1.3.6.1.5.5.7.3.1']), ekus: ok([CLIENT_AUTH]) })).status).toBe('fail');
  });

  it('warns on Any Purpose, fails on none at all, and errors on an unreadable list', () => {
    expect(shown(run(clientAuthEku, withTemplate({ applicationPolicies: ok([ANY_PURPOSE]) })))).toMatchSnapshot();
    expect(shown(run(clientAuthEku, withTemplate({ applicationPolicies: absent, ekus: absent })))).toMatchSnapshot();
    expect(shown(run(clientAuthEku, withTemplate({ applicationPolicies: absent, ekus: invalid('pKIExtendedKeyUsage') })))).toMatchSnapshot();
  });
});

describe('the other template rules on each state of their attribute', () => {
  it.each([
    ['NDES-TPL-004 non-repudiation', nonRepudiation, [{ keyUsage: absent }, { keyUsage: invalid('pKIKeyUsage') }, { keyUsage: ok(0xa0) }, { keyUsage: ok(0xe0) }]],
    ['NDES-TPL-001 schema version', schemaVersion, [{ schemaVersion: ok(1) }, { schemaVersion: ok(2) }, { schemaVersion: absent }, { schemaVersion: invalid('msPKI-Template-Schema-Version') }]],
    ['NDES-TPL-006 validity', validityPeriod, [{ validity: ok({ text: '5 Days', days: 5 }) }, { validity: ok({ text: '4 Days', days: 4 }) }, { validity: absent }]],
    ['NDES-TPL-002 subject supplied', subjectSupplied, [{ subjectNameFlags: ok(1) }, { subjectNameFlags: ok(0) }, { subjectNameFlags: absent }]],
    ['NDES-TPL-005 publish to AD', publishToAd, [{ enrollmentFlags: ok(0x8) }, { enrollmentFlags: ok(0x1) }, { enrollmentFlags: ok(0x9) }, { enrollmentFlags: absent }]],
  ] as const)('%s', (_name, check, changes) => {
    expect(changes.map((c) => shown(run(check, withTemplate(c as Partial<CertTemplate>))))).toMatchSnapshot();
  });
});
