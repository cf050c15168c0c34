import { defineCheck } from '../../engine/check.js';
import { fail, pass, warn } from '../../engine/outcome.js';
import { MIN_RSA_BITS, weakRsaKey, weakSignature, type CertInfo } from '../../parse/x509.js';
import { describeCert, DOCS, onBoundCerts, REISSUE_AND_BIND } from './binding.js';

function keyText(cert: CertInfo): string {
  const k = cert.key;
  return k.type === 'RSA' ? `RSA ${k.bits} bits` : k.type === 'EC' ? `EC ${k.curve}` : `key algorithm ${k.algorithmOid}`;
}

export default defineCheck({
  id: 'NDES-TLS-006',
  slug: 'tls-certificate-strength',
  area: 'tls',
  title: 'The bound certificate is CA-issued, with an RSA key of 2048 bits or more and a SHA-2 signature',
  severity: 'medium',
  dependsOn: ['NDES-TLS-002'],
  requires: ['iisConfig', 'sslBindings', 'certStoreMy'],
  run(facts) {
    return onBoundCerts(facts, (certs) => {
      const source = facts.certStoreMy.source;
      const failures: string[] = [];
      const warnings: string[] = [];
      for (const c of certs) {
        const cert = c.cert.cert;
        if (cert.selfIssued) failures.push(`${describeCert(c.cert)} is self-signed (issuer = subject)`);
        if (cert.key.type === 'RSA' && weakRsaKey(cert)) failures.push(`${describeCert(c.cert)} has an RSA key of ${cert.key.bits} bits`);
        if (cert.key.type === 'other') warnings.push(`${describeCert(c.cert)} uses ${keyText(cert)}, which devices may not support`);
        if (weakSignature(cert)) warnings.push(`${describeCert(c.cert)} is signed with ${cert.signatureAlgorithm.name}`);
      }
      const remediation = {
        text:
          'Issue the NDES server certificate from the enterprise CA (a template based on Web Server) with an RSA key of at least ' +
          '2048 bits and a SHA-256 signature, then bind it. Devices do not trust a self-signed certificate, and Apple ' +
          'devices reject RSA keys under 2048 bits and SHA-1 signatures. A SHA-1 signature comes from the CA: change the CA ' +
          'hash algorithm (certutil -setreg ca\\csp\\CNGHashAlgorithm SHA256 on the CA, then restart certsvc) before reissuing. ' +
          'The commands below are for PowerShell on the NDES server: replace the <placeholders>; the second swaps the certificate on the https binding.',
        commands: REISSUE_AND_BIND,
        docs: DOCS.scepConfigure,
      };
      const expected = `issued by a CA, RSA >= ${MIN_RSA_BITS} bits or EC, SHA-2 signature`;
      if (failures.length > 0) {
        return fail(`The certificate bound to NDES is not acceptable to devices: ${[...failures, ...warnings].join('; ')}.`, remediation, {
          expected,
          actual: [...failures, ...warnings].join('; '),
          source,
        });
      }
      if (warnings.length > 0) {
        return warn(`The certificate bound to NDES uses weak or unusual algorithms: ${warnings.join('; ')}.`, remediation, {
          expected,
          actual: warnings.join('; '),
          source,
        });
      }
      const actual = certs.map((c) => `${describeCert(c.cert)}: ${keyText(c.cert.cert)}, ${c.cert.cert.signatureAlgorithm.name}, issued by ${c.cert.cert.issuer}`).join('; ');
      return pass(`The bound certificate is CA-issued with a strong key and signature: ${actual}.`, { expected, actual, source });
    });
  },
});
