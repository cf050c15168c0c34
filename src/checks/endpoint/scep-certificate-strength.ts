import { defineCheck } from '../../engine/check.js';
import { fail, pass, warn } from '../../engine/outcome.js';
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

export default defineCheck({
  id: 'NDES-NET-006',
  slug: 'scep-certificate-strength',
  area: 'endpoint',
  title: 'CA and RA certificates use 2048-bit keys or more and no SHA-1 signature',
  severity: 'medium',
  requires: ['endpoint'],
  run: ({ endpoint }) =>
    onTarget(endpoint, (t): Outcome => {
      const r = caCertOf(t, 'the RA and CA certificates');
      if (!r.ok) return r.outcome;
      const { source } = r;
      const describe = (c: CertInfo) => `"${c.subject}": ${keyText(c.key)}, signed with ${c.signatureAlgorithm.hash}`;
      const weakKeys = r.certs.all.filter(weakRsaKey);
      // A root's own signature is never checked by clients, so only certificates issued by someone else count.
      const weakSigs = r.certs.all.filter((c) => !c.selfSigned && weakSignature(c));
      const evidence = { expected: `RSA keys of ${MIN_RSA_BITS} bits or more, SHA-256 or better signatures`, actual: r.certs.all.map(describe).join('; '), source };
      const reissue = {
        text:
          'Reissue the affected certificates from templates with at least 2048-bit keys, and have the CA sign with SHA-256. The commands below run on the issuing CA, not on NDES: ' +
          'they change the hash algorithm for every certificate the CA signs from then on and restart the CA service; existing certificates, including the CA certificate itself, keep their signature until reissued or renewed. ' +
          'Apple and Android reject SHA-1 signed chains and keys under 2048 bits.',
        commands: ['certutil -getreg ca\\csp\\CNGHashAlgorithm', 'certutil -setreg ca\\csp\\CNGHashAlgorithm SHA256', 'Restart-Service certsvc'],
        docs: DOCS.configure,
      };
      if (weakKeys.length > 0) return fail(`Key too small: ${weakKeys.map(describe).join('; ')}.`, reissue, evidence);
      if (weakSigs.length > 0) return warn(`SHA-1 (or MD5) signature: ${weakSigs.map(describe).join('; ')}.`, reissue, evidence);
      return pass(`Keys and signatures are strong: ${r.certs.all.map(describe).join('; ')}.`, evidence);
    }),
});
