import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/browser/ie-esc-administrators.js';
import { absentRegistryFact, editedRegistryFact, registryFactFromFixture, runCheck } from '../fixture-facts.js';
import { cmd, powershell } from '../../../src/engine/outcome.js';

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

  const KEY = 'HKLM\\SOFTWARE\\Microsoft\\Active Setup\\Installed Components\\{A509B1A7-37EF-4b3f-8CFC-4F3A74704073}';

  it('passes, saying what it read, when the key is absent', async () => {
    expect(await run(absentRegistryFact('ieEscAdmins'))).toMatchObject({
      status: 'pass',
      message: 'IE Enhanced Security Configuration for administrators is not installed on this server.',
      evidence: { expected: 'IsInstalled = 0 or the component absent', actual: 'key absent' },
    });
  });

  it('warns, not passes, when the key exists without an IsInstalled value: Active Setup reads that component as installed', async () => {
    const o = await run(editedRegistryFact('ieEscAdmins', 'ie-esc-admins-on.reg', (t) => t.replace('"IsInstalled"=', '"Unrelated"=')));
    expect(o).toMatchObject({ status: 'warn', evidence: { actual: 'IsInstalled absent', source: `${KEY}\\IsInstalled (registry/ie-esc-admins-on.reg)` } });
    expect(o.message).toMatch(/has no IsInstalled value, which Active Setup reads as installed: IE ESC may be on for administrators/);
    if (o.status !== 'warn') return;
    expect(o.remediation.commands?.[0]).toEqual(cmd(`reg add "${KEY}" /v IsInstalled /t REG_DWORD /d 0 /f`));
  });

  it('passes with IsInstalled 0, naming the value it read', async () => {
    const o = await run(registryFactFromFixture('ieEscAdmins', 'ie-esc-admins-off.reg'));
    expect(o).toMatchObject({
      status: 'pass',
      message: 'IE Enhanced Security Configuration is off for administrators.',
      evidence: { expected: 'IsInstalled = 0' },
    });
  });

  it('counts any non-DWORD IsInstalled as on (Active Setup reads only a DWORD 0 as off)', async () => {
    const o = await run(editedRegistryFact('ieEscAdmins', 'ie-esc-admins-on.reg', (t) => t.replace('"IsInstalled"=dword:00000001', '"IsInstalled"="0"')));
    expect(o).toMatchObject({ status: 'fail', evidence: { actual: '"0" REG_SZ' } });
  });

  it('fails with IsInstalled 2 too: any non-zero DWORD is on', async () => {
    const o = await run(editedRegistryFact('ieEscAdmins', 'ie-esc-admins-on.reg', (t) => t.replace('dword:00000001', 'dword:00000002')));
    expect(o.status).toBe('fail');
  });

  it('fails with the full remediation: both ways to turn it off, and why the connector needs it off', async () => {
    const o = await run(registryFactFromFixture('ieEscAdmins', 'ie-esc-admins-on.reg'));
    expect(o).toMatchObject({
      status: 'fail',
      message: 'IE Enhanced Security Configuration is on for administrators; the connector sign-in will fail.',
      evidence: { expected: 'IsInstalled = 0', actual: '1 (0x1) REG_DWORD', source: `${KEY}\\IsInstalled (registry/ie-esc-admins-on.reg)` },
    });
    if (o.status !== 'fail') return;
    expect(o.remediation).toEqual({
      text:
        'Turn off IE Enhanced Security Configuration for administrators: Server Manager > Local Server > IE Enhanced Security ' +
        'Configuration > Off, or set IsInstalled to 0 and sign out and in again (the second command instead restarts Explorer, ' +
        'closing its open windows). The Certificate Connector for Microsoft ' +
        'Intune signs in to Microsoft Entra ID through an embedded browser, and IE ESC blocks that sign-in page.',
      commands: [cmd(`reg add "${KEY}" /v IsInstalled /t REG_DWORD /d 0 /f`), powershell('Stop-Process -Name explorer -Force')],
      docs: 'https://learn.microsoft.com/intune/intune-service/protect/certificate-connector-prerequisites',
    });
  });
});
