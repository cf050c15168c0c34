import { defineCheck } from '../../engine/check.js';
import { fail, pass, powershell, warn } from '../../engine/outcome.js';
import type { CertInfo } from '../../parse/x509.js';
import { DOCS, onBoundCerts } from './binding.js';

/** A DNS name matches exactly, or a `*.` wildcard covers exactly one left-most label. */
export function dnsNameMatches(pattern: string, name: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const n = name.toLowerCase().replace(/\.$/, '');
  if (p === n) return true;
  if (!p.startsWith('*.')) return false;
  const dot = n.indexOf('.');
  return dot > 0 && n.slice(dot + 1) === p.slice(2);
}

/**
 * Whether a URL's host is an IP address rather than a DNS name: IPv6 (a DNS name never holds a colon) or
 * dotted-decimal IPv4, as the URL parser writes either. Not node:net's isIP, whose IPv6 pattern alone took
 * about 9 ms of every run to compile.
 */
export function isIpAddress(host: string): boolean {
  if (host.includes(':')) return true;
  const parts = host.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

export type Coverage = 'san' | 'cn-only' | 'none';

/** Clients ignore the CN when the certificate has DNS SANs; some (Apple) ignore it always. */
export function coverage(cert: CertInfo, name: string): Coverage {
  if (cert.dnsNames.some((d) => dnsNameMatches(d, name))) return 'san';
  if (cert.dnsNames.length === 0 && cert.commonNames.some((cn) => dnsNameMatches(cn, name))) return 'cn-only';
  return 'none';
}

export default defineCheck({
  id: 'NDES-TLS-005',
  slug: 'tls-certificate-names',
  area: 'tls',
  title: 'The bound certificate names the server FQDN and the external name',
  severity: 'high',
  dependsOn: ['NDES-TLS-002'],
  requires: ['iisConfig', 'sslBindings', 'certStoreMy', 'serverSystem'],
  run(facts, { options }) {
    return onBoundCerts(facts, (certs) => {
      const names = [facts.serverSystem.fqdn];
      const external = options.externalName?.trim().toLowerCase();
      if (external && external !== facts.serverSystem.fqdn) names.push(external);
      const source = `${facts.certStoreMy.source}, ${facts.serverSystem.source}`;
      const results = names.map((name) => {
        const best = certs.map((c) => coverage(c.cert.cert, name)).sort((a, b) => rank(a) - rank(b))[0]!;
        return { name, best };
      });
      const inCert = certs.map((c) => `${c.cert.thumbprint}: CN ${c.cert.cert.commonNames.join(', ') || '(none)'}; DNS SAN ${c.cert.cert.dnsNames.join(', ') || '(none)'}`).join(' | ');
      const expected = `DNS SAN entries for ${names.join(' and ')}`;
      const remediation = {
        text:
          'Issue a new certificate whose Subject Alternative Name lists every DNS name devices use to reach NDES: the ' +
          'server FQDN and, when devices come in through a reverse proxy or a public name, that external name ' +
          '(pass it to ndes-doctor with --external-name). Put the FQDN in the CN too. Then bind it to the https binding. ' +
          'Clients ignore the CN when DNS SANs are present, and Apple devices require the name in the SAN. In PowerShell; the ' +
          'second command swaps the certificate on the https binding (replace <new thumbprint> with the one Get-Certificate returns).',
        commands: [
          powershell(`Get-Certificate -Template WebServer -SubjectName 'CN=${facts.serverSystem.fqdn}' -DnsName ${names.map((n) => `'${n}'`).join(',')} -CertStoreLocation Cert:\\LocalMachine\\My`),
          powershell("$b = Get-WebBinding -Name 'Default Web Site' -Protocol https -Port 443; $b.RemoveSslCertificate(); $b.AddSslCertificate('<new thumbprint>', 'My')"),
        ],
        docs: DOCS.scepConfigure,
      };
      const missing = results.filter((r) => r.best === 'none').map((r) => r.name);
      if (missing.length > 0) {
        const hint = facts.serverSystem.partOfDomain ? '' : ' (the server is not in a domain, so only its host name is known)';
        return fail(
          `The certificate bound to NDES does not name ${missing.join(' or ')}${hint}; devices connecting by that name get a name-mismatch TLS error.`,
          remediation,
          { expected, actual: inCert, source, codes: ['12175'] },
        );
      }
      const cnOnly = results.filter((r) => r.best === 'cn-only').map((r) => r.name);
      if (cnOnly.length > 0) {
        return warn(
          `The certificate bound to NDES names ${cnOnly.join(' and ')} only in its CN and has no DNS SAN; Apple devices and current browsers require the SAN.`,
          remediation,
          { expected, actual: inCert, source },
        );
      }
      return pass(`The bound certificate names ${names.join(' and ')} in its SAN.`, {
        expected,
        actual: inCert,
        source,
        details: external ? undefined : { note: 'No --external-name given; only the server FQDN was checked.' },
      });
    });
  },
});

export function rank(c: Coverage): number {
  return c === 'san' ? 0 : c === 'cn-only' ? 1 : 2;
}
