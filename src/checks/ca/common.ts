import type { CertutilError } from '../../parse/certutil-ca.js';
import type { EnrollmentService } from '../../facts/ca.js';

export const CA_DOCS = {
  prerequisites: 'https://learn.microsoft.com/intune/intune-service/protect/certificates-scep-configure#prerequisites-for-using-scep-for-certificates',
  rpcUnavailable: 'https://learn.microsoft.com/troubleshoot/windows-server/certificates-and-public-key-infrastructure-pki/error-0x800706ba-certificate-enrollment',
} as const;

/** What certutil's HRESULT means for NDES talking to its CA; certutil prints the symbolic name untranslated. */
export const RPC_HINTS: Record<string, string> = {
  '0x800706ba': 'the RPC server is unavailable: the CA host name does not resolve, TCP 135 and the dynamic RPC ports are blocked, the CA service (CertSvc) is stopped, or DCOM authentication to the CA fails',
  '0x800706d9': 'no RPC endpoint is registered: the CA service (CertSvc) is not running on that host',
  '0x80070006': 'the CA name in the configuration string does not match a CA on that host',
  '0x800706be': 'the remote procedure call failed: the CA service stopped or crashed during the call',
};

export function describeError(e: CertutilError | undefined, said: string): string {
  if (!e) return `certutil failed without an HRESULT: "${said}"`;
  const name = e.name ? ` ${e.name}` : '';
  const hint = RPC_HINTS[e.hresult];
  return `${e.hresult}${name}${hint ? `: ${hint}` : ''}`;
}

export const isAccessDenied = (e: CertutilError | undefined) => e?.hresult === '0x80070005';

/**
 * The published CA that is `host\name`: host compared as FQDN, or by its first label when the configuration uses a short
 * name. An entry whose AD object has no dNSHostName is matched by its name alone: the name (cn) is unique among the
 * forest's enrollment services, and without a host there is nothing to tell a stale configuration string by.
 */
export function findEnrollmentService(services: readonly EnrollmentService[], host: string, name: string): EnrollmentService | undefined {
  const h = host.toLowerCase();
  return services.find((s) => {
    if (s.name.toLowerCase() !== name.toLowerCase()) return false;
    const dns = s.dnsHostName.toLowerCase();
    return dns === '' || dns === h || (!h.includes('.') && dns.split('.')[0] === h);
  });
}
