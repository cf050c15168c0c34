import { defineCheck } from '../../engine/check.js';
import { cmd, fail, pass, powershell, warn } from '../../engine/outcome.js';
import type { Outcome } from '../../engine/types.js';
import type { CertStoreFact } from '../../facts/tls.js';
import type { StoreCert } from '../../parse/cert-store.js';
import { daysLeft, RA_TEMPLATES, raRole, type RaRole } from '../../parse/x509.js';
import { certificateExpiry, type CertificateExpiry } from '../../engine/certificates.js';
import { isoDay } from '../../parse/civil-date.js';
import { DOCS } from './binding.js';

const WARN_DAYS = 60;

const ROLES = {
  signing: { template: RA_TEMPLATES.signing, display: 'Exchange Enrollment Agent (Offline request)' },
  encryption: { template: RA_TEMPLATES.encryption, display: 'CEP Encryption' },
} as const satisfies Record<RaRole, { template: string; display: string }>;

/**
 * Lists the RA certificates as NDES finds them (Certificate Request Agent EKU), with the template each
 * came from: the V1 name, or the V2 template's OID after a renewal from a duplicated template.
 */
export const LIST_RA_CERTIFICATES = powershell(
  "Get-ChildItem Cert:\\LocalMachine\\My | Where-Object { $_.EnhancedKeyUsageList.ObjectId -contains '1.3.6.1.4.1.311.20.2.1' } | ForEach-Object { $t = $_.Extensions | Where-Object { $_.Oid.Value -in '1.3.6.1.4.1.311.20.2', '1.3.6.1.4.1.311.21.7' }; [pscustomobject]@{ Template = ($t | ForEach-Object { $_.Format($false) }) -join '; '; Subject = $_.Subject; Thumbprint = $_.Thumbprint; NotAfter = $_.NotAfter; HasPrivateKey = $_.HasPrivateKey } }",
);

type OkCert = Extract<StoreCert, { status: 'ok' }>;

interface RoleFinding {
  role: RaRole;
  level: 'pass' | 'warn' | 'fail';
  text: string;
  /** The certificate the finding is about, when the store holds one for the role. */
  expiry?: CertificateExpiry;
}

/** Valid from notBefore through notAfter, both included (RFC 5280, 4.1.2.5). */
const isValid = (c: OkCert, now: Date) => c.cert.notBefore <= now && now <= c.cert.notAfter;
const newestFirst = (a: OkCert, b: OkCert) => b.cert.notAfter.getTime() - a.cert.notAfter.getTime();

/**
 * The certificate of LocalMachine\My that stands for an RA role: the one NDES uses, the newest valid one with a
 * private key (newest wins when several qualify); failing that, the one to fix, a valid one without its key, else the
 * newest. Those a renewal left behind, and Enrollment Agent certificates of other templates, stand for nothing.
 */
export function raCertificateFor(role: RaRole, certs: readonly StoreCert[], now: Date): OkCert | undefined {
  const mine = certs.filter((c): c is OkCert => c.status === 'ok' && raRole(c.cert) === role).sort(newestFirst);
  return mine.find((c) => isValid(c, now) && c.hasPrivateKey) ?? mine.find((c) => isValid(c, now)) ?? mine[0];
}

/** The thumbprints (upper case) of the certificates that stand for the two RA roles. */
export function raThumbprintsInUse(certs: readonly StoreCert[], now: Date): Set<string> {
  return new Set((['signing', 'encryption'] as const).flatMap((role) => raCertificateFor(role, certs, now)?.thumbprint.toUpperCase() ?? []));
}

/**
 * The entries of the store that could not be read and may be one of `thumbprints` (by theirs, or they list none):
 * NDES may use such a certificate as an RA certificate, so a key or a verification of it cannot be set aside.
 */
export function unreadableAmong(certs: readonly StoreCert[], thumbprints: readonly string[]): Extract<StoreCert, { status: 'unreadable' }>[] {
  if (thumbprints.length === 0) return [];
  const wanted = new Set(thumbprints.map((t) => t.toUpperCase()));
  return certs.filter((c) => c.status === 'unreadable').filter((c) => !c.thumbprint || wanted.has(c.thumbprint));
}

/** A check's error message for certificates (`what`) that cannot be set aside as ones NDES does not use. */
export function unknownRaUse(what: string, unreadable: readonly Extract<StoreCert, { status: 'unreadable' }>[], source: string): string {
  const reasons = unreadable.map((c) => `${c.thumbprint || 'an entry without a thumbprint'}: ${c.reason}`).join('; ');
  return `Whether NDES uses ${what} as RA certificates is unknown: ${source} holds certificates that could not be read (${reasons}). Collect the bundle again.`;
}

function judgeRole(role: RaRole, certs: OkCert[], now: Date): RoleFinding {
  const label = `${ROLES[role].display} (${ROLES[role].template})`;
  const c = raCertificateFor(role, certs, now);
  if (!c) return { role, level: 'fail', text: `no ${label} certificate in LocalMachine\\My` };
  if (isValid(c, now) && !c.hasPrivateKey) return { role, level: 'fail', text: `${label} ${c.thumbprint} is valid but has no private key on this server`, expiry: expiryOf(role, c, now) };
  if (!isValid(c, now)) {
    const when = now > c.cert.notAfter ? `expired on ${isoDay(c.cert.notAfter)}` : `is not valid before ${isoDay(c.cert.notBefore)}`;
    return { role, level: 'fail', text: `${label} ${c.thumbprint} ${when}`, expiry: expiryOf(role, c, now) };
  }
  const days = daysLeft(c.cert, now);
  const text = `${label} ${c.thumbprint} valid to ${isoDay(c.cert.notAfter)} (${days} days left)`;
  return { role, level: days < WARN_DAYS ? 'warn' : 'pass', text, expiry: expiryOf(role, c, now) };
}

function expiryOf(role: RaRole, c: OkCert, now: Date): CertificateExpiry {
  return certificateExpiry(role === 'signing' ? 'ra-signing' : 'ra-encryption', c.cert, daysLeft(c.cert, now));
}

export function checkRaCertificates(my: CertStoreFact, now: Date): Outcome {
  const certs = my.certs.filter((c): c is OkCert => c.status === 'ok');
  const findings = (['signing', 'encryption'] as const).map((role) => judgeRole(role, certs, now));
  const actual = findings.map((f) => f.text).join('; ');
  const evidence = {
    expected: `both RA certificates (EnrollmentAgentOffline, CEPEncryption) present with private keys and valid for more than ${WARN_DAYS} days`,
    actual,
    source: my.source,
    codes: ['500', 'Event 2', 'Event 10'],
    details: { certificates: findings.flatMap((f) => (f.expiry ? [f.expiry] : [])) },
  };
  const remediation = {
    text:
      'Renew the NDES registration authority (RA) certificates before they expire; NDES cannot start without both, and every ' +
      'device then gets HTTP 500 from mscep.dll. On the CA, give the signed-in administrator and the NDES computer Read + Enroll ' +
      'on the CEP Encryption and Exchange Enrollment Agent (Offline request) templates. Note the subject of the current RA ' +
      'certificates. Request CEP Encryption in the Certificates MMC of the computer account (Personal > All Tasks > Request New ' +
      'Certificate) with the same subject. Exchange Enrollment Agent (Offline request) is a user template: request it in ' +
      'the Certificates MMC of your user account with the same subject and an exportable key, export it with its private key ' +
      'and import the PFX into LocalMachine\\My. On each new certificate, All Tasks > Manage Private Keys: give the NDES service ' +
      'account Read. Then run iisreset. Alternatively remove and reinstall the NDES role, which enrolls new RA certificates.',
    commands: [
      LIST_RA_CERTIFICATES,
      powershell('Import-PfxCertificate -FilePath "<path to exported EnrollmentAgentOffline>.pfx" -CertStoreLocation Cert:\\LocalMachine\\My -Password (Read-Host -AsSecureString)'),
      cmd('iisreset'),
    ],
    docs: DOCS.deviceToNdes,
  };
  const unreadable = my.certs.filter((c) => c.status === 'unreadable');
  if (findings.some((f) => f.level !== 'pass') && unreadable.length > 0) {
    // The certificate that would settle it may be among those that could not be read.
    return { status: 'error', errorCode: 'E_FACT_MALFORMED', message: `${actual}; but ${unreadable.length} certificate(s) in ${my.source} could not be read and may be the RA certificates. Collect the bundle again.`, evidence };
  }
  if (findings.some((f) => f.level === 'fail')) {
    return fail(`NDES RA certificates are missing, expired or unusable, so NDES cannot answer devices: ${actual}.`, remediation, evidence);
  }
  if (findings.some((f) => f.level === 'warn')) {
    return warn(`An NDES RA certificate expires within ${WARN_DAYS} days; renew it before SCEP enrollment stops: ${actual}.`, remediation, evidence);
  }
  return pass(`Both NDES RA certificates are present, have private keys and are valid: ${actual}.`, evidence);
}

export default defineCheck({
  id: 'NDES-TLS-010',
  slug: 'tls-ra-certificates',
  area: 'tls',
  title: 'NDES RA certificates (Enrollment Agent and CEP Encryption) are present and valid',
  severity: 'critical',
  requires: ['certStoreMy'],
  run: ({ certStoreMy }, { now }) => checkRaCertificates(certStoreMy, now),
});
