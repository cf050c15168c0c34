import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/browser/ie-esc-administrators.js';
import { absentRegistryFact, registryFactFromFixture, runCheck } from '../fixture-facts.js';
import { cmd } from '../../../src/engine/outcome.js';

const run = (fact: ReturnType<typeof absentRegistryFact>) => runCheck(check, { ieEscAdmins: fact });

describe('NDES-IE-001 ie-esc-administrators', () => {
  it('passes when the component key is absent', async () => {
    const o = await run(absentRegistryFact('ieEscAdmins'));
    expect(o).toMatchObject({ status: 'pass', evidence: { actual: 'key absent' } });
  });

  it('passes when IsInstalled is 0', async () => {
    const o = await run(registryFactFromFixture('ieEscAdmins', 'ie-esc-admins-off.reg'));
    expect(o).toMatchObject({ status: 'pass', evidence: { actual: '0 (0x0) REG_DWORD' } });
  });

  it('passes when IsInstalled is 0 in French reg query output', async () => {
    expect((await run(registryFactFromFixture('ieEscAdmins', 'query-fr-cp850.txt'))).status).toBe('pass');
  });

  it('fails when IsInstalled is 1, with the command that turns it off', async () => {
    const o = await run(registryFactFromFixture('ieEscAdmins', 'ie-esc-admins-on.reg'));
    expect(o.status).toBe('fail');
    expect(o.evidence?.actual).toBe('1 (0x1) REG_DWORD');
    if (o.status !== 'fail') return;
    expect(o.remediation.commands?.[0]).toEqual(
      cmd('reg add "HKLM\\SOFTWARE\\Microsoft\\Active Setup\\Installed Components\\{A509B1A7-37EF-4b3f-8CFC-4F3A74704073}" /v IsInstalled /t REG_DWORD /d 0 /f'),
    );
  });
});
