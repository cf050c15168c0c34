import { defineCheck } from '../../engine/check.js';
import { cmd, fail, notApplicable, pass, powershell } from '../../engine/outcome.js';
import { IIS_APP_ID } from '../../parse/netsh-sslcert.js';
import { DOCS, findCert, ndesCertBindings } from './binding.js';

export default defineCheck({
  id: 'NDES-TLS-002',
  slug: 'tls-bound-certificate',
  area: 'tls',
  title: 'The bound certificate is in LocalMachine\\My with its private key',
  severity: 'high',
  requires: ['iisConfig', 'sslBindings', 'certStoreMy'],
  run({ iisConfig, sslBindings, certStoreMy }) {
    const source = `${sslBindings.source}, ${certStoreMy.source}`;
    const problems: string[] = [];
    const unreadable: string[] = [];
    const unread: string[] = [];
    const found: string[] = [];
    let keyMissing = false;
    const withHash = ndesCertBindings(iisConfig, sslBindings.bindings).filter((b) => b.ssl.certHash);
    if (withHash.length === 0) return notApplicable('No certificate is bound to NDES in HTTP.sys (see NDES-TLS-001).');
    for (const b of withHash) {
      const hash = b.ssl.certHash!;
      const store = b.ssl.storeName;
      const cert = findCert(certStoreMy, hash);
      if (!cert && store && !/^(my|\(null\))$/i.test(store)) {
        // HTTP.sys serves certificates from other LocalMachine stores too (IIS offers "Web Hosting"); that store was not read.
        unread.push(`${b.label} is bound to ${hash} in the store "${store}", which ndes-doctor does not read`);
      } else if (!cert) {
        problems.push(`${b.label} is bound to ${hash}, which is not in ${certStoreMy.store}`);
      } else if (cert.status === 'unreadable') {
        unreadable.push(`${b.label} is bound to ${hash}, which could not be read from ${certStoreMy.source}: ${cert.reason}`);
      } else if (!cert.hasPrivateKey) {
        keyMissing = true;
        problems.push(`${b.label} is bound to ${cert.cert.subject} (${hash}), which has no private key on this server`);
      } else {
        found.push(`${b.label} -> ${cert.cert.subject} (${hash})`);
      }
    }
    if (problems.length > 0) {
      return fail(
        `The certificate bound to NDES cannot be used: ${problems.join('; ')}.`,
        {
          text:
            (keyMissing
              ? 'Restore the private key: re-import the certificate from its PFX, or, if the key is still on the server, ' +
                'relink it with certutil -repairstore. '
              : 'The binding still points at a certificate that was deleted or replaced (often after a renewal). ') +
            'Then bind a valid certificate that has its private key. HTTP.sys needs the key for every TLS handshake. In PowerShell, ' +
            'replacing <thumbprint>; the last command points the 0.0.0.0:443 binding at that certificate (for an SNI binding use ' +
            'hostnameport=<name>:443 instead of ipport).',
          commands: [
            powershell('Get-ChildItem Cert:\\LocalMachine\\My | Format-List Subject,Thumbprint,NotAfter,HasPrivateKey'),
            cmd('certutil -repairstore my <thumbprint>'),
            // Quoted so PowerShell does not parse the braces of the GUID; cmd passes the quotes to netsh, which strips them.
            cmd(`netsh http update sslcert ipport=0.0.0.0:443 certhash=<thumbprint> "appid=${IIS_APP_ID}" certstorename=MY`),
          ],
          docs: DOCS.scepConfigure,
        },
        { expected: 'bound certificate present in LocalMachine\\My with a private key', actual: problems.join('; '), source },
      );
    }
    if (unreadable.length > 0) {
      // A certificate that could not be read may be fine or not: no verdict on it.
      return { status: 'error', errorCode: 'E_FACT_MALFORMED', message: `${unreadable.join('; ')}.`, evidence: { actual: [...unreadable, ...found].join('; '), source } };
    }
    if (unread.length > 0) {
      return { status: 'error', errorCode: 'E_FACT_UNAVAILABLE', message: `${unread.join('; ')}: no verdict on it.`, evidence: { actual: [...unread, ...found].join('; '), source } };
    }
    return pass(`The bound certificate is present with its private key: ${found.join('; ')}.`, { actual: found.join('; '), source });
  },
});
