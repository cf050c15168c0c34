import { defineCheck } from '../../engine/check.js';
import { cmd, fail, pass } from '../../engine/outcome.js';
import { weakSignature } from '../../parse/x509.js';
import { DOCS } from './common.js';
import { IIS_BINDING_COMMANDS, onTls } from './tls-common.js';

/** OpenSSL verification codes that mean "the issuer of the last certificate sent is not in the trust store". */
const MISSING_INTERMEDIATE = new Set(['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT']);
const NAME_ONLY = 'ERR_TLS_CERT_ALTNAME_INVALID';

export default defineCheck({
  id: 'NDES-NET-008',
  slug: 'endpoint-tls-chain-trusted',
  area: 'endpoint',
  title: 'The TLS certificate chains to a trusted root',
  severity: 'critical',
  requires: ['endpoint'],
  run: ({ endpoint }) =>
    onTls(endpoint, ({ handshake: h, leaf, chain, source, target }) => {
      const trustedBy = h.extraCaFile ? `the system roots plus ${h.extraCaFile}` : 'the system roots';
      const evidence = {
        expected: `a chain to ${trustedBy}`,
        actual: h.authorized || h.authorizationError === NAME_ONLY ? 'trusted' : `${h.authorizationError ?? 'not trusted'}; sent: ${chain.map((c) => `"${c.subject}"`).join(' <- ')}`,
        source,
        details: { chain: chain.map((c) => ({ subject: c.subject, issuer: c.issuer, sha256: c.sha256 })) },
      };
      if (h.authorized || h.authorizationError === NAME_ONLY) {
        return pass(`The certificate of ${target.host} chains to ${trustedBy}.`, evidence);
      }
      const code = h.authorizationError ?? 'unknown';
      const base = {
        commands: IIS_BINDING_COMMANDS,
        docs: DOCS.configure,
      };
      if (leaf.selfSigned || code === 'DEPTH_ZERO_SELF_SIGNED_CERT') {
        return fail(
          `${target.host} presents a self-signed certificate ("${leaf.subject}"): devices do not trust it and refuse to connect.`,
          { ...base, text: 'Bind a certificate issued by a CA the devices trust (a public CA for devices on the internet, or your enterprise CA deployed with a trusted-certificate profile) to the NDES https binding in IIS.' },
          evidence,
        );
      }
      if (code === 'CERT_HAS_EXPIRED') {
        // NDES-NET-011 judges the server's own certificate only: an expired CA certificate is named here.
        const at = Date.parse(target.startedAt);
        const expired = [
          ...(leaf.notAfter.getTime() < at ? [`the server certificate "${leaf.subject}" (see NDES-NET-011)`] : []),
          ...chain.slice(1).filter((c) => c.notAfter.getTime() < at).map((c) => `the CA certificate "${c.subject}" (expired ${c.notAfter.toISOString().slice(0, 10)})`),
        ];
        return fail(
          `The TLS certificate chain of ${target.host} holds an expired certificate (${code}): ${expired.join(' and ') || 'a CA certificate the server does not send'}.`,
          { ...base, text: 'Renew the expired certificate; for an intermediate CA, install its renewed certificate in the Intermediate Certification Authorities store of the NDES server and restart IIS, so the new chain is sent. Then check the IIS https binding.' },
          evidence,
        );
      }
      // OpenSSL 3 refuses SHA-1 and MD5 signatures in a chain (reported as UNSPECIFIED or CA_MD_TOO_WEAK), as Apple and Android do.
      const weak = chain.filter((c) => !c.selfSigned && weakSignature(c));
      if (weak.length > 0 && (code === 'UNSPECIFIED' || code === 'CA_MD_TOO_WEAK')) {
        return fail(
          `The TLS certificate chain of ${target.host} is refused for its signature (${code}): ${weak.map((c) => `"${c.subject}" is signed with ${c.signatureAlgorithm.hash}`).join('; ')}. TLS clients, Apple and Android devices among them, refuse SHA-1 and MD5 signatures.`,
          { ...base, text: 'Reissue the certificate from a CA that signs with SHA-256 (NDES-TLS-006 shows the bound certificate) and bind the new one to the NDES https site.' },
          evidence,
        );
      }
      // The chain as built ends in a root that was sent but is not trusted, or in a certificate whose issuer is neither sent nor trusted.
      const top = chain[chain.length - 1]!;
      const endsInRoot = code === 'SELF_SIGNED_CERT_IN_CHAIN';
      const missingIssuer = MISSING_INTERMEDIATE.has(code);
      if ((endsInRoot || missingIssuer) && !h.extraCaFile) {
        // What devices trust here is a private root, given to them by a trusted-certificate profile: without it, ndes-doctor cannot judge.
        const what = endsInRoot
          ? `ends in the private root "${top.subject}", which is not among the system roots`
          : chain.length > 1
            ? `ends in "${top.subject}", issued by "${top.issuer}", which is neither sent nor among the system roots: a private root`
            : `is issued by "${leaf.issuer}", which the server does not send and which is not among the system roots: either a private root, or an intermediate CA the server should send`;
        return {
          status: 'skip',
          skipReason: 'no-data',
          message: `The certificate chain of ${target.host} ${what}. Devices trust a private root only through a trusted-certificate profile; run again with --ca-file <root.pem> (that root's certificate) to verify the chain as such a device does.`,
          evidence,
        };
      }
      if (missingIssuer && chain.length === 1) {
        return fail(
          `${target.host} sends only its own certificate, without the intermediate CA certificate(s) (${code}): its issuer "${leaf.issuer}" is neither sent nor among ${trustedBy}. Clients that do not fetch missing intermediates (Android, many SCEP clients) cannot build the chain; if "${leaf.issuer}" is itself a root, put it in ${h.extraCaFile}.`,
          { ...base, text: 'Install the intermediate CA certificates in the Intermediate Certification Authorities store of the NDES server (and in any load balancer or proxy that terminates TLS), then restart IIS so the full chain is sent. Replace <intermediate-ca>.cer with the exported intermediate certificate.', commands: [cmd('certutil -addstore CA <intermediate-ca>.cer'), cmd('iisreset'), ...IIS_BINDING_COMMANDS] },
          evidence,
        );
      }
      if (endsInRoot || missingIssuer) {
        const root = endsInRoot ? top.subject : top.issuer;
        return fail(
          `The certificate chain of ${target.host} ends in "${root}", which is not among ${trustedBy} (${code}): devices that trust only those roots refuse the connection.`,
          { ...base, text: `Deploy "${root}" to the devices with a trusted-certificate profile (and to ${h.extraCaFile} if that is where you keep what they trust), or bind a certificate from a CA they already trust.` },
          evidence,
        );
      }
      return fail(
        `The TLS certificate of ${target.host} is not trusted (${code}) by ${trustedBy}. Devices check the chain against their own trust store; if this CA is private, pass its certificate with --ca-file to check as a managed device would.`,
        { ...base, text: 'Use a certificate from a CA the devices trust, deploy that root to the devices with a trusted-certificate profile, and make sure the server sends the whole chain.' },
        evidence,
      );
    }),
});
