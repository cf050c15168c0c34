import { describe, expect, it } from 'vitest';
import caCheck from '../../../src/checks/revocation/ca-certificate-revocation.js';
import raCheck from '../../../src/checks/revocation/ra-certificates-revocation.js';
import tlsCheck from '../../../src/checks/revocation/tls-certificate-revocation.js';
import { judgeVerification, verificationOutcome } from '../../../src/checks/revocation/verify-judge.js';
import { parseCertutilVerify } from '../../../src/parse/certutil-verify.js';
import { decodeText } from '../../../src/parse/text.js';
import { factFrom, readFixture, runCheck } from '../host-facts.js';
import { binding, iis, netsh } from '../tls/tls-facts.js';

const myHealthy = factFrom('certStoreMy', { 'certs.localmachine-my': 'certs/my-healthy.json' });
const myBroken = factFrom('certStoreMy', { 'certs.localmachine-my': 'certs/my-broken.json' });
const verify = (f: string) => factFrom('certVerifications', { 'certutil.verify': `certutil-verify/${f}` });
const runs = (f: string) => parseCertutilVerify(decodeText(readFixture(`certutil-verify/${f}`), 437));
const TLS = '90FE8BD591B3EE4C06F132887A05696267C972E9';
const FIX = { text: 'fix it', commands: [], docs: 'https://example.test/' };
const EV = { expected: 'clean', source: 'certutil/verify-urlfetch.txt' };

describe('judgeVerification: what each verdict carries', () => {
  it('an error carries no tokens; a pass no problems', () => {
    expect(judgeVerification(runs('truncated.txt')[0]!)).toEqual({
      thumbprint: runs('truncated.txt')[0]!.thumbprint,
      level: 'error',
      problems: ['the certutil output was cut short (no exit code line)'],
      tokens: [],
    });
    expect(judgeVerification(runs('no-chain.txt')[0]!)).toMatchObject({ level: 'error', tokens: [] });
    expect(judgeVerification(runs('contoso-healthy.txt')[0]!)).toMatchObject({ level: 'pass', problems: [] });
  });

  it('a trust flag without a class warns even beside tokens that do not fail', () => {
    const j = judgeVerification(runs('other-flag.txt')[0]!);
    expect(j.level).toBe('warn');
    expect(j.tokens).toContain('CERT_TRUST_HAS_NOT_SUPPORTED_CRITICAL_EXT');
  });
});

describe('verificationOutcome across several certificates', () => {
  const healthy = runs('contoso-healthy.txt');
  const warned = runs('other-flag.txt');
  const broken = runs('contoso-broken.txt');

  it('fails on the failing ones only, names the thumbprints, and keeps every token by thumbprint', () => {
    const o = verificationOutcome('RA certificates', [healthy[1]!, broken[0]!, ...warned], FIX, EV);
    expect(o.status).toBe('fail');
    expect(o.message).toBe(`RA certificates: ${judgeVerification(broken[0]!).thumbprint}: ${judgeVerification(broken[0]!).problems.join('; ')}.`);
    expect(o.evidence?.actual).toBe(
      [healthy[1]!, broken[0]!, warned[0]!]
        .map(judgeVerification)
        .map((j) => `${j.thumbprint}: ${j.level === 'pass' ? 'chain and revocation OK' : j.problems.join('; ')}`)
        .join(' | '),
    );
    expect(o.evidence?.actual).toContain(': chain and revocation OK | ');
    expect(Object.keys((o.evidence?.details as { tokens: object }).tokens)).toEqual([healthy[1]!.thumbprint, broken[0]!.thumbprint, warned[0]!.thumbprint]);
    if (o.status === 'fail') expect(o.remediation).toBe(FIX);
  });

  it('warns, with low severity, when the worst is a flag without a class', () => {
    const o = verificationOutcome('RA certificates', [healthy[1]!, ...warned], FIX, EV);
    expect(o).toMatchObject({
      status: 'warn',
      severity: 'low',
      message: `RA certificates: ${warned[0]!.thumbprint}: certutil reported CERT_TRUST_HAS_NOT_SUPPORTED_CRITICAL_EXT.`,
    });
  });

  it('passes, listing every thumbprint, and errors on the first run it cannot judge', () => {
    const o = verificationOutcome('RA certificates', healthy.slice(0, 2), FIX, EV);
    expect(o.message).toBe(`RA certificates: chain built to a trusted root, every CRL/OCSP reachable, nothing revoked (${healthy[0]!.thumbprint}, ${healthy[1]!.thumbprint}).`);
    const cut = runs('truncated.txt');
    expect(verificationOutcome('CA certificate', [...healthy.slice(0, 1), ...cut], FIX, EV)).toEqual({
      status: 'error',
      errorCode: 'E_FACT_MALFORMED',
      message: `CA certificate ${cut[0]!.thumbprint}: the certutil output was cut short (no exit code line)`,
    });
  });
});

describe('the revocation checks: their words and commands', () => {
  it('NDES-REV-001 on a broken RA certificate', async () => {
    const o = await runCheck(raCheck, { certVerifications: verify('contoso-broken.txt'), certStoreMy: myBroken });
    if (o.status !== 'fail') throw new Error(o.status);
    expect(o.remediation).toMatchInlineSnapshot(`
      {
        "commands": [
          {
            "shell": "cmd",
            "text": "certutil -verify -urlfetch <RA certificate>.cer",
          },
          {
            "shell": "cmd",
            "text": "certutil -URLCache CRL delete",
          },
          {
            "shell": "cmd",
            "text": "iisreset",
          },
        ],
        "docs": "https://learn.microsoft.com/windows-server/administration/windows-commands/certutil#-verify",
        "text": "NDES refuses RA certificates it cannot check for revocation: it does not start (events 2 and 10) and devices get HTTP 500. Make every CDP and AIA URL in the chain reachable from this server (as SYSTEM and as the pool account; check proxy and firewall), publish a fresh CRL on the CA when one has expired (certutil -crl on the CA), and replace any revoked or expired certificate. Re-run the verification to confirm.",
      }
    `);
    expect(o.evidence).toMatchObject({ expected: 'no CERT_TRUST_* error and no revocation HRESULT for each RA certificate', codes: ['500', 'Event 2', 'Event 10'] });
  });

  it('NDES-REV-001 without RA certificates', async () => {
    expect((await runCheck(raCheck, { certVerifications: verify('qa-partial-offline.txt'), certStoreMy: { ...myHealthy, certs: [] } })).message).toMatchInlineSnapshot(`"No RA certificate (Certificate Request Agent EKU, with a private key) was found to verify; NDES-TLS-010 reports missing RA certificates."`);
  });

  it('NDES-REV-002 judges only the bound certificate: the failing RA certificates beside it do not count', async () => {
    const o = await runCheck(tlsCheck, { certVerifications: verify('contoso-broken.txt'), iisConfig: iis([binding('*:443:')]), sslBindings: netsh([['0.0.0.0:443', '88812EAFD17D5DB391DD0C4BD60A7335E7D19316']]) });
    expect(o).toMatchInlineSnapshot(`
      {
        "evidence": {
          "actual": "88812EAFD17D5DB391DD0C4BD60A7335E7D19316: chain and revocation OK",
          "details": {
            "tokens": {
              "88812EAFD17D5DB391DD0C4BD60A7335E7D19316": [],
            },
          },
          "expected": "no CERT_TRUST_* error and no revocation HRESULT",
          "source": "certutil-verify/contoso-broken.txt, tls/netsh-sslcert.txt",
        },
        "message": "TLS certificate: chain built to a trusted root, every CRL/OCSP reachable, nothing revoked (88812EAFD17D5DB391DD0C4BD60A7335E7D19316).",
        "status": "pass",
      }
    `);
  });

  it('NDES-REV-002 on an untrusted TLS chain', async () => {
    const o = await runCheck(tlsCheck, { certVerifications: verify('untrusted-root.txt'), iisConfig: iis([binding('*:443:')]), sslBindings: netsh([['0.0.0.0:443', TLS]]) });
    if (o.status !== 'fail') throw new Error(o.status);
    expect(o.remediation).toMatchInlineSnapshot(`
      {
        "commands": [
          {
            "shell": "cmd",
            "text": "certutil -verify -urlfetch <TLS certificate>.cer",
          },
          {
            "shell": "cmd",
            "text": "certutil -URLCache CRL delete",
          },
        ],
        "docs": "https://learn.microsoft.com/windows-server/administration/windows-commands/certutil#-verify",
        "text": "Devices and the Intune connector check this chain too, and reject it when its CRL is unreachable or a certificate is revoked. Make every CDP and AIA URL in the chain reachable from this server (as SYSTEM and as the pool account; check proxy and firewall), publish a fresh CRL on the CA when one has expired (certutil -crl on the CA), and replace any revoked or expired certificate. Re-run the verification to confirm.",
      }
    `);
  });

  it('NDES-REV-002 skips without a binding and errors on a certificate never verified', async () => {
    expect((await runCheck(tlsCheck, { certVerifications: verify('contoso-healthy.txt'), iisConfig: iis([]), sslBindings: netsh([]) })).message).toMatchInlineSnapshot(`"No HTTP.sys certificate binding serves the NDES site (see NDES-TLS-001)."`);
    const o = await runCheck(tlsCheck, { certVerifications: verify('contoso-healthy.txt'), iisConfig: iis([binding('*:443:')]), sslBindings: netsh([['0.0.0.0:443', 'A'.repeat(40)]]) });
    expect(o.message).toMatchInlineSnapshot(`"certutil-verify/contoso-healthy.txt has no verification of the bound certificate AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA: it is not in LocalMachine\\My with a private key and the Server Authentication EKU (see NDES-TLS-002, NDES-TLS-003)."`);
  });

  it('NDES-REV-003 on a CA certificate that fails and one never fetched', async () => {
    const revokedCa = { runs: runs('revoked.txt').map((r) => ({ ...r, role: 'ca' as const })), source: 'certutil/verify-urlfetch.txt' };
    const o = await runCheck(caCheck, { certVerifications: revokedCa });
    expect(o).toMatchInlineSnapshot(`
      {
        "evidence": {
          "actual": "884076BFAC5000108A0BB86C4FB64BED0AD82992: revoked",
          "details": {
            "tokens": {
              "884076BFAC5000108A0BB86C4FB64BED0AD82992": [
                "CERT_TRUST_IS_REVOKED",
                "CRYPT_E_REVOKED",
              ],
            },
          },
          "expected": "no CERT_TRUST_* error and no revocation HRESULT",
          "source": "certutil/verify-urlfetch.txt",
        },
        "message": "CA certificate: 884076BFAC5000108A0BB86C4FB64BED0AD82992: revoked.",
        "remediation": {
          "commands": [
            {
              "shell": "cmd",
              "text": "certutil -config "<CAHost>\\<CA Name>" -ca.cert ca.cer",
            },
            {
              "shell": "cmd",
              "text": "certutil -verify -urlfetch ca.cer",
            },
          ],
          "docs": "https://learn.microsoft.com/windows-server/administration/windows-commands/certutil#-verify",
          "text": "Every certificate NDES hands out chains through this one; when its own revocation cannot be checked, the RA certificates fail too. Make every CDP and AIA URL in the chain reachable from this server (as SYSTEM and as the pool account; check proxy and firewall), publish a fresh CRL on the CA when one has expired (certutil -crl on the CA), and replace any revoked or expired certificate. Re-run the verification to confirm.",
        },
        "severity": undefined,
        "status": "fail",
      }
    `);
    expect((await runCheck(caCheck, { certVerifications: verify('contoso-broken.txt') })).message).toMatchInlineSnapshot(`"certutil-verify/contoso-broken.txt has no verification of the CA certificate: certutil -config <MSCEP CAInfo> -ca.cert could not fetch it (see NDES-CA-001)."`);
  });
});
