import { defineCheck } from '../../engine/check.js';
import { cmd, fail, pass, powershell, warn } from '../../engine/outcome.js';
import type { Outcome } from '../../engine/types.js';
import { MIN_RSA_BITS, weakRsaKey, weakSignature, type CertInfo, type KeyInfo } from '../../parse/x509.js';
import { caCertOf, DOCS, onTarget } from './common.js';

/** `rsa 2048-bit`, `ec 256-bit`: the size that matters to devices. */
function keyText(k: KeyInfo): string {
  if (k.type === 'RSA') return `rsa ${k.bits}-bit`;
  if (k.type === 'EC') {
    const bits = /\d{3}/.exec(k.curve)?.[0];
    return bits ? `ec ${bits}-bit` : `ec ${k.curve}`;
  }
  return `key algorithm ${k.algorithmOid}`;
}

/** Signatures iOS and macOS refuse on the root or issuing CA of a SCEP chain (Microsoft support article on iOS SCEP failures). */
function appleRejects(c: CertInfo): boolean {
  return weakSignature(c) || c.signatureAlgorithm.hash === 'rsassa-pss';
}

export default defineCheck({
  id: 'NDES-NET-006',
  slug: 'scep-certificate-strength',
  area: 'endpoint',
  title: 'CA and RA certificates use 2048-bit keys or more; CA certificates are not signed with SHA-1 or RSASSA-PSS',
  severity: 'high',
  requires: ['endpoint'],
  run: ({ endpoint }) =>
    onTarget(endpoint, (t): Outcome => {
      const r = caCertOf(t, 'the RA and CA certificates');
      if (!r.ok) return r.outcome;
      const { source } = r;
      const describe = (c: CertInfo) => `"${c.subject}": ${keyText(c.key)}, signed with ${c.signatureAlgorithm.hash}`;
      const weakKeys = r.certs.all.filter(weakRsaKey);
      // A self-signed root is not exempt: iOS and macOS refuse a SHA-1 or PSS signature on the root too.
      const caSigs = r.certs.all.filter((c) => c.isCA && appleRejects(c));
      const raSigs = r.certs.all.filter((c) => !c.isCA && weakSignature(c));
      const evidence = { expected: `RSA keys of ${MIN_RSA_BITS} bits or more; CA certificates signed with SHA-256 or better (RSA PKCS#1 v1.5 or ECDSA)`, actual: r.certs.all.map(describe).join('; '), source };
      const reissue = {
        text:
          'Reissue the affected certificates from templates with at least 2048-bit keys, and have the CA sign with SHA-256. The commands below run on the issuing CA, not on NDES: ' +
          'they change the hash algorithm for every certificate the CA signs from then on and restart the CA service; existing certificates, including the CA certificate itself, keep their signature until reissued or renewed. ' +
          'Apple and Android reject SHA-1 signed chains and keys under 2048 bits.',
        commands: [cmd('certutil -getreg ca\\csp\\CNGHashAlgorithm'), cmd('certutil -setreg ca\\csp\\CNGHashAlgorithm SHA256'), powershell('Restart-Service certsvc')],
        docs: DOCS.configure,
      };
      if (weakKeys.length > 0) return fail(`Key too small: ${weakKeys.map(describe).join('; ')}.`, reissue, evidence);
      if (caSigs.length > 0) {
        return fail(
          `CA certificate signed with an algorithm iOS and macOS refuse: ${caSigs.map(describe).join('; ')}. Apple devices reject the RA's answer ("The Registration Authority's response is invalid") and SCEP enrollment fails on them.`,
          {
            text:
              'Reissue the root and issuing CA certificates with a SHA256RSA signature (RSA PKCS#1 v1.5, not RSASSA-PSS), on the CA, then put the new CA certificates on the NDES server, ' +
              'reissue the NDES RA certificates from the renewed CA, and update the trusted-certificate profiles in Intune. A CA signs RSASSA-PSS when its AlternateSignatureAlgorithm is 1 (check it with the first command); ' +
              'set it to 0 and the hash to SHA256 before renewing. The commands run on the CA; renewing a root also means distributing the new root to every device.',
            commands: [
              cmd('certutil -getreg ca\\csp\\AlternateSignatureAlgorithm'),
              cmd('certutil -setreg ca\\csp\\AlternateSignatureAlgorithm 0'),
              cmd('certutil -setreg ca\\csp\\CNGHashAlgorithm SHA256'),
              powershell('Restart-Service certsvc'),
              cmd('certutil -renewCert ReuseKeys'),
            ],
            docs: DOCS.iosScep,
          },
          evidence,
        );
      }
      if (raSigs.length > 0) return warn(`SHA-1 (or MD5) signature on an RA certificate: ${raSigs.map(describe).join('; ')}.`, reissue, evidence, 'medium');
      return pass(`Keys and signatures are strong: ${r.certs.all.map(describe).join('; ')}.`, evidence);
    }),
});
