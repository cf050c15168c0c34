import { describe, expect, it } from 'vitest';
import boundCertificate from '../../../src/checks/tls/bound-certificate.js';
import certificateNames from '../../../src/checks/tls/certificate-names.js';
import certificateStrength from '../../../src/checks/tls/certificate-strength.js';
import certificateValidity from '../../../src/checks/tls/certificate-validity.js';
import connectorCert from '../../../src/checks/tls/connector-encryption-certificate.js';
import raCertificates from '../../../src/checks/tls/ra-certificates.js';
import rootIntermediates from '../../../src/checks/tls/root-intermediates.js';
import serverAuthEku from '../../../src/checks/tls/server-auth-eku.js';
import sslBinding from '../../../src/checks/tls/ssl-binding.js';
import type { ServerSystemFact } from '../../../src/facts/server.js';
import { binding, iis, netsh, run, store } from './tls-facts.js';
import { shown } from '../example-outcomes.js';

const host = { fqdn: 'ndes01.contoso.com', partOfDomain: true, source: 'server/system.json' } as ServerSystemFact;
const BOUND = [boundCertificate, certificateNames, certificateStrength, certificateValidity, serverAuthEku, sslBinding];

// What a user reads for each certificate of the fixture stores when it is the one bound to NDES, held
// still: a change to any word, evidence or fix shows up here for review.
describe('the TLS checks on each certificate of the fixture stores', () => {
  it.each(['my-healthy.json', 'my-broken.json', 'my-varied.json'])('bound from %s', async (file) => {
    const my = store(file);
    const out: Record<string, Record<string, unknown>> = {};
    for (const c of my.certs) {
      const facts = { iisConfig: iis([binding('*:443:')]), sslBindings: netsh([['0.0.0.0:443', c.thumbprint]]), certStoreMy: my, serverSystem: host };
      out[c.thumbprint] = Object.fromEntries(await Promise.all(BOUND.map(async (check) => [check.id, shown(await run(check, facts))])));
      const reg = { installed: true, thumbprint: c.thumbprint, registryPath: 'HKLM\\SOFTWARE\\Microsoft\\MicrosoftIntune\\PFXCertificateConnector\\EncryptionCertThumbprint', source: 'registry/microsoft-intune.reg' };
      out[c.thumbprint]![connectorCert.id] = shown(await run(connectorCert, { connectorEncryptionCert: reg, certStoreMy: my }));
    }
    out['RA'] = { [raCertificates.id]: shown(await run(raCertificates, { certStoreMy: my })) };
    expect(out).toMatchSnapshot();
  });

  it.each(['root-healthy.json', 'root-broken.json'])('trusted roots from %s', async (file) => {
    expect(shown(await run(rootIntermediates, { certStoreRoot: store(file, 'Root') }))).toMatchSnapshot();
  });

  it('no https binding and no HTTP.sys entry', async () => {
    const my = store('my-healthy.json');
    const facts = { iisConfig: iis([]), sslBindings: netsh([]), certStoreMy: my, serverSystem: host };
    expect(Object.fromEntries(await Promise.all(BOUND.map(async (check) => [check.id, shown(await run(check, facts))])))).toMatchSnapshot();
  });
});
