/**
 * Shared by the TLS checks: which IIS https bindings serve NDES, which HTTP.sys certificate
 * binding each one uses, and which certificate in LocalMachine\My that binding points at.
 */
import { notApplicable, powershell } from '../../engine/outcome.js';
import type { Outcome } from '../../engine/types.js';
import type { CertStoreFact, SslBindingsFact } from '../../facts/tls.js';
import type { IisBinding, IisConfigFact, IisSite } from '../../facts/iis-types.js';
import type { StoreCert } from '../../parse/cert-store.js';
import type { SslBinding } from '../../parse/netsh-sslcert.js';

export const DOCS = {
  scepConfigure: 'https://learn.microsoft.com/intune/intune-service/protect/certificates-scep-configure',
  deviceToNdes: 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/troubleshoot-scep-certificate-device-to-ndes',
  policyModule: 'https://learn.microsoft.com/troubleshoot/mem/intune/certificates/troubleshoot-scep-certificate-ndes-policy-module',
  connectorOverview: 'https://learn.microsoft.com/intune/intune-service/protect/certificate-connector-overview',
} as const;

/**
 * A new server certificate from the Web Server template, then swapped onto the https binding (HTTP.sys keeps serving the
 * old one until then; AddSslCertificate alone fails while it holds the old entry). The <placeholders> are the user's.
 */
export const REISSUE_AND_BIND = [
  powershell("Get-Certificate -Template WebServer -SubjectName 'CN=<ndes fqdn>' -DnsName '<ndes fqdn>','<external name>' -CertStoreLocation Cert:\\LocalMachine\\My"),
  powershell("$b = Get-WebBinding -Name 'Default Web Site' -Protocol https -Port 443; $b.RemoveSslCertificate(); $b.AddSslCertificate('<new thumbprint>', 'My')"),
];

const NDES_APP = '/certsrv/mscep';
const SSL_SNI = 1;
const SSL_CCS = 2;

export interface NdesHttpsBinding {
  site: string;
  binding: IisBinding;
  /** `*:443:`, `10.0.0.5:443:ndes.contoso.com`. */
  label: string;
  /** The HTTP.sys entry that serves it (IPv4 clients, for a binding on every address), when there is one. */
  ssl?: SslBinding;
  /** For a binding on every address: the `[::]` entry, which IPv6 clients get instead of `0.0.0.0`. */
  ipv6?: SslBinding;
}

/** The site that hosts /CertSrv/mscep; Default Web Site when no application says so. */
export function ndesSite(iis: IisConfigFact): IisSite | undefined {
  return (
    iis.sites.find((s) => s.applications.some((a) => a.path.toLowerCase() === NDES_APP)) ??
    iis.sites.find((s) => s.name.toLowerCase() === 'default web site')
  );
}

/** Every https binding of the NDES site, each paired with the HTTP.sys entry that serves it. */
export function ndesHttpsBindings(iis: IisConfigFact, ssl: readonly SslBinding[]): NdesHttpsBinding[] {
  const site = ndesSite(iis);
  if (!site) return [];
  return site.bindings
    // One IIS cannot listen on (no port it can read) has no HTTP.sys entry to look for; NDES-IIS-003 names it.
    .filter((b) => b.protocol.toLowerCase() === 'https' && b.port !== 0)
    .map((binding) => {
      const ipv6 = isEveryAddress(binding) ? ipEntry(ssl, '[::]', binding.port) : undefined;
      return { site: site.name, binding, label: binding.bindingInformation, ssl: sslEntryFor(binding, ssl), ...(ipv6 && { ipv6 }) };
    });
}

const isEveryAddress = (b: IisBinding) => !(b.sslFlags & (SSL_SNI | SSL_CCS)) && (b.ip === '*' || b.ip === '0.0.0.0');

function ipEntry(entries: readonly SslBinding[], ip: string, port: number): SslBinding | undefined {
  const want = canonicalIp(ip);
  return entries.find((e) => e.endpoint.kind === 'ip' && e.endpoint.port === port && canonicalIp(e.endpoint.ip) === want);
}

/** An IPv6 address in one form: IIS may keep `[2001:DB8:0:0:0:0:0:1]` as typed, where netsh prints `[2001:db8::1]`. */
function canonicalIp(ip: string): string {
  return ip.startsWith('[') ? (URL.parse(`http://${ip}/`)?.hostname ?? ip.toLowerCase()) : ip;
}

/**
 * HTTP.sys looks up SNI and central-store bindings by name or port, and IP bindings by their address,
 * then the wildcard: `0.0.0.0` serves every IPv4 and IPv6 address, `[::]` only IPv6 ones (Microsoft,
 * HTTP_SERVICE_CONFIG_SSL_KEY). For a binding on every address this is the entry IPv4 clients get.
 */
export function sslEntryFor(binding: IisBinding, entries: readonly SslBinding[]): SslBinding | undefined {
  const { port } = binding;
  if (binding.sslFlags & SSL_CCS) return entries.find((e) => e.endpoint.kind === 'ccs' && e.endpoint.port === port);
  if (binding.sslFlags & SSL_SNI) {
    const host = binding.host.toLowerCase();
    return entries.find((e) => e.endpoint.kind === 'hostname' && e.endpoint.hostname === host && e.endpoint.port === port);
  }
  if (isEveryAddress(binding)) return ipEntry(entries, '0.0.0.0', port);
  const ipv6 = binding.ip.startsWith('[');
  return ipEntry(entries, binding.ip, port) ?? (ipv6 ? ipEntry(entries, '[::]', port) : undefined) ?? ipEntry(entries, '0.0.0.0', port);
}

export function findCert(store: CertStoreFact, thumbprint: string): StoreCert | undefined {
  const want = thumbprint.toUpperCase();
  return store.certs.find((c) => c.thumbprint === want || (c.status === 'ok' && c.cert.thumbprint === want));
}

/** An HTTP.sys certificate binding that serves NDES, labelled for messages. */
export interface CertBinding {
  label: string;
  ssl: SslBinding;
}

/**
 * The HTTP.sys entries that serve the NDES https bindings. When the site has no https binding
 * (NDES-TLS-001 fails), the port-443 entries are still examined: that certificate is what devices
 * get once the binding is added back.
 */
export function ndesCertBindings(iis: IisConfigFact, ssl: readonly SslBinding[]): CertBinding[] {
  const https = ndesHttpsBindings(iis, ssl);
  if (https.length > 0) {
    return https.flatMap((b) => [...(b.ssl ? [{ label: b.label, ssl: b.ssl }] : []), ...(b.ipv6 ? [{ label: `${b.label} (IPv6 clients)`, ssl: b.ipv6 }] : [])]);
  }
  return ssl
    .filter((e) => e.endpoint.kind !== 'ccs' && e.endpoint.port === 443)
    .map((e) => ({ label: `${e.key} (HTTP.sys only: the NDES site has no https binding)`, ssl: e }));
}

export type BoundCert = CertBinding & { certHash: string; cert: Extract<StoreCert, { status: 'ok' }> };

/**
 * The certificates that serve NDES, one per distinct certificate. Bindings whose certificate is
 * missing or unreadable are left out: NDES-TLS-002 reports those.
 */
export function boundCerts(iis: IisConfigFact, ssl: readonly SslBinding[], my: CertStoreFact): BoundCert[] {
  const seen = new Set<string>();
  const out: BoundCert[] = [];
  for (const b of ndesCertBindings(iis, ssl)) {
    const hash = b.ssl.certHash;
    if (!hash || seen.has(hash)) continue;
    const cert = findCert(my, hash);
    if (cert?.status !== 'ok') continue;
    seen.add(hash);
    out.push({ ...b, certHash: hash, cert });
  }
  return out;
}

/** Runs `judge` on the certificates that serve NDES; without one it has nothing to judge, and NDES-TLS-002 says why. */
export function onBoundCerts(
  facts: { iisConfig: IisConfigFact; sslBindings: SslBindingsFact; certStoreMy: CertStoreFact },
  judge: (certs: BoundCert[]) => Outcome,
): Outcome {
  const certs = boundCerts(facts.iisConfig, facts.sslBindings.bindings, facts.certStoreMy);
  return certs.length === 0 ? notApplicable('No bound certificate to examine (see NDES-TLS-002).') : judge(certs);
}

export function describeCert(c: { thumbprint: string; cert: { subject: string } }): string {
  return `${c.cert.subject || '(empty subject)'} (thumbprint ${c.thumbprint})`;
}

