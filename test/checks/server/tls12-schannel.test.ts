import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/server/tls12-schannel.js';
import { factFrom, runCheck } from '../host-facts.js';

const run = (ref: string) => runCheck(check, { schannelProtocols: factFrom('schannelProtocols', { 'server.schannel-protocols': ref }) });

describe('NDES-SRV-007 tls12-schannel', () => {
  it('passes when no TLS 1.2 values are set (OS default on)', async () => {
    expect(await run('registry/schannel-protocols-default.reg')).toMatchObject({ status: 'pass', evidence: { actual: expect.stringContaining('OS default') } });
  });

  it('passes when TLS 1.2 is explicitly enabled', async () => {
    expect((await run('registry/schannel-protocols-explicit.reg')).status).toBe('pass');
  });

  it('fails on Enabled=0 and DisabledByDefault=1, but accepts Enabled=0xffffffff', async () => {
    const o = await run('registry/schannel-protocols-tls12-off.reg');
    expect(o.status).toBe('fail');
    expect(o.message).toContain('TLS 1.2\\Client\\Enabled = 0, TLS 1.2\\Client\\DisabledByDefault = 1.');
    expect(o.message).not.toContain('Server');
  });
});
