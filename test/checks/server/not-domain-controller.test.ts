import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/server/not-domain-controller.js';
import { factFrom, runCheck } from '../host-facts.js';

const run = (fixture: string) => runCheck(check, { serverSystem: factFrom('serverSystem', { 'server.system': `powershell/${fixture}` }) });

describe('NDES-SRV-003 not-domain-controller', () => {
  it('passes for a member server (DomainRole 3)', async () => {
    expect((await run('system-2022-member.json')).status).toBe('pass');
  });

  it('fails for a domain controller (DomainRole 5, ProductType 2)', async () => {
    expect(await run('system-2019-dc.json')).toMatchObject({ status: 'fail', evidence: { actual: 'DomainRole 5, ProductType 2' } });
  });
});
