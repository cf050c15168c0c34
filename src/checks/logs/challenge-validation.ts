import { defineCheck } from '../../engine/check.js';
import { NDES_PROVIDER } from '../../collect/windows/log-artifacts.js';
import { notApplicable } from '../../engine/outcome.js';
import type { ConnectorTextDigest, EventGroup } from '../../facts/log-digests.js';
import type { LogFact } from '../../facts/logs.js';
import type { ConnectorLogOutcome } from '../../parse/connector-text-log.js';
import { conclude, groupsOf, latestData, LOG_DOCS, totalCount, unreadableNotes, type Finding } from './common.js';

/** Seed 001 (Intune SCEP profile docs): the known issue and its two workarounds. */
const CSR_MISMATCH_FIX =
  'Known issue: a subject CN with an escaped + , ; or = (written \\+ \\, \\; \\=) yields a CSR whose subject does not match the challenge, so Intune rejects it. In the SCEP profile\'s Subject name format, put the CN value in quotes (CN="Test User (TestCompany, LLC)") or remove the special character (CN=Test User (TestCompany LLC)); do not escape it with a backslash.';
const EXPIRED_FIX =
  'Intune challenges are valid for 60 minutes; the device gets a new one at its next check-in and retries. Many expiries mean devices reach NDES late: check the server clock (`w32tm /query /status`) and that requests are not queued for long behind a proxy.';
/** Legacy connector only (Microsoft's policy-module article): its registry key and service. */
const SIGNING_FIX =
  'The connector could not load its signing certificate: check that HKLM\\SOFTWARE\\Microsoft\\MicrosoftIntune\\NDESConnector has SigningCertificate, restart the Intune Connector Service (`Restart-Service NDESConnectorSvc`) and, if it stays missing, check the connector\'s connection to Intune.';
/**
 * The same failure in the current connector's 4005: it has neither the NDESConnector key nor NDESConnectorSvc
 * (ms-docs-facts 12.4, 12.5, 12.8). Microsoft documents no signing-certificate value for it; the certificate it
 * holds from Intune is the one EncryptionCertThumbprint names (NDES-TLS-012).
 */
const CONNECTOR_SIGNING_FIX =
  'The Certificate Connector for Microsoft Intune keeps no SigningCertificate value and has no NDESConnectorSvc (those are the legacy connector\'s). Check the certificate it holds from Intune: the one EncryptionCertThumbprint names under HKLM\\SOFTWARE\\Microsoft\\MicrosoftIntune\\PFXCertificateConnector must be in LocalMachine\\My, valid, with its private key (NDES-TLS-012). Restart the connector services (`Restart-Service PFXCertificateConnectorSvc, PkiCreateConnectorSvc`); if the certificate is missing or expired, run the connector configuration again (PFXCertificateConnectorUI.exe) and sign in, which enrolls a new one.';
const UNKNOWN_FIX =
  'Read the event details (Operational log, event 4005): the reason Intune gave. Check that the device is still targeted by the SCEP profile, that every subject/SAN variable is one the device supports, and that the connector is up to date (from 6.2510.3.2002 Intune refuses certificate extensions outside its allow list).';

/** Legacy diagnostic codes of CRP verification (Microsoft's legacy connector code table). */
const LEGACY_CODE_FINDINGS: Record<string, { text: string; severity: Finding['severity']; fix: string }> = {
  '0x00000411': { text: 'challenge expired (0x00000411 CRPSCEPChallenge_Expired)', severity: 'warn', fix: EXPIRED_FIX },
  '0x00000408': {
    text: 'CRP encryption certificate not found (0x00000408 CRPSCEPCert_NotFound)',
    severity: 'fail',
    fix: 'Check the NDES RA certificates (NDES-TLS-010) and the legacy connector installation; reinstall the connector if its certificates are gone.',
  },
  '0x00000409': { text: 'connector signing certificate not found (0x00000409 CRPSCEPSigningCert_NotFound)', severity: 'fail', fix: SIGNING_FIX },
  '0x00000410': {
    text: 'SCEP challenge request could not be deserialized (0x00000410 CRPSCEPDeserialize_Failed)',
    severity: 'fail',
    fix: 'Check the NDES and connector setup: the policy module and the Certificate Registration Point must come from the same connector installation.',
  },
};

const TRACE_FINDINGS: Partial<Record<ConnectorLogOutcome, Omit<Finding, 'count' | 'lastMs' | 'codes'>>> = {
  'csr-subject-mismatch': { text: 'the CSR subject does not match the challenge (escaped special character in the CN)', severity: 'fail', fix: CSR_MISMATCH_FIX },
  'challenge-expired': { text: 'challenge expired', severity: 'warn', fix: EXPIRED_FIX },
  'signing-cert-missing': { text: 'the connector signing certificate could not be retrieved (m_safeCertContext is an invalid handle)', severity: 'fail', fix: SIGNING_FIX },
  'verify-failure': {
    text: 'the Certificate Registration Point rejected the challenge (VerifyRequest returned false)',
    severity: 'fail',
    fix: 'Legacy connector: the reason is in CertificateRegistrationPoint_*.svclog between "VerifyRequest Started." and "VerifyRequest Finished with status False".',
  },
  'crp-forbidden': {
    text: 'the Certificate Registration Point answered 403 Forbidden to the policy module',
    severity: 'fail',
    fix: 'Move intermediate CA certificates out of LocalMachine\\Root (`Get-ChildItem Cert:\\LocalMachine\\Root | Where-Object { $_.Issuer -ne $_.Subject }`) and make sure the NDES client-authentication certificate has the Client Authentication EKU.',
    corroborates: ['NDES-TLS-011'],
  },
  'crp-tls-name': {
    text: 'the policy module could not reach the Certificate Registration Point: TLS name mismatch (WinHTTP 12175, CERT_CN_INVALID)',
    severity: 'fail',
    fix: 'Bind a certificate whose SAN holds the NDES server\'s internal FQDN as well as the external name.',
    corroborates: ['NDES-TLS-005'],
  },
};

/** 4005 groups by the detail the digest found in their data. */
function connectorFinding(g: EventGroup): Finding {
  const base = { count: g.count, lastMs: g.lastMs, codes: ['4005', ...g.latest.codes] };
  if (g.detail === 'csr-subject-mismatch') return { ...base, text: `4005 ScepVerifyFailure: CSR subject and challenge do not match; latest: ${latestData(g)}`, severity: 'fail', fix: CSR_MISMATCH_FIX };
  if (g.detail === 'challenge-expired' || g.detail === '0x00000411') return { ...base, text: '4005 ScepVerifyFailure: challenge expired', severity: 'warn', fix: EXPIRED_FIX };
  if (g.detail === 'signing-cert-missing') {
    return { ...base, text: '4005 ScepVerifyFailure: signing certificate missing', severity: 'fail', fix: CONNECTOR_SIGNING_FIX, corroborates: ['NDES-TLS-012'] };
  }
  return { ...base, text: `4005 ScepVerifyFailure${g.detail ? ` (${g.detail})` : ''}; latest: ${latestData(g)}`, severity: 'fail', fix: UNKNOWN_FIX };
}

function traceFindings(fact: LogFact<ConnectorTextDigest>, file: string): Finding[] {
  if (fact.state !== 'read') return [];
  return Object.entries(fact.digest.outcomes).flatMap(([outcome, o]) => {
    const f = TRACE_FINDINGS[outcome as ConnectorLogOutcome];
    if (!f || !o) return [];
    return [{ ...f, text: `${file}: ${f.text}; latest: "${o.latest}"`, count: o.count, lastMs: o.lastMs, codes: outcome === 'challenge-expired' ? ['0x00000411'] : [] }];
  });
}

export default defineCheck({
  id: 'NDES-LOG-003',
  slug: 'challenge-validation',
  area: 'logs',
  title: 'SCEP challenges pass validation (no CSR mismatch, expired or rejected challenges)',
  severity: 'high',
  requires: ['connectorOperationalLog', 'legacyConnectorLog', 'applicationLog', 'crpSvclog', 'ndesPluginLog'],
  run({ connectorOperationalLog, legacyConnectorLog, applicationLog, crpSvclog, ndesPluginLog }, ctx) {
    const logs = [
      ['Microsoft-Intune-CertificateConnectors/Operational', connectorOperationalLog],
      ['Microsoft Intune Connector (legacy)', legacyConnectorLog],
      ['Application log', applicationLog],
      ['CertificateRegistrationPoint svclog', crpSvclog],
      ['NDESPlugin.log', ndesPluginLog],
    ] as const;
    if (connectorOperationalLog.state === 'absent' && legacyConnectorLog.state === 'absent') {
      return notApplicable('No connector event log exists on this server, so no challenge validation is logged here (NDES-CON-001 says whether a connector is installed).');
    }
    const findings: Finding[] = [
      ...groupsOf(connectorOperationalLog, [4005]).map(connectorFinding),
      ...groupsOf(legacyConnectorLog, [20501, 20502]).map((g): Finding => {
        const known = LEGACY_CODE_FINDINGS[g.detail];
        const label = g.eventId === 20501 ? '20501 CRPVerifyMetric_Warning' : '20502 CRPVerifyMetric_Failure';
        return {
          text: `${label}: ${known?.text ?? `challenge verification failed${g.detail ? ` (${g.detail})` : ''}; latest: ${latestData(g)}`}`,
          count: g.count,
          lastMs: g.lastMs,
          severity: known?.severity ?? 'fail',
          codes: [String(g.eventId), ...(g.detail ? [g.detail] : [])],
          fix: known?.fix ?? UNKNOWN_FIX,
        };
      }),
      ...groupsOf(applicationLog, [29], NDES_PROVIDER).map((g): Finding => ({
        text: 'NDES event 29: a challenge password was wrong or already used',
        count: g.count,
        lastMs: g.lastMs,
        severity: 'warn',
        codes: ['29'],
        fix: 'A device or client sent a wrong or reused NDES challenge; with Intune this points to a client retrying an old request.',
      })),
      ...traceFindings(crpSvclog, 'CertificateRegistrationPoint.svclog'),
      ...traceFindings(ndesPluginLog, 'NDESPlugin.log'),
    ];
    const verified = totalCount(groupsOf(connectorOperationalLog, [4004])) + totalCount(groupsOf(legacyConnectorLog, [20500]));
    // An undated success (NDESPlugin.log lines rarely carry a time, and the collector takes a changed text log whole)
    // may be months old: it shows nothing of validation now, so only traces with a dated success count.
    const success = (fact: LogFact<ConnectorTextDigest>) => (fact.state === 'read' ? fact.digest.outcomes['verify-success'] : undefined);
    const traced = (fact: LogFact<ConnectorTextDigest>) => {
      const s = success(fact);
      return s && !Number.isNaN(s.lastMs) ? s.count : 0;
    };
    const undatedOnly = [crpSvclog, ndesPluginLog].some((f) => success(f) !== undefined && traced(f) === 0);
    const received = totalCount(groupsOf(connectorOperationalLog, [4003])) + traced(crpSvclog) + traced(ndesPluginLog);
    return conclude({
      subject: 'SCEP challenge validation',
      what: 'SCEP challenge validation failed',
      now: ctx.now,
      findings,
      notes: unreadableNotes(logs),
      facts: logs.map(([, f]) => f),
      passMessage: `No challenge validation failure in the logs; ${verified} request(s) verified (4004 ScepVerifySuccess / legacy 20500).`,
      nothingToJudge:
        verified + received === 0
          ? `No SCEP request reached challenge validation in the logs (no connector 4003/4004, legacy 20500, or dated CRP verification): nothing to judge it by.${
              undatedOnly ? ' The legacy connector\'s "Verify challenge returns true" lines carry no time, so they may be older than the log window and show nothing of validation now.' : ''
            }`
          : undefined,
      evidence: { expected: 'no 4005, 20501/20502, NDES 29 or CRP verification failure', actual: `${totalCount(findings)} failure(s), ${verified} verified` },
      docs: findings.some((f) => f.fix === CSR_MISMATCH_FIX) ? LOG_DOCS.scepProfile : LOG_DOCS.policyModule,
    });
  },
});
