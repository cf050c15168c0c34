import { defineCheck } from '../../engine/check.js';
import { fail, notApplicable, pass, warn } from '../../engine/outcome.js';
import { boundCerts } from '../tls/binding.js';
import { coverage, isIpAddress, rank } from '../tls/certificate-names.js';
import { DOCS, withField } from './common.js';
import { isCloudPki } from './scep-urls.js';

/** Microsoft Entra application proxy terminates TLS with its own certificate for these names. */
const APP_PROXY = /\.msappproxy\.net$/i;

export default defineCheck({
  id: 'NDES-PRF-018',
  slug: 'profile-scep-url-tls-names',
  area: 'profile',
  title: "Each https SCEP URL's host name is in the NDES server's TLS certificate (with --bundle)",
  severity: 'high',
  requires: ['profile', 'iisConfig', 'sslBindings', 'certStoreMy'],
  run: ({ profile, iisConfig, sslBindings, certStoreMy }) =>
    withField(profile, profile.scepUrls, 'SCEP server URLs', (urls) => {
      const hosts = new Map<string, string>();
      const proxied: string[] = [];
      for (const u of urls.filter((x) => !isCloudPki(x))) {
        let url: URL;
        try {
          url = new URL(u);
        } catch {
          continue; // NDES-PRF-013 reports it.
        }
        if (url.protocol !== 'https:') continue;
        const host = url.hostname.toLowerCase();
        if (APP_PROXY.test(host)) proxied.push(host);
        else hosts.set(host, u);
      }
      const proxyNote = proxied.length ? ` ${[...new Set(proxied)].join(', ')} ${proxied.length > 1 ? 'are' : 'is'} published by Microsoft Entra application proxy, which presents its own certificate.` : '';
      if (hosts.size === 0) return notApplicable(`No https SCEP URL reaches NDES's own certificate.${proxyNote}`);
      const certs = boundCerts(iisConfig, sslBindings.bindings, certStoreMy);
      if (certs.length === 0) return notApplicable('The bundle shows no certificate bound to the NDES site (see NDES-TLS-002).');
      const results = [...hosts.keys()].map((host) => ({
        host,
        best: isIpAddress(host) ? ('none' as const) : certs.map((c) => coverage(c.cert.cert, host)).sort((a, b) => rank(a) - rank(b))[0]!,
      }));
      const evidence = {
        expected: `DNS SAN entries for ${[...hosts.keys()].join(', ')}`,
        actual: certs.map((c) => `${c.cert.thumbprint}: DNS SAN ${c.cert.cert.dnsNames.join(', ') || '(none)'}`).join(' | '),
        source: `${profile.origin}: ${profile.scepUrls.from}; ${certStoreMy.source}, ${sslBindings.source}`,
      };
      const remediation = {
        text:
          'Devices check the SCEP URL\'s host name against the server certificate. Add the name to the Subject Alternative Name of the certificate bound to NDES (NDES-TLS-005 shows how), ' +
          'or change the profile\'s URL to a name the certificate has. If a reverse proxy publishes NDES under this name, the proxy\'s certificate is what counts: check it with lint-profile --probe.',
        docs: DOCS.configure,
      };
      const missing = results.filter((r) => r.best === 'none').map((r) => r.host);
      const cnOnly = results.filter((r) => r.best === 'cn-only').map((r) => r.host);
      if (missing.length === hosts.size) {
        return fail(`The certificate bound to NDES does not name ${missing.join(', ')}: devices connecting to ${missing.length > 1 ? 'these URLs' : 'that URL'} get a name-mismatch TLS error unless a reverse proxy serves them.${proxyNote}`, remediation, evidence);
      }
      if (missing.length) {
        // The profile reaches NDES directly through the other names: these are likely published by a proxy (WAP, a third
        // party) that presents its own certificate, which Microsoft documents; only a probe through them can tell.
        return warn(
          `The certificate bound to NDES does not name ${missing.join(', ')}, unlike the profile's other URL${hosts.size - missing.length > 1 ? 's' : ''}: fine if a reverse proxy publishes ${missing.length > 1 ? 'them' : 'it'} with its own certificate, else devices using ${missing.length > 1 ? 'these URLs' : 'that URL'} get a name-mismatch TLS error.${proxyNote}`,
          remediation,
          evidence,
        );
      }
      if (cnOnly.length) return warn(`The certificate bound to NDES names ${cnOnly.join(', ')} only in its CN; Apple devices and current TLS clients require the name in the SAN.${proxyNote}`, remediation, evidence);
      return pass(`The certificate bound to NDES names ${[...hosts.keys()].join(', ')} in its SAN.${proxyNote}`, evidence);
    }),
});
