import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/server/domain-joined.js';
import { factFrom, runCheck } from '../host-facts.js';

const run = (fixture: string) => runCheck(check, { serverSystem: factFrom('serverSystem', { 'server.system': `powershell/${fixture}` }) });

describe('NDES-SRV-002 domain-joined', () => {
  it('passes for a domain member', async () => {
    expect(await run('system-2022-member.json')).toMatchObject({ status: 'pass', evidence: { actual: 'PartOfDomain = True (contoso.com)' } });
  });

  it('fails for a workgroup machine and names the workgroup', async () => {
    expect(await run('system-client-de.json')).toMatchObject({ status: 'fail', message: expect.stringContaining('ARBEITSGRUPPE') });
  });
});
