import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  findTemplateByDisplayName,
  findTemplateByName,
  parseCertutilTemplates,
  TemplateParseError,
  type CertTemplate,
  type TemplateValue,
} from '../../src/parse/certutil-dstemplate.js';
import { decodeText } from '../../src/parse/text.js';

const bytes = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/certutil/${name}`, import.meta.url)));
const parse = (name: string, codePage?: number) => parseCertutilTemplates(decodeText(bytes(name), codePage));

function ok<T>(v: TemplateValue<T>): T {
  expect(v.status, JSON.stringify(v)).toBe('ok');
  return (v as { value: T }).value;
}

function get(templates: CertTemplate[], name: string): CertTemplate {
  const t = findTemplateByName(templates, name);
  expect(t, name).toBeDefined();
  return t!;
}

describe('certutil -v -dstemplate (LDAP attribute view)', () => {
  const templates = parse('dstemplate-en.txt');

  it('reads every template block of a CRLF dump, named by cn', () => {
    expect(bytes('dstemplate-en.txt').includes(13)).toBe(true);
    expect(templates.map((t) => t.name)).toEqual(['CEPEncryption', 'EnrollmentAgentOffline', 'IPSECIntermediateOffline', 'IntuneSCEP', 'LegacySCEP', 'WebServer']);
    expect(templates.every((t) => t.view === 'ldap')).toBe(true);
  });

  it('reads the attributes of a well-built SCEP template', () => {
    const t = get(templates, 'intunescep');
    expect(t.displayName).toBe('Intune SCEP');
    expect(ok(t.schemaVersion)).toBe(2);
    expect(ok(t.subjectNameFlags)).toBe(1);
    expect(ok(t.enrollmentFlags)).toBe(0);
    expect(ok(t.ekus)).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(ok(t.applicationPolicies)).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(ok(t.keyUsage)).toBe(0xa0);
    expect(ok(t.keySpec)).toBe(1);
    expect(ok(t.validity)).toEqual({ text: '1 year', days: 365, months: 12 });
  });

  it('reads a negative name flag as unsigned and finds the publish and non-repudiation bits', () => {
    const t = get(templates, 'LegacySCEP');
    expect(ok(t.subjectNameFlags)).toBe(0xa6000000);
    expect(ok(t.subjectNameFlags) & 1).toBe(0);
    expect(ok(t.enrollmentFlags)).toBe(0x29);
    expect(ok(t.keyUsage) & 0x40).toBe(0x40);
    expect(ok(t.ekus)).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(ok(t.validity).days).toBe(2);
  });

  it('reads the security descriptor from its SDDL, not from the decoded lines after it', () => {
    const sd = ok(get(templates, 'IntuneSCEP').securityDescriptor);
    expect(sd.owner).toBe('S-1-5-21-3623811015-3361044348-30300820-519');
    expect(sd.dacl[0]).toEqual({
      type: 'OA', flags: '', mask: 0x100, objectType: '0e10c968-78fb-11d2-90d4-00c04f79dc55', trustee: 'S-1-5-21-3623811015-3361044348-30300820-1113',
    });
    expect(sd.dacl.map((a) => a.trustee)).toContain('DA');
    // LegacySCEP's SDDL denies the Enroll right to the same SID, as its decoded lines say.
    expect(ok(get(templates, 'LegacySCEP').securityDescriptor).dacl[0]).toMatchObject({ type: 'OD', objectType: '0e10c968-78fb-11d2-90d4-00c04f79dc55' });
    // The stock templates in this dump carry no descriptor.
    expect(get(templates, 'WebServer').securityDescriptor.status).toBe('absent');
  });

  it('finds a template by display name, ignoring case', () => {
    expect(findTemplateByDisplayName(templates, 'ipsec (OFFLINE request)')?.name).toBe('IPSECIntermediateOffline');
    expect(findTemplateByDisplayName(templates, 'IntuneSCEP')).toBeUndefined();
  });
});

describe('localized (Italian) console output in code page 850', () => {
  const templates = parse('dstemplate-it-cp850.txt', 850);

  it('decodes the display name and reads values whatever the labels say', () => {
    expect(bytes('dstemplate-it-cp850.txt').includes(0x85)).toBe(true); // "à" in CP850
    const t = get(templates, 'IntuneSCEP');
    expect(t.displayName).toBe('Identità dispositivi SCEP');
    expect(ok(t.applicationPolicies)).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(ok(t.schemaVersion)).toBe(2);
    expect(ok(t.validity)).toEqual({ text: '1 year', days: 365, months: 12 });
  });

  it('reads the SDDL whatever language the decoded permission lines are in', () => {
    expect(ok(get(templates, 'IntuneSCEP').securityDescriptor).dacl[0]).toMatchObject({ type: 'OA', mask: 0x100 });
  });
});

describe('certutil -v -template (CertEnroll view)', () => {
  const templates = parse('template-en.txt');

  it('reads TemplateProp properties with hex-first numbers', () => {
    expect(templates.map((t) => t.name)).toEqual(['IntuneSCEP', 'LegacySCEP']);
    const t = get(templates, 'IntuneSCEP');
    expect(t.view).toBe('certenroll');
    expect(t.displayName).toBe('Intune SCEP');
    expect(ok(t.schemaVersion)).toBe(2);
    expect(ok(t.subjectNameFlags)).toBe(1);
    expect(ok(t.ekus)).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(ok(t.keyUsage)).toBe(0xa0);
    expect(ok(t.validity).days).toBe(365);
    expect(ok(t.securityDescriptor).dacl.map((a) => `${a.type} ${a.trustee}`)).toEqual([
      'OA S-1-5-21-3623811015-3361044348-30300820-1113',
      'A S-1-5-21-3623811015-3361044348-30300820-1113',
      'A DA',
      'A AU',
    ]);
  });

  it('takes the decimal in parentheses and the key usage from the 2.5.29.15 extension', () => {
    const t = get(templates, 'LegacySCEP');
    expect(ok(t.enrollmentFlags)).toBe(41);
    expect(ok(t.subjectNameFlags) >>> 0).toBe(0xa6000000);
    expect(ok(t.keyUsage)).toBe(0xe0);
    expect(ok(t.validity)).toEqual({ text: '2 days', days: 2 });
    expect(t.applicationPolicies.status).toBe('absent');
  });

  it('reads the key usage from the extension only: property 23 holds CNG key usages, and the key spec when printed', () => {
    const text = decodeText(bytes('template-en.txt')).replace(
      '  TemplatePropEnrollmentFlags = 0\n',
      '  TemplatePropKeySpec = 2\n\n  TemplatePropKeyUsage = ffffff (16777215)\n\n  TemplatePropEnrollmentFlags = 0\n',
    );
    const t = get(parseCertutilTemplates(text), 'IntuneSCEP');
    expect(ok(t.keyUsage)).toBe(0xa0);
    expect(ok(t.keySpec)).toBe(2);
    expect(get(templates, 'IntuneSCEP').keySpec.status).toBe('absent');
  });
});

describe('certutil -dstemplate INF form', () => {
  it('skips the [Version] and [TemplateList] sections', () => {
    const templates = parse('dstemplate-inf.txt');
    expect(templates.map((t) => t.name)).toEqual(['IntuneSCEP']);
    expect(ok(templates[0]!.subjectNameFlags)).toBe(1);
    expect(ok(templates[0]!.ekus)).toEqual(['1.3.6.1.5.5.7.3.2']);
  });

  it('reads the descriptor, which the INF form has as SDDL only', () => {
    expect(ok(parse('dstemplate-inf.txt')[0]!.securityDescriptor).dacl).toHaveLength(3);
  });
});

describe('adversarial dumps', () => {
  it('a dump cut short leaves the missing attributes absent, not guessed', () => {
    const t = get(parse('dstemplate-truncated.txt'), 'IntuneSCEP');
    expect(ok(t.keyUsage)).toBe(0xa0);
    expect(t.enrollmentFlags.status).toBe('absent');
    expect(t.schemaVersion.status).toBe('absent');
    expect(t.applicationPolicies.status).toBe('absent');
  });

  it('marks unexpected values invalid with the reason', () => {
    const t = get(parse('dstemplate-unknown-values.txt'), 'OddSCEP');
    expect(t.schemaVersion).toMatchObject({ status: 'invalid', attribute: 'msPKI-Template-Schema-Version' });
    expect(t.keyUsage).toMatchObject({ status: 'invalid' });
    expect(t.validity).toMatchObject({ status: 'invalid', reason: expect.stringContaining('Fortnights') });
  });

  it('reads the raw FILETIME interval form of the period', () => {
    const [t] = parseCertutilTemplates('[X]\n cn = "X"\n pKIExpirationPeriod = "00 80 72 0e 5d c2 fd ff"\n');
    expect(ok(t!.validity).days).toBeCloseTo(730, 5);
  });

  it('names the period in English whatever the language certutil used, singular for one', () => {
    const text = (period: string) => ok(parseCertutilTemplates(`[X]\n cn = "X"\n pKIExpirationPeriod = ${period}\n`)[0]!.validity).text;
    expect(text('"2 Wochen"')).toBe('2 weeks');
    expect(text('"1 Mois"')).toBe('1 month');
    expect(text('"6 Stunden"')).toBe('6 hours');
    expect(text('"1 Days"')).toBe('1 day');
    expect(text('"00 40 96 d5 36 ff ff ff"')).toBe('1 day');
    expect(text('"00 80 72 0e 5d c2 fd ff"')).toBe('730 days');
  });

  it('reports certutil\'s own failure line', () => {
    expect(() => parse('dstemplate-failed.txt')).toThrow(/0x8007054b/);
  });

  it('refuses text with no template in it', () => {
    expect(() => parseCertutilTemplates('hello\r\nworld\r\n')).toThrow(TemplateParseError);
    expect(() => parseCertutilTemplates('')).toThrow(/no certificate template found/);
  });
});
