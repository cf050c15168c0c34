import { describe, expect, it } from 'vitest';
import check, { splitRdns } from '../../../src/checks/profile/subject-escaped-characters.js';
import { flags, graph, lint } from './profile-facts.js';

describe('splitRdns', () => {
  it('splits at , ; + outside quotes and keeps backslash escapes in the value', () => {
    expect(splitRdns('CN="Doe, Jane";OU=Sales+O=Contoso,DC=x\\,y').map((r) => [r.key, r.value, r.quoted])).toEqual([
      ['CN', '"Doe, Jane"', true],
      ['OU', 'Sales', false],
      ['O', 'Contoso', false],
      ['DC', 'x\\,y', false],
    ]);
  });
});

describe('NDES-PRF-002 profile-subject-escaped-characters', () => {
  it('fails the escaped comma of Microsoft\'s example and shows the quoted workaround', () => {
    const o = lint(check, graph('windows-user-broken.json'));
    expect(o.status).toBe('fail');
    expect(o.message).toMatch(/^CN=Test User \(TestCompany\\, LLC\) escapes \\, with a backslash: .*"Subject Name in CSR and challenge do not match"/);
    if (o.status !== 'fail') return;
    expect(o.remediation.text).toContain('CN="Test User (TestCompany, LLC)",OU={UserAccounts},DC={{Domian}},DC=com');
    expect(o.remediation.docs).toMatch(/#avoid-certificate-signing-requests-with-escaped-special-characters$/);
  });

  it('fails each of \\+ \\; \\= too', () => {
    for (const c of ['+', ';', '=']) {
      const o = lint(check, flags({ subject: `CN=Sales \\${c} Marketing {{UserName}},O=Contoso` }));
      expect(o.status, c).toBe('fail');
      if (o.status === 'fail') expect(o.remediation.text, c).toContain(`CN="Sales ${c} Marketing {{UserName}}",O=Contoso`);
    }
  });

  it('passes the same CN in quotes, and an escape outside the CN', () => {
    expect(lint(check, flags({ subject: 'CN="Test User (TestCompany, LLC)",OU=Users' })).status).toBe('pass');
    expect(lint(check, flags({ subject: 'CN={{UserName}},O=Smith\\, Jones and Partners' })).status).toBe('pass');
  });

  it('fails an unquoted {{OnPrem_Distinguished_Name}} CN and passes the quoted one', () => {
    const o = lint(check, flags({ subject: 'CN={{OnPrem_Distinguished_Name}}' }));
    expect(o.status).toBe('fail');
    expect(o.message).toMatch(/always contains commas/);
    if (o.status === 'fail') expect(o.evidence?.details).toEqual({ workaround: 'CN="{{OnPrem_Distinguished_Name}}"' });
    expect(lint(check, flags({ subject: 'CN="{{OnPrem_Distinguished_Name}}"' })).status).toBe('pass');
  });

  it('says when there is no CN at all', () => {
    expect(lint(check, flags({ subject: 'E={{EmailAddress}}' }))).toMatchObject({ status: 'pass', message: '"E={{EmailAddress}}" has no CN to examine.' });
  });
});
