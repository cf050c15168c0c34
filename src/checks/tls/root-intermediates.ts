import { defineCheck } from '../../engine/check.js';
import { cmd, pass, powershell, warn } from '../../engine/outcome.js';
import type { StoreCert } from '../../parse/cert-store.js';
import { DOCS } from './binding.js';

type OkCert = Extract<StoreCert, { status: 'ok' }>;

/**
 * A certificate in Root whose issuer differs from its subject, unless it shares its key with a
 * self-signed root in the same store: that is a cross-signed copy of a root, and belongs there.
 */
export function intermediatesInRoot(certs: readonly StoreCert[]): OkCert[] {
  const ok = certs.filter((c): c is OkCert => c.status === 'ok');
  const rootKeys = new Set(ok.filter((c) => c.cert.selfIssued).map((c) => c.cert.publicKeyHash));
  return ok.filter((c) => !c.cert.selfIssued && !rootKeys.has(c.cert.publicKeyHash));
}

export default defineCheck({
  id: 'NDES-TLS-011',
  slug: 'tls-intermediates-in-root',
  area: 'tls',
  title: 'No intermediate CA certificates in the Trusted Root store',
  severity: 'high',
  requires: ['certStoreRoot'],
  run({ certStoreRoot }) {
    // Windows keeps its own roots there: a listing without any was not read, and would pass on nothing.
    if (certStoreRoot.certs.length === 0) {
      return {
        status: 'error',
        errorCode: 'E_FACT_UNAVAILABLE',
        message: `${certStoreRoot.source} lists no certificate in ${certStoreRoot.store}, which always holds the Windows roots: the listing is incomplete. Collect the bundle again.`,
      };
    }
    const found = intermediatesInRoot(certStoreRoot.certs);
    const unreadable = certStoreRoot.certs.filter((c) => c.status === 'unreadable').length;
    const details = unreadable > 0 ? { unreadableCertificates: unreadable } : undefined;
    if (found.length === 0 && unreadable > 0) {
      return {
        status: 'error',
        errorCode: 'E_FACT_MALFORMED',
        message: `No intermediate CA certificate among the readable ones in ${certStoreRoot.store}, but ${unreadable} certificate(s) in ${certStoreRoot.source} could not be read and may be intermediates. Collect the bundle again.`,
        evidence: { expected: 'issuer = subject for every certificate', actual: `${unreadable} unreadable`, source: certStoreRoot.source, details },
      };
    }
    if (found.length === 0) {
      return pass(`${certStoreRoot.store} holds only self-signed roots (${certStoreRoot.certs.length} certificates).`, {
        expected: 'issuer = subject for every certificate',
        actual: 'no intermediate certificates',
        source: certStoreRoot.source,
        details,
      });
    }
    const list = found.map((c) => `${c.cert.subject} issued by ${c.cert.issuer} (thumbprint ${c.thumbprint})`);
    return warn(
      `${found.length} intermediate CA certificate(s) are in ${certStoreRoot.store}: ${list.join('; ')}. They can make the SCEP application pool fail (HTTP 503) and break chain building for the NDES certificates.`,
      {
        text:
          'Move each listed certificate from Trusted Root Certification Authorities to Intermediate Certification Authorities, then ' +
          'run iisreset. If a Group Policy pushes them into Root, fix the policy (or exclude the NDES server), or they come back.',
        commands: [
          powershell('Get-ChildItem Cert:\\LocalMachine\\Root | Where-Object { $_.Issuer -ne $_.Subject } | Format-List Subject,Issuer,Thumbprint'),
          ...found.map((c) => powershell(`Move-Item -Path Cert:\\LocalMachine\\Root\\${c.thumbprint} -Destination Cert:\\LocalMachine\\CA`)),
          cmd('iisreset'),
        ],
        docs: DOCS.deviceToNdes,
      },
      {
        expected: 'issuer = subject for every certificate',
        actual: list.join('; '),
        source: certStoreRoot.source,
        codes: ['503'],
        details: { thumbprints: found.map((c) => c.thumbprint), ...details },
      },
    );
  },
});
