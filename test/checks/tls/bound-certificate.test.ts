import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/tls/bound-certificate.js';
import { binding, iis, netsh, run, store, thumbprintOf } from './tls-facts.js';
import { cmd } from '../../../src/engine/outcome.js';

const my = store('my-healthy.json');
const varied = store('my-varied.json');

describe('NDES-TLS-002 tls-bound-certificate', () => {
  it('passes when the bound certificate is in My with its private key', async () => {
    const hash = thumbprintOf(my, 'CN=ndes01.contoso.com');
    const o = await run(check, { iisConfig: iis([binding('*:443:')]), sslBindings: netsh([['0.0.0.0:443', hash]]), certStoreMy: my });
    expect(o.status).toBe('pass');
    expect(o.message).toContain(`CN=ndes01.contoso.com (${hash})`);
  });

  it('fails when the binding points at a thumbprint that is no longer in the store (renewed, not rebound)', async () => {
    const o = await run(check, {
      iisConfig: iis([binding('*:443:')]),
      sslBindings: netsh([['0.0.0.0:443', 'ffffffffffffffffffffffffffffffffffffffff']]),
      certStoreMy: my,
    });
    expect(o.status).toBe('fail');
    expect(o.message).toContain('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF, which is not in LocalMachine\\My');
  });

  it('fails a missing certificate on the 0.0.0.0 entry whatever order netsh lists it beside a good [::] entry', async () => {
    const good = thumbprintOf(my, 'CN=ndes01.contoso.com');
    const gone = 'ffffffffffffffffffffffffffffffffffffffff';
    for (const entries of [[['[::]:443', good], ['0.0.0.0:443', gone]], [['0.0.0.0:443', gone], ['[::]:443', good]]] as [string, string][][]) {
      const o = await run(check, { iisConfig: iis([binding('*:443:')]), sslBindings: netsh(entries), certStoreMy: my });
      expect(o.status).toBe('fail');
      expect(o.message).toContain('FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF, which is not in LocalMachine\\My');
    }
  });

  it('reports an error, not a verdict, for a certificate bound from a store it did not read (IIS "Web Hosting")', async () => {
    const facts = (storeName: string) => ({
      iisConfig: iis([binding('*:443:')]),
      sslBindings: netsh([['0.0.0.0:443', 'ffffffffffffffffffffffffffffffffffffffff', storeName]]),
      certStoreMy: my,
    });
    expect(await run(check, facts('WebHosting'))).toMatchObject({
      status: 'error',
      errorCode: 'E_FACT_UNAVAILABLE',
      message: expect.stringContaining('in the store "WebHosting", which ndes-doctor does not read'),
    });
    // With no store named, HTTP.sys reads My: a thumbprint missing there is a finding.
    expect((await run(check, facts('(null)'))).status).toBe('fail');
  });

  it('fails when the bound certificate has no private key, suggesting certutil -repairstore', async () => {
    const hash = thumbprintOf(varied, 'CN=ndes03.contoso.com');
    const o = await run(check, { iisConfig: iis([binding('*:443:')]), sslBindings: netsh([['0.0.0.0:443', hash]]), certStoreMy: varied });
    expect(o.status).toBe('fail');
    expect(o.message).toContain('has no private key');
    if (o.status !== 'fail') return;
    expect(o.remediation.commands).toContainEqual(cmd(`certutil -repairstore my <thumbprint>`));
  });

  it('reports an error, not a verdict, when the bound certificate cannot be read (no RawData, or RawData cut short)', async () => {
    const o = await run(check, {
      iisConfig: iis([binding('*:443:')]),
      sslBindings: netsh([['0.0.0.0:443', '0123456789ABCDEF0123456789ABCDEF01234567']]),
      certStoreMy: varied,
    });
    expect(o).toMatchObject({ status: 'error', errorCode: 'E_FACT_MALFORMED' });
    expect(o.message).toContain('could not be read from certs/localmachine-my.json: rawData is missing or not base64');
    const cut = await run(check, {
      iisConfig: iis([binding('*:443:')]),
      sslBindings: netsh([['0.0.0.0:443', '926132C076A81DAEC5DE4D4B078D8C4352F050EE']]),
      certStoreMy: varied,
    });
    expect(cut).toMatchObject({ status: 'error', message: expect.stringContaining('RawData is cut short: its DER declares 908 bytes but holds 300') });
  });

  it('still examines the port-443 certificate when the NDES site lost its https binding', async () => {
    const hash = thumbprintOf(my, 'CN=ndes01.contoso.com');
    const o = await run(check, { iisConfig: iis([]), sslBindings: netsh([['0.0.0.0:443', hash], ['0.0.0.0:8443', 'ffffffffffffffffffffffffffffffffffffffff']]), certStoreMy: my });
    expect(o.status).toBe('pass');
    expect(o.message).toContain('0.0.0.0:443 (HTTP.sys only: the NDES site has no https binding) -> CN=ndes01.contoso.com');
  });

  it('does not apply when nothing is bound at all (NDES-TLS-001 reports that)', async () => {
    const o = await run(check, { iisConfig: iis([binding('*:443:')]), sslBindings: netsh([]), certStoreMy: my });
    expect(o).toMatchObject({ status: 'skip', skipReason: 'not-applicable' });
  });
});
