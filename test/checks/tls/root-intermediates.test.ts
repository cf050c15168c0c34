import { describe, expect, it } from 'vitest';
import check from '../../../src/checks/tls/root-intermediates.js';
import { run, store, thumbprintOf } from './tls-facts.js';
import { powershell } from '../../../src/engine/outcome.js';

describe('NDES-TLS-011 tls-intermediates-in-root', () => {
  it('passes with only roots, keeping a cross-signed copy of a root out of the list', async () => {
    const o = await run(check, { certStoreRoot: store('root-healthy.json', 'Root') });
    expect(o.status).toBe('pass');
    expect(o.message).toBe('LocalMachine\\Root holds only self-signed roots (4 certificates).');
  });

  it('warns with the intermediate and a Move-Item command for its thumbprint', async () => {
    const root = store('root-broken.json', 'Root');
    const thumb = thumbprintOf(root, 'CN=Contoso Issuing CA 01');
    const o = await run(check, { certStoreRoot: root });
    expect(o.status).toBe('warn');
    expect(o.message).toContain('1 intermediate CA certificate(s)');
    expect(o.message).toContain('CN=Contoso Issuing CA 01, DC=contoso, DC=com issued by CN=Contoso Root CA, DC=contoso, DC=com');
    if (o.status !== 'warn') return;
    expect(o.remediation.commands).toContainEqual(powershell(`Move-Item -Path Cert:\\LocalMachine\\Root\\${thumb} -Destination Cert:\\LocalMachine\\CA`));
  });

  it('errors on an empty listing: Windows always keeps its own roots in LocalMachine\\Root, so nothing was read', async () => {
    const o = await run(check, { certStoreRoot: { store: 'LocalMachine\\Root', certs: [], source: 'certs/localmachine-root.json' } });
    expect(o).toMatchObject({
      status: 'error',
      errorCode: 'E_FACT_UNAVAILABLE',
      message: 'certs/localmachine-root.json lists no certificate in LocalMachine\\Root, which always holds the Windows roots: the listing is incomplete. Collect the bundle again.',
    });
    // One root is enough to judge by.
    const one = store('root-healthy.json', 'Root');
    expect((await run(check, { certStoreRoot: { ...one, certs: one.certs.slice(0, 1) } })).status).toBe('pass');
  });
});
