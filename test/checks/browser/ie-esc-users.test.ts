import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/browser/ie-esc-users.js';
import { absentRegistryFact, editedRegistryFact, registryFactFromFixture, runCheck } from '../fixture-facts.js';

const run = (fact: ReturnType<typeof absentRegistryFact>) => runCheck(check, { ieEscUsers: fact });

describe('NDES-IE-002 ie-esc-users', () => {
  it('passes when the component key is absent', async () => {
    expect(await run(absentRegistryFact('ieEscUsers'))).toMatchObject({ status: 'pass', evidence: { actual: 'key absent' } });
  });

  it('passes when IsInstalled is 0', async () => {
    expect((await run(registryFactFromFixture('ieEscUsers', 'ie-esc-users-off.reg'))).status).toBe('pass');
  });

  it('warns when the key exists without an IsInstalled value', async () => {
    const o = await run(editedRegistryFact('ieEscUsers', 'ie-esc-users-on.reg', (t) => t.replace('"IsInstalled"=', '"Unrelated"=')));
    expect(o).toMatchObject({ status: 'warn', evidence: { actual: 'IsInstalled absent' } });
  });

  it('warns (not fails) when IsInstalled is 1', async () => {
    const o = await run(registryFactFromFixture('ieEscUsers', 'ie-esc-users-on.reg'));
    expect(o.status).toBe('warn');
    if (o.status !== 'warn') return;
    expect(o.remediation.commands?.[0]?.text).toContain('{A509B1A8-37EF-4b3f-8CFC-4F3A74704073}" /v IsInstalled /t REG_DWORD /d 0 /f');
  });

  it('warns in words for users, and its remediation names the users setting', async () => {
    const o = await run(registryFactFromFixture('ieEscUsers', 'ie-esc-users-on.reg'));
    expect(o.message).toBe('IE Enhanced Security Configuration is on for users; turn it off if the connector is configured by a non-administrator.');
    if (o.status !== 'warn') return;
    expect(o.remediation.text).toMatch(/^Turn off IE Enhanced Security Configuration for users: /);
  });

  it('passes off for users in words for users', async () => {
    expect((await run(registryFactFromFixture('ieEscUsers', 'ie-esc-users-off.reg'))).message).toBe('IE Enhanced Security Configuration is off for users.');
  });
});
