/**
 * The certificates whose expiry a check judged, in one shape across checks, so monitoring (the
 * prometheus format, run-to-run changes) reads expiry dates without knowing each check's evidence.
 * A check puts them in `evidence.details.certificates`; they never decide the verdict.
 */
export const CERTIFICATE_ROLES = {
  'ra-signing': 'RA signing certificate (Exchange Enrollment Agent)',
  'ra-encryption': 'RA encryption certificate (CEP Encryption)',
  ra: 'RA certificate',
  ca: 'CA certificate',
  tls: 'TLS certificate',
} as const satisfies Record<string, string>;
export type CertificateRole = keyof typeof CERTIFICATE_ROLES;

export interface CertificateExpiry {
  role: CertificateRole;
  subject: string;
  /** ISO 8601. */
  notAfter: string;
  /** Whole days from the run's evaluation time to notAfter; negative once expired. */
  daysLeft: number;
}

export function certificateExpiry(role: CertificateRole, cert: { subject: string; notAfter: Date }, daysLeft: number): CertificateExpiry {
  return { role, subject: cert.subject, notAfter: cert.notAfter.toISOString(), daysLeft };
}

/**
 * The certificates a result names, read defensively: a saved report may come from another
 * version or have been edited by hand, and an entry that does not fit is left out.
 */
export function certificatesOf(result: { evidence?: { details?: Record<string, unknown> } }): CertificateExpiry[] {
  const list = result.evidence?.details?.certificates;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (c): c is CertificateExpiry =>
      typeof c === 'object' &&
      c !== null &&
      Object.hasOwn(CERTIFICATE_ROLES, (c as CertificateExpiry).role) &&
      typeof (c as CertificateExpiry).subject === 'string' &&
      typeof (c as CertificateExpiry).notAfter === 'string' &&
      Number.isFinite(Date.parse((c as CertificateExpiry).notAfter)) &&
      Number.isInteger((c as CertificateExpiry).daysLeft),
  );
}
